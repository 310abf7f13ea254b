// Shared setup of the webapi-client-conformance*.test.ts files, which run in New York time (each sets TZ first).

import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { httpRequest } from "./http.js";
import { swaggerOperation, validateBody } from "./openapi.js";
import { signIn } from "./sign-in.js";

/**
 * The official client's Agents and REST classes used as an app uses them (netserver.md §11, §12 [C] items),
 * beyond tenant-api-client.test.ts's CRUD. Every response is validated against the Swagger definition for
 * its path (arrays item by item; List/MDO/Associate agents by the carrier the client converts them to).
 */
export const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;
export const TENANT = "Cust12345";
export const SO = "http://schemes.superoffice.net/identity/";

export let emulator: StartedEmulator;
export let token: string;
export let apiUrl: string;
export let principal: Record<string, unknown>;
/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useConformanceClient(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
    apiUrl = `${emulator.url}/${TENANT}/api/`;
    principal = (await raw("GET", "v1/User/currentPrincipal")).body!;
  });
  afterAll(() => emulator?.stop());
  afterEach(() => {
    expect(invalid.splice(0), "responses that do not validate against the Swagger files").toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Validation of every response the client sees against the Swagger files (test/fixtures/superoffice-openapi.json).

export const refName = (ref: string | undefined) => ref?.replace("#/definitions/", "");

/** Agents without a Swagger file here: the carrier the official client converts each answer to. */
export const CARRIER_OF: Record<string, string> = {
  "list/getcategories": "[Category", "list/getcategory": "Category", "list/getbusinesses": "[Business", "list/getcountries": "[Country",
  "list/getcurrencies": "[Currency", "list/getalltasks": "[TaskListItem", "list/getallsalestages": "[SaleStageEntity",
  "list/getallsaletypeentities": "[SaleTypeEntity", "list/getsources": "[Source", "list/getpositions": "[Position", "list/getratings": "[Rating",
  "mdo/getlist": "[MDOListItem", "associate/getassociate": "Associate",
};

/** The definition (and whether the answer is an array of it) for a response, or undefined when there is none to check. */
export function definitionFor(method: string, pathname: string): { def: string; array: boolean } | null | undefined {
  const m = /\/api\/v1\/(Agents\/)?(\w+)(?:\/(.*))?$/i.exec(pathname);
  if (!m) return undefined;
  const [, agent, area, rest = ""] = m;
  const entity = ["Contact", "Person", "Appointment", "Sale"].find((e) => e.toLowerCase() === area!.toLowerCase());
  if (!entity) {
    const known = CARRIER_OF[`${area}/${rest}`.toLowerCase()];
    return known ? { def: known.replace("[", ""), array: known.startsWith("[") } : undefined;
  }
  const file = agent ? `Swagger-v1-${entity}Agent.json` : `Swagger-v1-${entity}.json`;
  const path = agent ? `/api/v1/Agents/${entity}/${rest}` : rest === "" ? `/api/v1/${entity}` : /^\d+$/.test(rest) ? `/api/v1/${entity}/{id}` : `/api/v1/${entity}/${rest}`;
  const op = swaggerOperation(file, method === "patch" ? "put" : method, path);
  if (!op) return undefined;
  const schema = op.responses["200"];
  if (!schema) return null; // void: 204
  if (schema.$ref) return { def: refName(schema.$ref)!, array: false };
  if (schema.type === "array" && schema.items?.$ref) return { def: refName(schema.items.$ref)!, array: true };
  return undefined;
}

export const invalid: string[] = [];
export const validated = new Map<string, number>();

export function check(method: string, url: string, status: number, data: unknown): string | undefined {
  const pathname = new URL(url).pathname;
  if (status >= 500) return `${method} ${pathname}: ${status} ${JSON.stringify(data)}`;
  const op = definitionFor(method.toLowerCase(), pathname);
  if (op === undefined) return undefined;
  if (status >= 400) {
    const body = data as Record<string, unknown> | null;
    return body?.Error === true && typeof body.ErrorType === "string" ? undefined : `${method} ${pathname}: ${status} without the SuperOffice error body`;
  }
  if (status === 204 || status === 304 || data === null || data === "") return undefined;
  if (op === null || method.toLowerCase() === "delete") return `${method} ${pathname}: expected 204, got ${status}`;
  if (op.array !== Array.isArray(data)) return `${method} ${pathname}: expected ${op.array ? "an array" : "an object"} of ${op.def}`;
  const errors = (op.array ? (data as unknown[]) : [data]).flatMap((item) => validateBody(op.def, item));
  const short = op.def.slice(op.def.lastIndexOf(".") + 1);
  validated.set(short, (validated.get(short) ?? 0) + 1);
  return errors.length ? `${method} ${pathname}: not a valid ${op.def}:\n  ${[...new Set(errors)].slice(0, 15).join("\n  ")}` : undefined;
}

export interface Seen { status: number; data: unknown; config: { method?: string; url?: string; baseURL?: string } }
export function watch<T extends object>(api: T): T {
  const axios = (api as unknown as { _axios: { interceptors: { response: { use(a: (r: Seen) => Seen, b: (e: unknown) => unknown): void } } } })._axios;
  const seen = (r: Seen) => {
    const problem = check(r.config.method ?? "get", new URL(r.config.url ?? "", r.config.baseURL).href, r.status, r.data);
    if (problem) throw new Error((invalid.push(problem), problem));
  };
  axios.interceptors.response.use((r) => (seen(r), r), (err) => {
    const r = (err as { response?: Seen }).response;
    if (r) seen(r);
    return Promise.reject(err);
  });
  return api;
}

export async function raw(method: string, path: string, headers: Record<string, string> = {}) {
  const reply = await httpRequest(method, `${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}`, accept: "application/json", ...headers } });
  return { status: reply.status, headers: reply.headers, body: reply.text ? (JSON.parse(reply.text) as Record<string, unknown>) : null };
}

// ---------------------------------------------------------------------------------------------------------
// The client, as an app sets it up: one WebApi, all agents made at once (auth lives in shared options).

export type Options = { timezone?: string; timezoneInclude?: boolean; languageCode?: string; cultureCode?: string; resourceParsing?: SoWebApi.ResourceParsing; ticket?: { ticket: string; appToken: string } };
export function connect(options: Options = {}) {
  const { ticket, ...rest } = options;
  const webapi = new so.WebApi({ baseUrl: apiUrl, ...rest });
  if (ticket) {
    webapi.authenticateWithTicket(ticket.ticket);
    webapi.applicationToken(ticket.appToken);
  } else webapi.authenticateWithToken(token);
  return {
    contactRest: watch(webapi.getContactRestApi()), personRest: watch(webapi.getPersonRestApi()),
    appointmentRest: watch(webapi.getAppointmentRestApi()), saleRest: watch(webapi.getSaleRestApi()),
    contacts: watch(webapi.getContactAgent()), persons: watch(webapi.getPersonAgent()),
    appointments: watch(webapi.getAppointmentAgent()), sales: watch(webapi.getSaleAgent()),
    lists: watch(webapi.getListAgent()), mdo: watch(webapi.getMDOAgent()), associates: watch(webapi.getAssociateAgent()), archive: watch(webapi.getArchiveAgent()),
  };
}

/** Members the client left undefined: a key missing from the JSON, or an enum name the client does not know. */
export function undefinedMembers(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object" || value instanceof Date) return [];
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return []; // dayjs durations
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}.${k}`] : undefinedMembers(v, `${path}.${k}`)));
}
export const populated = (value: unknown) => expect(undefinedMembers(value), "members the client could not fill").toEqual([]);

export async function status(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
  } catch (err) {
    const r = (err as { response?: { status: number } }).response;
    if (r) return r.status;
    throw err;
  }
  return 200;
}

export let n = 0;
export const label = (what: string) => `Conformance ${what} ${process.pid}-${++n}`;

/** A contact with one person, made through the client's agents. */
export async function contactWithPerson(c = connect()) {
  const contact = await c.contacts.createDefaultContactEntityAsync();
  contact.name = label("company");
  const savedContact = await c.contacts.saveContactEntityAsync(contact);
  const person = await c.persons.createDefaultPersonEntityAsync();
  person.firstname = "Kari";
  person.lastname = label("person");
  person.contact = { contactId: savedContact.contactId };
  const savedPerson = await c.persons.savePersonEntityAsync(person);
  return { contact: savedContact, person: savedPerson };
}

// ---------------------------------------------------------------------------------------------------------
