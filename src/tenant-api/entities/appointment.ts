import { badRequest } from "../../http/superoffice-error.js";
import type { AppointmentRow, CrmValues } from "../../store/crm.js";
import { fromStoreDateTime, toStoreDateTime } from "../../shared/time-zone.js";
import { carrier, FULL_TABLE_RIGHT, type Carrier } from "../carriers/carrier.js";
import { asBool, asDuration, asEnum, asInt, asString, formatDuration, has, member, type Json } from "../json/lenient.js";
import { own } from "../../shared/own.js";
import { defaultRow, unsavedStamps } from "./entity-pipeline.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";
import { projectSummary } from "./project-summaries.js";
import { checkPersonOfContact, readEnums, readReferences, readScalars, type ReferenceSpec } from "./read-helpers.js";
import { appointmentSummaryOf, saleSummaryOf } from "./summaries.js";

/** AppointmentEntity (netserver.md §6.4): a diary entry owned by an associate; hard-deleted (§10). */
const REFERENCES: readonly ReferenceSpec[] = [
  { member: "Project", column: "project_id", idNames: ["ProjectId", "Id"], target: { kind: "row", table: "projects", idColumn: "project_id" } },
  { member: "Associate", column: "associate_id", idNames: ["AssociateId", "Id"], target: { kind: "associate" } },
  { member: "Contact", column: "contact_id", idNames: ["ContactId", "Id"], target: { kind: "row", table: "contacts", idColumn: "contact_id" } },
  { member: "Person", column: "person_id", idNames: ["PersonId", "Id"], target: { kind: "row", table: "persons", idColumn: "person_id" } },
  { member: "Sale", column: "sale_id", idNames: ["SaleId", "Id"], target: { kind: "row", table: "sales", idColumn: "sale_id" } },
  { member: "Task", column: "task_id", idNames: ["TaskListItemId", "Id"], target: { kind: "list", list: "task" } },
];

const HOUR = 3_600_000;

export const appointmentDescription: EntityDescription<"appointments"> = {
  name: "Appointment",
  table: "appointments",
  idColumn: "appointment_id",
  idMember: "AppointmentId",
  sequence: "appointment",
  softDelete: false,

  show(row, env) {
    const { refs, dates } = env;
    const sale = typeof row.sale_id === "number" ? env.crm.get("sales", "sale_id", env.tenant.contextIdentifier, row.sale_id) : undefined;
    return carrier("AppointmentEntity", {
      Associate: refs.associate(row.associate_id),
      Contact: refs.contactSummary(row.contact_id),
      CreatedBy: refs.associate(row.created_by),
      UpdatedBy: refs.associate(row.updated_by),
      CreatedDate: dates.showUtc(row.created_date),
      AppointmentId: row.appointment_id,
      Description: row.description,
      Title: row.title,
      Agenda: row.agenda,
      InternalNotes: row.internal_notes,
      StartDate: dates.show(row.start_date),
      EndDate: dates.show(row.end_date),
      Person: refs.personSummary(row.person_id),
      Project: projectSummary(row.project_id, env),
      Private: row.private,
      Type: row.type,
      UpdatedDate: dates.showUtc(row.updated_date),
      Completed: row.completed,
      AlarmLeadTime: formatDuration(row.alarm_lead_seconds),
      HasAlarm: row.has_alarm === 1,
      IsFree: row.is_free === 1,
      IsAlldayEvent: row.is_allday === 1,
      Location: row.location,
      // A single appointment as NetServer shows one (netserver.md §6.4): not recurring, visible to all,
      // published until the far future, its owner as the one participant. Apps read these without checks.
      Recurrence: carrier("RecurrenceInfo", { StartDate: dates.show(row.start_date), EndDate: dates.show(row.end_date), IsRecurrence: false }),
      Participants: ownerAsParticipant(row, env),
      VisibleFor: [carrier("VisibleFor", { VisibleId: 0, Visibility: "All", DisplayValue: "[SR_VFC_ALL]", TableRight: null, FieldProperties: {} })],
      PublishTo: FAR_FUTURE,
      // "The date to be used for searching & showing": the start, for diary entries.
      ActiveDate: dates.show(row.start_date),
      Task: refs.task(row.task_id),
      Sale: sale ? saleSummaryOf(sale, env) : null,
      TableRight: FULL_TABLE_RIGHT,
      FieldProperties: {},
    });
  },

  summary: (row, env) => appointmentSummaryOf(row, env),

  defaults(env, id) {
    const { start, end } = defaultTimes(env);
    return Object.assign(unsavedStamps(env), {
      appointment_id: id,
      project_id: null,
      associate_id: env.principal.associateId,
      contact_id: null,
      person_id: null,
      sale_id: null,
      task_id: env.crm.listItems(env.tenant.contextIdentifier, "task")[0]?.item_id ?? null,
      type: "inDiary",
      title: "",
      agenda: "",
      internal_notes: "",
      description: "",
      location: "",
      start_date: start,
      end_date: end,
      is_allday: 0,
      is_free: 0,
      private: "Public",
      completed: "NotStarted",
      alarm_lead_seconds: 0,
      has_alarm: 0,
    });
  },

  read(input, env, existing) {
    const out: CrmValues = Object.assign(
      readScalars(input, [
        ["Title", "title", asString],
        ["Agenda", "agenda", asString],
        ["InternalNotes", "internal_notes", asString],
        ["Description", "description", asString],
        ["Location", "location", asString],
        ["IsAlldayEvent", "is_allday", (v, f) => (asBool(v, f) ? 1 : 0)],
        ["IsFree", "is_free", (v, f) => (asBool(v, f) ? 1 : 0)],
        ["HasAlarm", "has_alarm", (v, f) => (asBool(v, f) ? 1 : 0)],
        ["AlarmLeadTime", "alarm_lead_seconds", asDuration],
      ]),
      readReferences(input, env, REFERENCES),
      readEnums(input, "AppointmentEntity", [
        ["Type", "type"],
        ["Private", "private"],
        ["Completed", "completed"],
      ]),
      readTimes(input, env, existing),
    );
    // The diary needs an owner (NOT NULL): an empty Associate keeps the current one, or the signed-in user.
    if ("associate_id" in out && out.associate_id === null) delete out.associate_id;
    checkPersonOfContact(input, env, existing, out);
    return out;
  },

  agentMethods: [
    { name: "CreateDefaultAppointmentEntityByType", run: (args, env) => defaultOfType(args, env) },
    {
      name: "CreateDefaultAppointmentEntityByTypeAndAssociate",
      run: (args, env) => {
        const associateId = asInt(args.value("AssociateId"), "AssociateId");
        if (!env.crm.associate(env.tenant.contextIdentifier, associateId)) throw badRequest(`AssociateId: no associate ${associateId} in ${env.tenant.contextIdentifier}`);
        return Object.assign(defaultOfType(args, env), { associate_id: associateId });
      },
    },
  ],

  /** A sale pointing at this appointment keeps existing, without the link (§10). */
  cascadeDelete(row, env) {
    env.crm.clearReferences("sales", "appointment_id", env.tenant.contextIdentifier, row.appointment_id, env.principal.associateId);
  },
};

/** Now, rounded up to the next half hour, for an hour: what a new diary entry proposes. */
function defaultTimes(env: EntityEnv): { start: string; end: string } {
  const now = fromStoreDateTime(env.now);
  const start = Math.ceil(now / (HOUR / 2)) * (HOUR / 2);
  return { start: toStoreDateTime(start), end: toStoreDateTime(start + HOUR) };
}

/**
 * Start and end as stored UTC. An empty date keeps the current one (the columns are NOT NULL); moving
 * only the start keeps the duration, as the diary does; an end before the start is a 400.
 */
function readTimes(input: Json, env: EntityEnv, existing: CrmValues | undefined): CrmValues {
  const sentStart = has(input, "StartDate") ? env.dates.read(member(input, "StartDate"), "StartDate") : null;
  const sentEnd = has(input, "EndDate") ? env.dates.read(member(input, "EndDate"), "EndDate") : null;
  if (sentStart === null && sentEnd === null) return {};
  const current = existing ? { start: String(existing.start_date), end: String(existing.end_date) } : defaultTimes(env);
  const start = sentStart ?? current.start;
  const end = sentEnd ?? toStoreDateTime(fromStoreDateTime(start) + fromStoreDateTime(current.end) - fromStoreDateTime(current.start));
  // SuperOffice's own Appointment.http sample sends an EndDate before its StartDate and is accepted (§4.2);
  // the emulator then ends the appointment when it starts (README).
  if (end < start) return { start_date: start, end_date: start };
  return { start_date: start, end_date: end };
}

/** TaskType (what the agent is asked for) → the AppointmentEntity's Type; unlisted kinds are diary entries. */
const TYPE_OF_TASK: Record<string, string> = { ToDo: "inChecklist", Document: "Document", MailMergeDraft: "MergeDraft", MailMergeFinal: "MergeFinal", Report: "SavedReport" };
const TASK_TYPES = ["Unknown", "Appointment", "Document", "Email", "Fax", "Phone", "ToDo", "MailMergeDraft", "MailMergeFinal", "Report", "SaintAll"] as const;

/** CreateDefaultAppointmentEntityByType: the default appointment, of the type that TaskType implies. */
function defaultOfType(args: { value(name: string): unknown }, env: EntityEnv): AppointmentRow {
  const taskType = asEnum(args.value("Type") ?? "Appointment", TASK_TYPES, "Type");
  return Object.assign(defaultRow(appointmentDescription, env), { type: own(TYPE_OF_TASK, taskType) ?? "inDiary" });
}

const FAR_FUTURE = "9999-12-31T23:59:59";

function ownerAsParticipant(row: AppointmentRow, env: EntityEnv): Carrier[] {
  const owner = typeof row.associate_id === "number" ? env.crm.associate(env.tenant.contextIdentifier, row.associate_id) : undefined;
  if (!owner) return [];
  const person = typeof owner.person_id === "number" ? env.crm.get("persons", "person_id", env.tenant.contextIdentifier, owner.person_id) : undefined;
  return [carrier("ParticipantInfo", { AssociateId: row.associate_id, PersonId: owner.person_id ?? 0, ContactId: person?.contact_id ?? 0, InvitationStatus: "Accepted" })];
}
