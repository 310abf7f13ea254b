// Shared setup of the tenant-api-client*.test.ts files, which run in New York time (each sets TZ first).

import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import type { WebApiGetRequestOptions, WebApiPatchOperation, WebApiPutRequestOptions } from "@superoffice/webapi/WebApiBase.js" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { httpRequest } from "./http.js";
import { responseDefinition, validateBody } from "./openapi.js";
import { signIn } from "./sign-in.js";

/**
 * The official client, `@superoffice/webapi`, against the emulator: its REST classes (ContactRestApi...)
 * and Agent classes (ContactAgent...) for create, read, PUT, PATCH, conditional reads and delete. Every
 * response body this file receives from an entity endpoint is validated against the definition the
 * official Swagger file names for that path (test/support/openapi.ts).
 *
 * The package's ESM build imports its own files without extensions, which Node's ESM loader refuses
 * ("Cannot find module .../dist/esm/WebApiBase"); its CommonJS build works, so it is loaded with require.
 */
export const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;

export const TENANT = "Cust12345";
export type EntityName = "Contact" | "Person" | "Appointment" | "Sale";

export let emulator: StartedEmulator;
export let token: string;
export let apiUrl: string;
/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useClientEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
    apiUrl = `${emulator.url}/${TENANT}/api/`;
  });
  afterAll(() => emulator?.stop());
  afterEach(() => {
    // Also fails when a client method swallowed the interceptor's error.
    expect(invalid, "invalid response bodies").toEqual([]);
  });
  beforeAll(async () => {
    const contact = await raw("POST", "v1/Contact", { body: { Name: label("parent company") } });
    expect(contact.status).toBe(200);
    parentContactId = Number(contact.body!.ContactId);
    const person = await raw("POST", "v1/Person", { body: { Firstname: "Parent", Lastname: label("person"), Contact: { ContactId: parentContactId } } });
    expect(person.status).toBe(200);
    parentPersonId = Number(person.body!.PersonId);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Response validation: an axios interceptor on every client object, plus the raw undici helper below.

export interface SeenResponse {
  status: number;
  data: unknown;
  config: { method?: string; url?: string; baseURL?: string };
}
export interface AxiosLike {
  interceptors: { response: { use(onFulfilled: (r: SeenResponse) => SeenResponse, onRejected: (e: unknown) => unknown): number } };
}

export const invalid: string[] = [];
export const validated = new Map<string, number>();

/** Which Swagger operation answers `method path` (REST or Agents), and so which definition the 200 body must be. */
export function operationFor(method: string, pathname: string): { definition: string | null; agent: boolean } | undefined {
  const m = /\/api\/v1\/(?:(Agents)\/)?(Contact|Person|Appointment|Sale|Project|Document)(?:\/(.*))?$/i.exec(pathname);
  if (!m) return undefined;
  const agent = m[1] !== undefined;
  const entity = (["Contact", "Person", "Appointment", "Sale", "Project", "Document"] as const).find((e) => e.toLowerCase() === m[2]!.toLowerCase())!;
  const rest = m[3] ?? "";
  let file: string;
  let path: string;
  let verb = method.toLowerCase();
  if (agent) {
    file = `Swagger-v1-${entity}Agent.json`;
    path = `/api/v1/Agents/${entity}/${rest}`;
  } else {
    file = `Swagger-v1-${entity}.json`;
    path = rest === "" ? `/api/v1/${entity}` : /^\d+$/.test(rest) ? `/api/v1/${entity}/{id}` : `/api/v1/${entity}/${rest}`;
    if (verb === "patch") verb = "put"; // the Swagger files have no PATCH; it answers like PUT (netserver.md §4)
  }
  if (verb === "delete" || /^Delete/i.test(rest)) return { definition: null, agent };
  return { definition: responseDefinition(file, verb, path), agent };
}

/** Checks one response; returns the problem, or undefined. */
export function check(method: string, url: string, status: number, data: unknown): string | undefined {
  const pathname = new URL(url).pathname;
  if (status >= 500) return `${method} ${pathname}: ${status} ${JSON.stringify(data)}`;
  const op = operationFor(method, pathname);
  if (!op) return undefined;
  if (status >= 400) {
    const body = data as Record<string, unknown> | null;
    if (!body || body.Error !== true || typeof body.ErrorType !== "string") return `${method} ${pathname}: ${status} without the SuperOffice error body: ${JSON.stringify(data)}`;
    return undefined;
  }
  const empty = data === "" || data === undefined || data === null;
  if (status === 204 || status === 304) return empty ? undefined : `${method} ${pathname}: ${status} with a body: ${JSON.stringify(data).slice(0, 200)}`;
  if (op.definition === null) return `${method} ${pathname}: expected 204, got ${status}`;
  if (data === null && op.agent) return undefined; // Agents answer null for "not found"
  const errors = validateBody(op.definition, data);
  validated.set(op.definition, (validated.get(op.definition) ?? 0) + 1);
  return errors.length ? `${method} ${pathname}: ${status} body is not a valid ${op.definition}:\n  ${errors.join("\n  ")}` : undefined;
}

export function fail(problem: string): never {
  invalid.push(problem);
  throw new Error(problem);
}

/** Installs the validating interceptor on a client object's own axios instance. */
export function watch<T extends object>(api: T): T {
  const axios = (api as unknown as { _axios: AxiosLike })._axios;
  const fullUrl = (config: SeenResponse["config"]) => new URL(config.url ?? "", config.baseURL).href;
  axios.interceptors.response.use(
    (r) => {
      const problem = check(r.config.method ?? "get", fullUrl(r.config), r.status, r.data);
      if (problem) fail(problem);
      return r;
    },
    (err) => {
      const r = (err as { response?: SeenResponse }).response;
      if (r) {
        const problem = check(r.config.method ?? "get", fullUrl(r.config), r.status, r.data);
        if (problem) fail(problem);
      }
      return Promise.reject(err);
    },
  );
  return api;
}


export interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | null;
}

/** A request without the client (undici), validated like the client's. */
export async function raw(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Raw> {
  const url = `${apiUrl}${path}`;
  const reply = await httpRequest(method, url, { body: options.body, headers: { authorization: `Bearer ${token}`, accept: "application/json", ...options.headers } });
  const body = reply.text === "" ? null : (JSON.parse(reply.text) as Record<string, unknown>);
  const problem = check(method, url, reply.status, body);
  if (problem) fail(problem);
  return { status: reply.status, headers: reply.headers, body };
}

// ---------------------------------------------------------------------------------------------------------
// The client, as an app would set it up.

/** A WebApi for the tenant with all client objects made at once (WebApi keeps its auth in static options). */
export function connect(options: { timezoneInclude?: boolean } = {}) {
  const webapi = options.timezoneInclude ? new so.WebApi({ baseUrl: apiUrl, timezoneInclude: true }) : new so.WebApi(apiUrl);
  webapi.authenticateWithToken(token);
  return {
    Contact: { rest: watch(webapi.getContactRestApi()), agent: watch(webapi.getContactAgent()) },
    Person: { rest: watch(webapi.getPersonRestApi()), agent: watch(webapi.getPersonAgent()) },
    Appointment: { rest: watch(webapi.getAppointmentRestApi()), agent: watch(webapi.getAppointmentAgent()) },
    Sale: { rest: watch(webapi.getSaleRestApi()), agent: watch(webapi.getSaleAgent()) },
  };
}
export type Connection = ReturnType<typeof connect>;

/** What the generic tests need of a REST class; ContactRestApi, PersonRestApi... all have this shape. */
export interface RestLike<T> {
  getDefaultAsync(options?: WebApiGetRequestOptions): Promise<T>;
  postAsync(entity: T, options?: WebApiPutRequestOptions): Promise<T>;
  putByIdAsync(id: number, entity: T, options?: WebApiPutRequestOptions): Promise<T>;
  patchByIdAsync(id: number, patch: WebApiPatchOperation[] | T, options?: WebApiPutRequestOptions): Promise<T>;
  deleteByIdAsync(id: number, options?: WebApiPutRequestOptions): Promise<void>;
  getByIdAsync(id: number, options?: WebApiGetRequestOptions): Promise<T>;
}

/** The Agent methods, named per entity by the client, behind one shape. */
export interface AgentLike<T> {
  createDefault(): Promise<T>;
  save(entity: T): Promise<T>;
  get(id: number): Promise<T | null>;
  summaryId(id: number): Promise<number | undefined>;
  remove(id: number): Promise<void>;
}

export const op = (path: string, value: unknown): WebApiPatchOperation => ({ op: "replace" as WebApiPatchOperation["op"], path, value });

/** One entity kind: how to fill, edit and patch it through the client's camelCase carriers. */
export interface EntityCase<T> {
  name: EntityName;
  rest(c: Connection): RestLike<T>;
  agent(c: Connection): AgentLike<T>;
  id(e: T): number;
  /** Fills a default entity so it can be saved. */
  fill(e: T, label: string): Promise<void> | void;
  /** A change for PUT, and how to see it in the result. */
  edit(e: T): void;
  edited(e: T): unknown;
  editedValue: unknown;
  /** A JSON Patch replace and a merge-patch object, and how to see each. */
  patch: { path: string; value: unknown; read(e: T): unknown };
  merge: { body: T; read(e: T): unknown; value: unknown };
  /** Has writable local date-times (which drift when a client in another zone round-trips them without offsets, as on SOD). */
  localDates: boolean;
}

export let uniq = 0;
export const label = (what: string) => `Client test ${what} ${process.pid}-${++uniq}`;

/** A contact (and a person on it) to hang persons, appointments and sales on, made over raw REST. */
export let parentContactId = 0;
export let parentPersonId = 0;

export const contactCase: EntityCase<SoWebApi.ContactEntity> = {
  name: "Contact",
  rest: (c) => c.Contact.rest,
  agent: (c) => ({
    createDefault: () => c.Contact.agent.createDefaultContactEntityAsync(),
    save: (e) => c.Contact.agent.saveContactEntityAsync(e),
    get: (id) => c.Contact.agent.getContactEntityAsync(id),
    summaryId: async (id) => (await c.Contact.agent.getContactAsync(id))?.contactId,
    remove: (id) => c.Contact.agent.deleteContactEntityAsync(id),
  }),
  id: (e) => e.contactId!,
  fill(e, name) {
    e.name = name;
    e.department = "Client tests";
    e.phones = [{ value: "+47 22 33 44 55", description: "Switchboard" }];
  },
  edit: (e) => void (e.name = `${e.name} (edited)`),
  edited: (e) => e.name?.endsWith(" (edited)"),
  editedValue: true,
  patch: { path: "/Department", value: "Patched department", read: (e) => e.department },
  merge: { body: { orgNr: "987654321" }, read: (e) => e.orgNr, value: "987654321" },
  localDates: false,
};

export const personCase: EntityCase<SoWebApi.PersonEntity> = {
  name: "Person",
  rest: (c) => c.Person.rest,
  agent: (c) => ({
    createDefault: () => c.Person.agent.createDefaultPersonEntityAsync(),
    save: (e) => c.Person.agent.savePersonEntityAsync(e),
    get: (id) => c.Person.agent.getPersonEntityAsync(id),
    summaryId: async (id) => (await c.Person.agent.getPersonAsync(id))?.personId,
    remove: (id) => c.Person.agent.deletePersonEntityAsync(id),
  }),
  id: (e) => e.personId!,
  fill(e, name) {
    e.firstname = "Kari";
    e.lastname = name;
    e.contact = { contactId: parentContactId };
    e.emails = [{ value: "kari@example.com", description: "Work" }];
  },
  edit: (e) => void (e.lastname = `${e.lastname} (edited)`),
  edited: (e) => e.lastname?.endsWith(" (edited)"),
  editedValue: true,
  patch: { path: "/Title", value: "Head of Patching", read: (e) => e.title },
  merge: { body: { middleName: "Merged" }, read: (e) => e.middleName, value: "Merged" },
  localDates: false,
};

export const appointmentCase: EntityCase<SoWebApi.AppointmentEntity> = {
  name: "Appointment",
  rest: (c) => c.Appointment.rest,
  agent: (c) => ({
    createDefault: () => c.Appointment.agent.createDefaultAppointmentEntityAsync(),
    save: (e) => c.Appointment.agent.saveAppointmentEntityAsync(e),
    get: (id) => c.Appointment.agent.getAppointmentEntityAsync(id),
    summaryId: async (id) => (await c.Appointment.agent.getAppointmentAsync(id))?.appointmentId,
    remove: (id) => c.Appointment.agent.deleteAppointmentEntityAsync(id),
  }),
  id: (e) => e.appointmentId!,
  fill(e, name) {
    e.description = name;
    e.contact = { contactId: parentContactId };
    e.person = { personId: parentPersonId };
    e.startDate = new Date("2026-04-14T13:00:00+02:00");
    e.endDate = new Date("2026-04-14T14:00:00+02:00");
  },
  edit: (e) => void (e.description = `${e.description} (edited)`),
  edited: (e) => e.description?.endsWith(" (edited)"),
  editedValue: true,
  patch: { path: "/Location", value: "Meeting room 1", read: (e) => e.location },
  merge: { body: { title: "Merged title" }, read: (e) => e.title, value: "Merged title" },
  localDates: true,
};

export const saleCase: EntityCase<SoWebApi.SaleEntity> = {
  name: "Sale",
  rest: (c) => c.Sale.rest,
  agent: (c) => ({
    createDefault: () => c.Sale.agent.createDefaultSaleEntityAsync(),
    save: (e) => c.Sale.agent.saveSaleEntityAsync(e),
    get: (id) => c.Sale.agent.getSaleEntityAsync(id),
    summaryId: async (id) => (await c.Sale.agent.getSaleAsync(id))?.saleId,
    remove: (id) => c.Sale.agent.deleteSaleEntityAsync(id),
  }),
  id: (e) => e.saleId!,
  fill(e, name) {
    e.heading = name;
    e.contact = { contactId: parentContactId };
    e.person = { personId: parentPersonId };
    e.amount = 15980.5;
    e.saledate = new Date("2026-06-30T12:00:00+02:00");
  },
  edit: (e) => void (e.heading = `${e.heading} (edited)`),
  edited: (e) => e.heading?.endsWith(" (edited)"),
  editedValue: true,
  patch: { path: "/Amount", value: 1234.5, read: (e) => e.amount },
  merge: { body: { saleText: "Merged sale text" }, read: (e) => e.saleText, value: "Merged sale text" },
  localDates: true,
};

/** Members that a save legitimately changes. */
export const CHANGED_BY_SAVE = ["UpdatedDate", "UpdatedBy"];

export function withoutMembers(body: Record<string, unknown> | null, names: string[]): Record<string, unknown> {
  const copy = { ...body };
  for (const n of names) delete copy[n];
  return copy;
}

/** The client turns HTTP errors into a rejected AxiosError; this is its status. */
export async function rejectionStatus(promise: Promise<unknown>): Promise<{ status: number | undefined; data: unknown }> {
  try {
    await promise;
  } catch (err) {
    const response = (err as { response?: { status: number; data: unknown } }).response;
    if (!response) throw err;
    return { status: response.status, data: response.data };
  }
  throw new Error("expected the client to reject");
}

/** Rethrows the client's AxiosError with the status and the response body, which it leaves out of its message. */
export async function explained<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    const response = (err as { response?: { status: number; data: unknown } }).response;
    if (response) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.data)}`);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------
