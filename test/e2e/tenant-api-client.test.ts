// The client runs in New York while tenant Cust12345 keeps Europe/Oslo time: dates must not drift between
// the two. Node re-reads TZ when it is assigned, and vitest runs each file in its own process.
process.env.TZ = "America/New_York";

import { createRequire } from "node:module";
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import type { WebApiGetRequestOptions, WebApiPatchOperation, WebApiPutRequestOptions } from "@superoffice/webapi/WebApiBase.js" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { responseDefinition, validateBody } from "../support/openapi.js";
import { signIn } from "../support/sign-in.js";

/**
 * The official client, `@superoffice/webapi`, against the emulator: its REST classes (ContactRestApi...)
 * and Agent classes (ContactAgent...) for create, read, PUT, PATCH, conditional reads and delete. Every
 * response body this file receives from an entity endpoint is validated against the definition the
 * official Swagger file names for that path (test/support/openapi.ts).
 *
 * The package's ESM build imports its own files without extensions, which Node's ESM loader refuses
 * ("Cannot find module .../dist/esm/WebApiBase"); its CommonJS build works, so it is loaded with require.
 */
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;

const TENANT = "Cust12345";
type EntityName = "Contact" | "Person" | "Appointment" | "Sale";

let emulator: StartedEmulator;
let token: string;
let apiUrl: string;
beforeAll(async () => {
  emulator = await startEmulator();
  token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
  apiUrl = `${emulator.url}/${TENANT}/api/`;
});
afterAll(() => emulator?.stop());

// ---------------------------------------------------------------------------------------------------------
// Response validation: an axios interceptor on every client object, plus the raw undici helper below.

interface SeenResponse {
  status: number;
  data: unknown;
  config: { method?: string; url?: string; baseURL?: string };
}
interface AxiosLike {
  interceptors: { response: { use(onFulfilled: (r: SeenResponse) => SeenResponse, onRejected: (e: unknown) => unknown): number } };
}

const invalid: string[] = [];
const validated = new Map<string, number>();

/** Which Swagger operation answers `method path` (REST or Agents), and so which definition the 200 body must be. */
function operationFor(method: string, pathname: string): { definition: string | null; agent: boolean } | undefined {
  const m = /\/api\/v1\/(?:(Agents)\/)?(Contact|Person|Appointment|Sale)(?:\/(.*))?$/i.exec(pathname);
  if (!m) return undefined;
  const agent = m[1] !== undefined;
  const entity = (["Contact", "Person", "Appointment", "Sale"] as const).find((e) => e.toLowerCase() === m[2]!.toLowerCase())!;
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
function check(method: string, url: string, status: number, data: unknown): string | undefined {
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

function fail(problem: string): never {
  invalid.push(problem);
  throw new Error(problem);
}

/** Installs the validating interceptor on a client object's own axios instance. */
function watch<T extends object>(api: T): T {
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

afterEach(() => {
  // Also fails when a client method swallowed the interceptor's error.
  expect(invalid, "invalid response bodies").toEqual([]);
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | null;
}

/** A request without the client (undici), validated like the client's. */
async function raw(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Raw> {
  const url = `${apiUrl}${path}`;
  const res = await request(url, {
    method: method as "GET",
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.body.text();
  const body = text === "" ? null : (JSON.parse(text) as Record<string, unknown>);
  const problem = check(method, url, res.statusCode, body);
  if (problem) fail(problem);
  return { status: res.statusCode, headers: res.headers, body };
}

// ---------------------------------------------------------------------------------------------------------
// The client, as an app would set it up.

/** A WebApi for the tenant with all client objects made at once (WebApi keeps its auth in static options). */
function connect(options: { timezoneInclude?: boolean } = {}) {
  const webapi = options.timezoneInclude ? new so.WebApi({ baseUrl: apiUrl, timezoneInclude: true }) : new so.WebApi(apiUrl);
  webapi.authenticateWithToken(token);
  return {
    Contact: { rest: watch(webapi.getContactRestApi()), agent: watch(webapi.getContactAgent()) },
    Person: { rest: watch(webapi.getPersonRestApi()), agent: watch(webapi.getPersonAgent()) },
    Appointment: { rest: watch(webapi.getAppointmentRestApi()), agent: watch(webapi.getAppointmentAgent()) },
    Sale: { rest: watch(webapi.getSaleRestApi()), agent: watch(webapi.getSaleAgent()) },
  };
}
type Connection = ReturnType<typeof connect>;

/** What the generic tests need of a REST class; ContactRestApi, PersonRestApi... all have this shape. */
interface RestLike<T> {
  getDefaultAsync(options?: WebApiGetRequestOptions): Promise<T>;
  postAsync(entity: T, options?: WebApiPutRequestOptions): Promise<T>;
  putByIdAsync(id: number, entity: T, options?: WebApiPutRequestOptions): Promise<T>;
  patchByIdAsync(id: number, patch: WebApiPatchOperation[] | T, options?: WebApiPutRequestOptions): Promise<T>;
  deleteByIdAsync(id: number, options?: WebApiPutRequestOptions): Promise<void>;
  getByIdAsync(id: number, options?: WebApiGetRequestOptions): Promise<T>;
}

/** The Agent methods, named per entity by the client, behind one shape. */
interface AgentLike<T> {
  createDefault(): Promise<T>;
  save(entity: T): Promise<T>;
  get(id: number): Promise<T | null>;
  summaryId(id: number): Promise<number | undefined>;
  remove(id: number): Promise<void>;
}

const op = (path: string, value: unknown): WebApiPatchOperation => ({ op: "replace" as WebApiPatchOperation["op"], path, value });

/** One entity kind: how to fill, edit and patch it through the client's camelCase carriers. */
interface EntityCase<T> {
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

let uniq = 0;
const label = (what: string) => `Client test ${what} ${process.pid}-${++uniq}`;

/** A contact (and a person on it) to hang persons, appointments and sales on, made over raw REST. */
let parentContactId = 0;
let parentPersonId = 0;
beforeAll(async () => {
  const contact = await raw("POST", "v1/Contact", { body: { Name: label("parent company") } });
  expect(contact.status).toBe(200);
  parentContactId = Number(contact.body!.ContactId);
  const person = await raw("POST", "v1/Person", { body: { Firstname: "Parent", Lastname: label("person"), Contact: { ContactId: parentContactId } } });
  expect(person.status).toBe(200);
  parentPersonId = Number(person.body!.PersonId);
});

const contactCase: EntityCase<SoWebApi.ContactEntity> = {
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

const personCase: EntityCase<SoWebApi.PersonEntity> = {
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

const appointmentCase: EntityCase<SoWebApi.AppointmentEntity> = {
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

const saleCase: EntityCase<SoWebApi.SaleEntity> = {
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
const CHANGED_BY_SAVE = ["UpdatedDate", "UpdatedBy"];

function withoutMembers(body: Record<string, unknown> | null, names: string[]): Record<string, unknown> {
  const copy = { ...body };
  for (const n of names) delete copy[n];
  return copy;
}

/** The client turns HTTP errors into a rejected AxiosError; this is its status. */
async function rejectionStatus(promise: Promise<unknown>): Promise<{ status: number | undefined; data: unknown }> {
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
async function explained<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    const response = (err as { response?: { status: number; data: unknown } }).response;
    if (response) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.data)}`);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------

describe("the test process", () => {
  it("runs in New York time, not in UTC and not in the tenant's zone", () => {
    expect(new Date("2026-03-02T12:00:00Z").getTimezoneOffset()).toBe(300);
    expect(new Date("2026-07-02T12:00:00Z").getTimezoneOffset()).toBe(240);
  });
});

function entitySuite<T extends object>(c: EntityCase<T>) {
  const endpoint = `v1/${c.name}`;

  describe(`${c.name} through the official client`, () => {
    it("REST: default, create, read, PUT, PATCH (operations and merge object), delete", async () => {
      const rest = c.rest(connect());
      const draft = await rest.getDefaultAsync();
      expect(c.id(draft)).toBe(0);
      const name = label(c.name);
      await c.fill(draft, name);

      const created = await rest.postAsync(draft);
      const id = c.id(created);
      expect(id).toBeGreaterThan(0);

      const read = await rest.getByIdAsync(id);
      expect(read).toEqual(created);

      c.edit(read);
      const put = await rest.putByIdAsync(id, read);
      expect(c.id(put)).toBe(id);
      expect(c.edited(put)).toBe(c.editedValue);

      const patched = await rest.patchByIdAsync(id, [op(c.patch.path, c.patch.value)]);
      expect(c.patch.read(patched)).toEqual(c.patch.value);
      expect(c.edited(patched)).toBe(c.editedValue);

      const merged = await rest.patchByIdAsync(id, c.merge.body);
      expect(c.merge.read(merged)).toEqual(c.merge.value);
      expect(c.patch.read(merged)).toEqual(c.patch.value);

      expect(await rest.getByIdAsync(id)).toEqual(merged);

      await rest.deleteByIdAsync(id);
      const gone = await rejectionStatus(rest.getByIdAsync(id));
      expect(gone.status).toBe(404);
      expect(gone.data).toMatchObject({ Error: true, ErrorType: "SoNotFoundException", ErrorMessage: `${c.name} id ${id} not found` });
    });

    it("REST: conditional reads give null for 304, reject for 412, and stale headers do not break later calls", async () => {
      // A connection of its own: the client copies its shared header object by reference, so
      // If-Modified-Since / If-Unmodified-Since stick to every later request of this connection.
      const conn = connect();
      const rest = c.rest(conn);
      const draft = await rest.getDefaultAsync();
      await c.fill(draft, label(`${c.name} conditional`));
      const id = c.id(await rest.postAsync(draft));

      let lastModified = "";
      const read = await rest.getByIdAsync(id, { responseCallback: (r) => void (lastModified = String(r.headers["last-modified"])) });
      expect(lastModified).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      const since = new Date(lastModified);

      expect(await rest.getByIdAsync(id, { ifModifiedSince: since })).toBeNull();
      const thrown = await rejectionStatus(rest.getByIdAsync(id, { ifModifiedSince: since, ifNotModifiedThrowError: true }));
      expect(thrown.status).toBe(304);
      expect(await rest.getByIdAsync(id, { ifModifiedSince: new Date(since.getTime() - 60_000) })).toEqual(read);

      const before = await raw("GET", `${endpoint}/${id}`);
      c.edit(read);
      const refused = await rejectionStatus(rest.putByIdAsync(id, read, { ifUnmodifiedSince: new Date(since.getTime() - 60_000) }));
      expect(refused.status).toBe(412);
      expect((await raw("GET", `${endpoint}/${id}`)).body).toEqual(before.body);

      // The stale If-Unmodified-Since now rides along on everything; Agents ignore it (netserver.md §2).
      const agent = c.agent(conn);
      expect(c.id((await agent.get(id))!)).toBe(id);
      expect(await rest.putByIdAsync(id, read, { ifUnmodifiedSince: new Date(Date.now() + 60_000) })).not.toBeNull();
      expect((await raw("DELETE", `${endpoint}/${id}`)).status).toBe(204);
    });

    it("Agents: CreateDefault, Save (create, then update), Get, Get summary, Delete", async () => {
      const agent = c.agent(connect());
      const draft = await agent.createDefault();
      expect(c.id(draft)).toBe(0);
      await c.fill(draft, label(`${c.name} agent`));
      const saved = await agent.save(draft);
      const id = c.id(saved);
      expect(id).toBeGreaterThan(0);

      const got = await agent.get(id);
      expect(got).toEqual(saved);

      c.edit(got!);
      const updated = await agent.save(got!);
      expect(c.id(updated)).toBe(id);
      expect(c.edited(updated)).toBe(c.editedValue);
      expect(await agent.summaryId(id)).toBe(id);

      await agent.remove(id);
      expect(await agent.get(id)).toBeNull();
      expect((await raw("GET", `${endpoint}/${id}`)).status).toBe(404);
    });

    it("a PUT of the entity exactly as the client read it (with offsets) changes nothing but UpdatedDate/UpdatedBy", async () => {
      const rest = c.rest(connect({ timezoneInclude: true }));
      const draft = await rest.getDefaultAsync();
      await c.fill(draft, label(`${c.name} round trip`));
      const id = c.id(await rest.postAsync(draft));
      const before = await raw("GET", `${endpoint}/${id}`);

      await rest.putByIdAsync(id, await rest.getByIdAsync(id));
      const after = await raw("GET", `${endpoint}/${id}`);
      expect(withoutMembers(after.body, CHANGED_BY_SAVE)).toEqual(withoutMembers(before.body, CHANGED_BY_SAVE));
      expect(after.body!.UpdatedDate).not.toBe("0001-01-01T00:00:00");
    });

    // Without offsets a client outside the tenant's zone moves local date-times on a round trip, as on SOD
    // (so-timezone.mdx: "fun ensues"); only entities without writable local dates round-trip that way.
    if (c.localDates) return;
    it("a PUT of the entity as the client read it without offsets changes nothing else either", async () => {
      const rest = c.rest(connect());
      const draft = await rest.getDefaultAsync();
      await c.fill(draft, label(`${c.name} round trip`));
      const id = c.id(await rest.postAsync(draft));
      const before = await raw("GET", `${endpoint}/${id}`);

      await rest.putByIdAsync(id, await rest.getByIdAsync(id));
      const after = await raw("GET", `${endpoint}/${id}`);
      expect(withoutMembers(after.body, CHANGED_BY_SAVE)).toEqual(withoutMembers(before.body, CHANGED_BY_SAVE));
    });
  });
}

entitySuite(contactCase);
entitySuite(personCase);
entitySuite(appointmentCase);
entitySuite(saleCase);

describe("PATCH through the client, as the docs write it (netserver.md §4.3)", () => {
  it("paths are case-insensitive and the leading slash is optional", async () => {
    const rest = connect().Contact.rest;
    const draft = await rest.getDefaultAsync();
    contactCase.fill(draft, label("patch paths"));
    const id = (await rest.postAsync(draft)).contactId!;
    const patched = await explained(rest.patchByIdAsync(id, [op("/NAME", "Upper-case path"), op("department", "No leading slash")]));
    expect([patched.name, patched.department]).toEqual(["Upper-case path", "No leading slash"]);
  });
});

describe("dates between a New York client and an Oslo tenant", () => {
  /** Oslo wall-clock time of an instant, as NetServer shows it without a suffix. */
  const osloWallTime = (ms: number) =>
    new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(new Date(ms)).replace(" ", "T");

  it("CreatedDate comes as Oslo wall time without a suffix, whatever the emulator process's zone", async () => {
    const t0 = emulator.emulator.context.clock.now();
    const created = await raw("POST", "v1/Contact", { body: { Name: label("dates") } });
    const t1 = emulator.emulator.context.clock.now();
    const shown = String(created.body!.CreatedDate);
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(shown >= osloWallTime(Math.floor(t0 / 1000) * 1000) && shown <= osloWallTime(t1)).toBe(true);
  });

  it("with SO-TimeZone includeTZOffset the client reads CreatedDate as the right instant", async () => {
    const rest = connect({ timezoneInclude: true }).Contact.rest;
    const t0 = Math.floor(emulator.emulator.context.clock.now() / 1000) * 1000;
    const draft = await rest.getDefaultAsync();
    draft.name = label("created instant");
    const created = await rest.postAsync(draft);
    const t1 = emulator.emulator.context.clock.now();
    expect(created.createdDate!.getTime()).toBeGreaterThanOrEqual(t0);
    expect(created.createdDate!.getTime()).toBeLessThanOrEqual(t1);
    // "Created and Updated Date ... are always UTC ... If you specify includeTZOffset they are always tagged as UTC times."
    const shown = await raw("GET", `v1/Contact/${created.contactId}`, { headers: { "SO-TimeZone": "includeTZOffset" } });
    expect(String(shown.body!.CreatedDate)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("an appointment's StartDate set as a JS Date comes back as the same instant, shown as Oslo local time", async () => {
    const start = new Date("2026-03-02T09:30:00+01:00");
    const end = new Date("2026-03-02T10:30:00+01:00");
    const plain = connect().Appointment.rest;
    const draft = await plain.getDefaultAsync();
    await appointmentCase.fill(draft, label("StartDate"));
    draft.startDate = start;
    draft.endDate = end;
    draft.activeDate = start;
    const created = await plain.postAsync(draft);
    const id = created.appointmentId!;

    // On the wire: Oslo wall time, no suffix (netserver.md §1.4).
    const shown = await raw("GET", `v1/Appointment/${id}`);
    expect(shown.body!.StartDate).toBe("2026-03-02T09:30:00");
    expect(shown.body!.EndDate).toBe("2026-03-02T10:30:00");

    // Without SO-TimeZone the client parses that as its own wall time, as it does against SOD: same clock
    // reading, another instant (so-timezone.mdx: "fun ensues").
    expect([created.startDate!.getHours(), created.startDate!.getMinutes(), created.startDate!.getDate()]).toEqual([9, 30, 2]);

    // With includeTZOffset the same instant comes back, and a round trip does not move it.
    const tz = connect({ timezoneInclude: true }).Appointment.rest;
    const read = await tz.getByIdAsync(id);
    expect(read.startDate!.getTime()).toBe(start.getTime());
    expect(read.endDate!.getTime()).toBe(end.getTime());
    const withOffset = await raw("GET", `v1/Appointment/${id}`, { headers: { "SO-TimeZone": "includeTZOffset" } });
    expect(withOffset.body!.StartDate).toBe("2026-03-02T09:30:00+01:00");
    const inNewYork = await raw("GET", `v1/Appointment/${id}`, { headers: { "SO-TimeZone": "US-NY,includeTZOffset" } });
    expect(Date.parse(String(inNewYork.body!.StartDate))).toBe(start.getTime());

    const saved = await tz.putByIdAsync(id, read);
    expect(saved.startDate!.getTime()).toBe(start.getTime());
    const again = await raw("GET", `v1/Appointment/${id}`);
    expect(again.body!.StartDate).toBe("2026-03-02T09:30:00");
    expect(again.body!.EndDate).toBe("2026-03-02T10:30:00");
  });
});

describe("searching with ArchiveAgent.getArchiveListByColumnsAsync (netserver.md §5.6)", () => {
  it("finds what the OData list finds for the same terms, with SuperOffice's encoded display values", async () => {
    const webapi = new so.WebApi(apiUrl);
    webapi.authenticateWithToken(token);
    const items = await webapi.getArchiveAgent().getArchiveListByColumnsAsync(
      "SimpleContact",
      ["contactId", "name", "registeredDate"],
      [{ name: "name", direction: so.OrderBySortType.ASC }],
      [
        { name: "name", operator: "begins", values: ["A"], isActive: true, interOperator: so.InterRestrictionOperator.And },
        { name: "contactId", operator: ">", values: ["[I:1]"], isActive: true },
        { name: "name", operator: "contains", values: ["this restriction is switched off"], isActive: false },
      ],
      ["contact"],
      0,
      25,
    );
    const odata = (await raw("GET", `v1/Contact?${new URLSearchParams({ $select: "contactId,name", $filter: "name begins 'A' and contactId gt 1", $orderBy: "name asc", $top: "25" })}`)).body as { value: { PrimaryKey: string; name: string }[] };
    expect(odata.value.length).toBeGreaterThan(1);
    expect(items.map((i) => i.primaryKey)).toEqual(odata.value.map((r) => Number(r.PrimaryKey)));
    expect(items.map((i) => i.columnData!.name!.displayValue)).toEqual(odata.value.map((r) => r.name));
    for (const item of items) {
      expect(item.entityName).toBe("contact");
      expect(item.columnData!.contactId!.displayValue).toBe(`[I:${item.primaryKey}]`);
      expect(item.columnData!.registeredDate!.displayValue).toMatch(/^\[D:\d{2}\/\d{2}\/\d{4}\]$/);
    }
    // Page 1 of 2-row pages is what $skip=2&$top=2 gives for the same order.
    const page = await webapi.getArchiveAgent().getArchiveListByColumnsAsync("SimpleContact", ["contactId"], [{ name: "name", direction: so.OrderBySortType.ASC }], [{ name: "name", operator: "begins", values: ["A"], isActive: true }], ["contact"], 1, 2);
    const skipped = (await raw("GET", `v1/Contact?${new URLSearchParams({ $select: "contactId", $filter: "name begins 'A'", $orderBy: "name asc", $top: "2", $skip: "2" })}`)).body as { value: { PrimaryKey: string }[] };
    expect(page.map((i) => i.primaryKey)).toEqual(skipped.value.map((r) => Number(r.PrimaryKey)));
    expect(page).toHaveLength(2);
  });
});

describe("validation coverage", () => {
  it("validated every entity body this file received against its Swagger definition", () => {
    expect(validated.get("ContactEntityWithLinks")).toBeGreaterThan(0);
    expect(validated.get("ContactEntity")).toBeGreaterThan(0);
    for (const e of ["Person", "Appointment", "Sale"] as const) {
      expect(validated.get(`${e}EntityWithLinks`), `${e}EntityWithLinks`).toBeGreaterThan(0);
      expect(validated.get(`${e}Entity`), `${e}Entity`).toBeGreaterThan(0);
      expect(validated.get(e), `${e} (Get${e} agent)`).toBeGreaterThan(0);
    }
    expect(validated.get("Contact"), "Contact (GetContact agent)").toBeGreaterThan(0);
  });
});
