import { badRequest } from "../../http/superoffice-error.js";
import { WEBHOOK_STATES, type Webhook, type WebhookInput } from "../../store/webhooks.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { EMPTY_DATE } from "../json/dates.js";
import { asEnum, asString, member } from "../json/lenient.js";

/**
 * The Webhook carrier (Swagger-v1-Webhook.json, `SuperOffice.CRM.Services.Webhook`): every member in the
 * schema's order; `WebhookWithLinks` adds `_Links`. Registered/Updated are UTC (webhooks.md §2).
 */
const NOTIFY_VIA = ["None", "Email", "InApp"] as const;
const NOTIFY_WHEN = ["None", "FirstFailure", "Disabling"] as const;
const MAX_EVENTS = 200;
const MAX_TEXT = 4000;

export function webhookCarrier(hook: Webhook, env: EntityEnv, withLinks: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    WebhookId: hook.webhookId,
    Name: hook.name,
    Events: hook.events,
    TargetUrl: hook.targetUrl,
    Secret: hook.secret,
    State: hook.state,
    Type: hook.type,
    Headers: hook.headers,
    Properties: hook.properties,
    Registered: hook.registered,
    RegisteredAssociate: env.refs.associate(hook.registeredAssociateId),
    Updated: hook.updated ?? EMPTY_DATE,
    UpdatedAssociate: env.refs.associate(hook.updatedAssociateId),
    ErrorsEmail: hook.errorsEmail,
    ErrorEmails: hook.errorEmails,
    ErrorAssociates: hook.errorAssociates,
    Description: hook.description,
    NotifyVia: hook.notifyVia,
    NotifyWhen: hook.notifyWhen,
    TotalCalls: hook.totalCalls,
    TotalErrors: hook.totalErrors,
    ConsecutiveErrors: hook.consecutiveErrors,
    LastError: hook.lastError,
  };
  if (withLinks) out._Links = { Self: `${env.apiBase}/Webhook/${hook.webhookId}` };
  return out;
}

/** `GET v1/Webhook/default` (webhooks.md §2, subscription.md's sample plus the newer members, empty). */
export function defaultWebhook(): Record<string, unknown> {
  return {
    WebhookId: 0,
    Name: null,
    Events: ["contact.created", "contact.deleted"],
    TargetUrl: null,
    Secret: null,
    State: "Active",
    Type: "webhook",
    Headers: null,
    Properties: null,
    Registered: EMPTY_DATE,
    RegisteredAssociate: null,
    Updated: EMPTY_DATE,
    UpdatedAssociate: null,
    ErrorsEmail: null,
    ErrorEmails: [],
    ErrorAssociates: [],
    Description: null,
    NotifyVia: "None",
    NotifyWhen: "None",
    TotalCalls: 0,
    TotalErrors: 0,
    ConsecutiveErrors: 0,
    LastError: null,
  };
}

const text = (value: unknown, field: string): string | null => {
  if (value === null || value === undefined) return null;
  const s = asString(value, field);
  if (s.length > MAX_TEXT) throw badRequest(`${field}: at most ${MAX_TEXT} characters`);
  return s;
};

function strings(value: unknown, field: string): string[] {
  if (value === null || value === undefined) return [];
  // Stored comma separated in SuperOffice's table; a comma-separated string is taken too.
  const list = typeof value === "string" ? value.split(",") : Array.isArray(value) ? value.map((v, i) => asString(v, `${field}[${i}]`)) : null;
  if (!list) throw badRequest(`${field}: expected an array of strings`);
  const out = list.map((s) => s.trim()).filter((s) => s !== "");
  if (out.length > MAX_EVENTS) throw badRequest(`${field}: at most ${MAX_EVENTS} entries`);
  return out;
}

function object(value: unknown, field: string): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest(`${field}: expected a JSON object`);
  if (JSON.stringify(value).length > 16_000) throw badRequest(`${field}: too large (16 000 characters of JSON at most)`);
  return value as Record<string, unknown>;
}

function headerMap(value: unknown): Record<string, string> | null {
  const o = object(value, "Headers");
  if (!o) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k)) throw badRequest(`Headers: ${JSON.stringify(k)} is not a valid HTTP header name`);
    out[k] = asString(v, `Headers.${k}`);
  }
  return out;
}

/**
 * A Webhook body as a save takes it. Members the body leaves out keep `base`'s values (PUT and SaveWebhook
 * send the whole carrier in practice; a missing member is not a reason to wipe it).
 */
export function readWebhookInput(body: Record<string, unknown>, base: WebhookInput, now: string, associateId: number): WebhookInput {
  const pick = <T>(name: string, read: (v: unknown) => T, fallback: T): T => (member(body, name) === undefined ? fallback : read(member(body, name)));
  const input: WebhookInput = {
    name: pick("Name", (v) => text(v, "Name"), base.name),
    events: pick("Events", (v) => strings(v, "Events"), base.events),
    targetUrl: pick("TargetUrl", (v) => text(v, "TargetUrl") ?? "", base.targetUrl),
    secret: pick("Secret", (v) => text(v, "Secret"), base.secret),
    state: pick("State", (v) => (v === null ? "Active" : asEnum(v, WEBHOOK_STATES, "State")), base.state),
    type: pick("Type", (v) => text(v, "Type") ?? "webhook", base.type),
    headers: pick("Headers", headerMap, base.headers),
    properties: pick("Properties", (v) => object(v, "Properties"), base.properties),
    updated: now,
    updatedAssociateId: associateId,
    errorsEmail: pick("ErrorsEmail", (v) => text(v, "ErrorsEmail"), base.errorsEmail),
    errorEmails: pick("ErrorEmails", (v) => strings(v, "ErrorEmails"), base.errorEmails),
    errorAssociates: pick("ErrorAssociates", (v) => (Array.isArray(v) ? v.slice(0, 100) : []), base.errorAssociates),
    description: pick("Description", (v) => text(v, "Description"), base.description),
    notifyVia: pick("NotifyVia", (v) => (v === null ? "None" : asEnum(v, NOTIFY_VIA, "NotifyVia")), base.notifyVia),
    notifyWhen: pick("NotifyWhen", (v) => (v === null ? "None" : asEnum(v, NOTIFY_WHEN, "NotifyWhen", [0, 1, 2])), base.notifyWhen),
  };
  if (input.state === "Unknown") input.state = "Active";
  if (!input.targetUrl) throw badRequest("Webhook TargetUrl is required");
  if (input.type.toLowerCase() === "crmscript") throw badRequest("Webhook Type crmscript: CRMScript webhooks are not emulated; use Type webhook");
  if (input.type.toLowerCase() !== "webhook") throw badRequest(`Webhook Type ${input.type}: expected webhook`);
  input.type = "webhook";
  return input;
}

/** A new webhook's starting point: the defaults of `GET v1/Webhook/default`, in stored form. */
export const EMPTY_INPUT: WebhookInput = {
  name: null,
  events: ["contact.created", "contact.deleted"],
  targetUrl: "",
  secret: null,
  state: "Active",
  type: "webhook",
  headers: null,
  properties: null,
  updated: null,
  updatedAssociateId: 0,
  errorsEmail: null,
  errorEmails: [],
  errorAssociates: [],
  description: null,
  notifyVia: "None",
  notifyWhen: "None",
};

export const inputOf = (hook: Webhook): WebhookInput => {
  const { contextIdentifier: _c, webhookId: _w, clientId: _a, registered: _r, registeredAssociateId: _ra, totalCalls: _t, totalErrors: _e, consecutiveErrors: _ce, lastError: _l, ...input } = hook;
  return input;
};
