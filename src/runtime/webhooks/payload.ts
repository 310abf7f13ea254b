import type { CrmChange, CrmEntity } from "../../store/change-feed.js";
import type { SharedPayload } from "../../store/webhook-deliveries.js";
import { SUPEROFFICE_COLUMNS } from "../../store/superoffice-columns.js";
import { offsetMinutesAt, fromStoreDateTime, utcToWallTime } from "../../shared/time-zone.js";

/**
 * What a webhook POST carries (webhooks.md §6, §8): the event names a CRM change raises, and the JSON body
 * with its members in SuperOffice's order. Pure functions; the body text built here is stored in the
 * queue and sent, byte for byte, on every attempt.
 */

/** Webhooks name appointments `activity`, and list items `list.{list name or id}` (webhooks.md §8). */
export const webhookEntity = (entity: CrmEntity, list?: string): string => (entity === "appointment" ? "activity" : entity === "list" ? `list.${list ?? ""}` : entity);

/**
 * The events one change raises. A soft delete exists for contacts and persons only; an undelete brings the
 * row back and is reported as `changed` (INFERRED). A sale's status change also raises `sale.sold` or
 * `sale.lost`, and `sale.completed` whenever it leaves Open for a closed status (INFERRED: the docs name the
 * events, not the rule).
 */
export function eventsFor(change: CrmChange): string[] {
  const entity = webhookEntity(change.entity, change.list);
  switch (change.kind) {
    case "created":
      return [`${entity}.created`];
    case "deleted":
      return [`${entity}.deleted`];
    case "softdeleted":
      return change.entity === "contact" || change.entity === "person" || change.entity === "list" ? [`${entity}.softdeleted`] : [];
    case "undeleted":
      return [`${entity}.changed`];
    case "edited":
      return [`${entity}.edited`];
    case "changed": {
      const events = [`${entity}.changed`];
      const to = change.status?.to;
      if (change.entity === "sale" && to && change.status?.from !== to) {
        if (to === "Sold") events.push("sale.sold");
        if (to === "Lost") events.push("sale.lost");
        if (change.status?.from === "Open" && (to === "Sold" || to === "Lost" || to === "Stalled")) events.push("sale.completed");
      }
      return events;
    }
  }
}

/** FieldValues keys per entity (webhooks.md §8, the four entities the emulator has). */
const CONTACT_FIELDS = ["activeInterests", "associate_id", "business_idx", "category_idx", "country_id", "deleted", "DeletedDate", "registered", "registered_associate_id", "source", "updated", "userdef2_id", "userdef_id"];
const FIELD_VALUES: Record<CrmEntity, string[]> = {
  contact: CONTACT_FIELDS,
  // The contact's fields and the person's own, in the order a localeCompare sort gives; written out, because
  // that sort at module load started ICU's collator (~9 ms of every start, issue #19).
  person: ["activeInterests", "associate_id", "business_idx", "category_idx", "contact_id", "country_id", "deleted", "DeletedDate", "group_id", "person_id", "position_idx", "registered", "registered_associate_id", "retired", "source", "updated", "updated_associate_id", "userdef_id", "userdef2_id"],
  appointment: ["activeDate", "associate_id", "contact_id", "do_by", "document_id", "endDate", "modified_appointment_fields", "mother_id", "person_id", "private", "project_id", "sale_id", "status", "task_idx", "type", "updated", "userdef2_id", "userdef_id"],
  sale: ["activeLinks", "appointment_id", "associate_id", "comptr_id", "contact_id", "credited_id", "currency_id", "done", "group_idx", "person_id", "probability_idx", "project_id", "reason_id", "reasonSold_id", "reasonStalled_id", "registered", "registered_associate_id", "saleTypeCat_id", "saleType_id", "saledate", "source_id", "status", "updated", "updated_associate_id", "userdef2_id", "userdef_id"],
  // Projects, project members and documents (issue #16; projectmember fields per SuperOffice's event reference).
  project: ["associate_id", "done", "endDate", "project_id", "registered", "registered_associate_id", "status_idx", "type_idx", "updated", "updated_associate_id"],
  projectmember: ["contact_id", "mtype_idx", "person_id", "project_id", "projectmember_id", "registered", "registered_associate_id", "updated", "updated_associate_id"],
  document: ["associate_id", "contact_id", "document_id", "person_id", "project_id", "registered", "registered_associate_id", "sale_id", "updated", "updated_associate_id"],
  // List events carry no values (webhooks.md §8: FieldValues `{}`).
  list: [],
};
/** Values on `deleted` (sale: CONFLICT in the docs; sale_id is taken, as the reference index shows). */
const DELETED_VALUES: Record<CrmEntity, string[]> = {
  contact: ["associate_id", "contact_id"],
  person: ["associate_id", "contact_id", "person_id"],
  appointment: ["appointment_id", "contact_id", "person_id", "project_id", "sale_id"],
  sale: ["sale_id", "contact_id", "person_id", "project_id"],
  project: ["project_id", "associate_id"],
  projectmember: ["projectmember_id", "project_id", "contact_id", "person_id"],
  document: ["document_id", "contact_id", "person_id", "project_id", "sale_id"],
  list: [],
};
const DATE_FIELDS = new Set(["registered", "updated", "DeletedDate", "activeDate", "do_by", "endDate", "saledate"]);
const EMPTY = "0001-01-01T00:00:00";

/** The emulator's column holding each SuperOffice column, per entity (the inverse of superoffice-columns.ts). */
const SOURCE: Record<CrmEntity, Map<string, string>> = Object.fromEntries(
  (Object.keys(SUPEROFFICE_COLUMNS) as CrmEntity[]).map((e) => [e, new Map(Object.entries(SUPEROFFICE_COLUMNS[e]).filter(([, so]) => so !== null).map(([own, so]) => [so!, own]))]),
) as Record<CrmEntity, Map<string, string>>;

/** `updated` style: local wall time, 7 fractional digits, the tenant's offset (webhooks.md §8). */
function localWithOffset(utc: string, timeZone: string): string {
  const minutes = offsetMinutesAt(fromStoreDateTime(utc), timeZone);
  const abs = Math.abs(minutes);
  return `${utcToWallTime(utc, timeZone)}.0000000${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function fieldValue(change: CrmChange, key: string, timeZone: string): string | number | boolean {
  const row = change.row;
  if (change.entity === "contact" || change.entity === "person") {
    if (key === "deleted") return row.deleted_date ? 1 : 0;
    if (key === "DeletedDate") return row.deleted_date ? utcToWallTime(String(row.deleted_date), timeZone) : EMPTY;
  }
  if (key === "activeDate") return fieldValue(change, "do_by", timeZone);
  const own = SOURCE[change.entity].get(key) ?? (key in row ? key : undefined);
  const value = own === undefined ? null : row[own];
  if (DATE_FIELDS.has(key)) {
    if (value === null || value === undefined || value === "") return EMPTY;
    const utc = String(value).length === 10 ? `${value}T00:00:00` : String(value);
    return key === "updated" ? localWithOffset(utc, timeZone) : utcToWallTime(utc, timeZone);
  }
  if (value === null || value === undefined) return /(_id|_idx|^type|^status|Links|Interests|^source|^private|^done|^retired)$/.test(key) ? 0 : "";
  return value;
}

export function fieldValuesOf(change: CrmChange, timeZone: string): Record<string, unknown> {
  return Object.fromEntries(FIELD_VALUES[change.entity].map((k) => [k, fieldValue(change, k, timeZone)]));
}

export function deletedValuesOf(change: CrmChange, timeZone: string): Record<string, unknown> {
  return Object.fromEntries(DELETED_VALUES[change.entity].map((k) => [k, fieldValue(change, k, timeZone)]));
}

/**
 * SuperOffice's Timestamp: UTC with 7 fractional digits. toISOString always ends in `.sssZ`, so the four
 * zeros go before the Z by slicing (a regular-expression replace cost about 5 µs of every event).
 */
export const webhookTimestamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, -1)}0000Z`;

export interface Payload {
  eventId: string;
  at: number;
  changes: string[];
  event: string;
  primaryKey: number;
  /** Absent on webhook state events (the sample has no Entity member). */
  entity?: string | undefined;
  contextIdentifier: string;
  changedByAssociateId: number;
  webhookName: string | null;
  fieldValues?: Record<string, unknown> | undefined;
  values?: Record<string, unknown> | undefined;
  /** The webhook's Properties: extra top-level members (INFERRED placement); never replace SuperOffice's own. */
  properties?: Record<string, unknown> | null | undefined;
}

/** What differs between the bodies of one event sent to several hooks. */
export type PerHook = Pick<Payload, "eventId" | "webhookName" | "properties">;

/**
 * The JSON body, members in the order of every SuperOffice sample, as the parts one event's hooks share and
 * the parts each hook has of its own: one change can go to many hooks, and its values are serialised once,
 * not once per hook, and stored once (schema v24; issue #19). `webhookBody` puts them together.
 */
export function payloadParts(p: Omit<Payload, keyof PerHook>): SharedPayload & { own: (hook: Omit<PerHook, "eventId">) => { webhookName: string; properties: string } } {
  const middle: Record<string, unknown> = { Timestamp: webhookTimestamp(p.at), Changes: p.changes, Event: p.event, PrimaryKey: p.primaryKey };
  if (p.entity !== undefined) middle.Entity = p.entity;
  middle.ContextIdentifier = p.contextIdentifier;
  middle.ChangedByAssociateId = p.changedByAssociateId;
  const values: Record<string, unknown> = {};
  if (p.fieldValues !== undefined) values.FieldValues = p.fieldValues;
  if (p.values !== undefined) values.Values = p.values;
  // The members' text without the braces: `"Timestamp":…,"ChangedByAssociateId":1` and `,"FieldValues":{…}`.
  const middleText = JSON.stringify(middle).slice(1, -1);
  const tail = Object.keys(values).length > 0 ? `,${JSON.stringify(values).slice(1, -1)}` : "";
  const reserved = new Set(["EventId", "WebhookName", ...Object.keys(middle), ...Object.keys(values)]);
  return {
    middle: middleText,
    tail,
    own: ({ webhookName, properties }) => {
      let extra = "";
      for (const [k, v] of Object.entries(properties ?? {})) if (!reserved.has(k) && v !== undefined) extra += `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
      return { webhookName: JSON.stringify(webhookName), properties: extra };
    },
  };
}

/** The whole body from its parts; the store's webhook_delivery_rows view puts shared bodies together the same way. */
export function webhookBody(eventId: string, shared: SharedPayload, own: { webhookName: string; properties: string }): string {
  return `{"EventId":${JSON.stringify(eventId)},${shared.middle},"WebhookName":${own.webhookName}${shared.tail}${own.properties}}`;
}

/** The body as a function of what differs per hook. */
export function payloadTemplate(p: Omit<Payload, keyof PerHook>): (hook: PerHook) => string {
  const parts = payloadParts(p);
  return (hook) => webhookBody(hook.eventId, parts, parts.own(hook));
}

/** The JSON body of one delivery. */
export const payloadJson = (p: Payload): string => payloadTemplate(p)(p);
