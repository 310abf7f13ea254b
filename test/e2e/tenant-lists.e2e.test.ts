import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { responseDefinition, validateBody } from "../support/openapi.js";

/**
 * The OData-like list endpoints end to end (netserver.md §4.5, §5, §10): `GET v1/{Entity}`,
 * `GET|POST v1/Archive/{provider}` and the sub-archives, over HTTP with a real token. Every expected
 * result is computed here, independently, with plain SQL on the store and JavaScript predicates —
 * never with the emulator's query builder — and every list body is validated against the Swagger
 * definition of its endpoint.
 */
type Json = Record<string, any>;

const TENANT = "Cust12345";
const TENANT_ZONE = "Europe/Oslo";
const EMPTY_DATE = "0001-01-01T00:00:00";
const DAY = 86_400_000;

let emulator: StartedEmulator;
let token: string;
let api: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await freshToken();
  api = `${emulator.url}/${TENANT}/api/v1`;
});
afterAll(() => emulator?.stop());

const freshToken = async () => (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
const db = () => emulator.emulator.context.store.db;
const sql = <T = Json>(text: string, ...args: unknown[]): T[] => db().prepare(text).all(TENANT, ...args) as T[];

// ---------------------------------------------------------------------------------------------------
// HTTP

interface Reply {
  status: number;
  text: string;
  json: any;
}

interface CallOptions {
  headers?: Record<string, string>;
  body?: string;
  bearer?: string;
}

/** Query strings built by hand: every value percent-encoded (so `+` in a date stays a plus). */
function query(params: Record<string, string | number>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? "" : `?${entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&")}`;
}

async function call(method: "GET" | "POST" | "DELETE", path: string, options: CallOptions = {}): Promise<Reply> {
  const res = await request(`${api}/${path}`, {
    method,
    headers: { authorization: `Bearer ${options.bearer ?? token}`, accept: "application/json", ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await res.body.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  expect(res.statusCode, `${method} ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`).toBeLessThan(500);
  return { status: res.statusCode, text, json };
}

const postJson = (path: string, body: unknown, bearer?: string) =>
  call("POST", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...(bearer ? { bearer } : {}) });

/** The Swagger file and path template documenting a list path such as `Contact/5/Persons`. */
function swaggerPath(path: string): [string, string] {
  const bare = path.split("?")[0]!;
  if (/^Archive\/[^/]+$/.test(bare)) return ["Swagger-v1-Archive.json", "/api/v1/Archive/{archiveProviderName}"];
  let m = /^(Contact|Person|Appointment|Sale)$/.exec(bare);
  if (m) return [`Swagger-v1-${m[1]}.json`, `/api/v1/${m[1]}`];
  m = /^(Contact|Person|Sale)\/\d+\/(\w+)$/.exec(bare);
  if (m) return [`Swagger-v1-${m[1]}.json`, `/api/v1/${m[1]}/{id}/${m[2]}`];
  throw new Error(`no Swagger path known for ${path}`);
}

/** Every 200 list body: valid against its endpoint's Swagger definition, and SOD's envelope (§5.4). */
function checkListBody(path: string, body: Json, params: Record<string, string | number>) {
  const [file, template] = swaggerPath(path);
  const definition = responseDefinition(file, "get", template);
  expect(definition).toMatch(/(^|\.)ODataSlimResponse$/);
  expect(validateBody(definition, body), `${path} body against ${definition}`).toEqual([]);
  expect(body["odata.metadata"]).toEqual(expect.stringMatching(/\/\$metadata$/));
  expect(body).toHaveProperty("odata.nextLink", null);
  expect(Array.isArray(body.value)).toBe(true);
  const counted = Object.keys(params).some((k) => k.toLowerCase() === "$inlinecount");
  if (!counted) expect(body).not.toHaveProperty("odata.count");
}

/** GET a list; expects 200 and a valid body. */
async function list(path: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}): Promise<Json> {
  const reply = await call("GET", `${path}${query(params)}`, { headers });
  expect(reply.status, `GET ${path}${query(params)}: ${reply.text.slice(0, 300)}`).toBe(200);
  checkListBody(path, reply.json, params);
  return reply.json;
}

/** A refusal in SuperOffice's error body; returns the message. */
function expectError(reply: Reply, status: number): string {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json?.Error).toBe(true);
  expect(reply.json?.ErrorMessage).toEqual(expect.any(String));
  return String(reply.json.ErrorMessage);
}

const keys = (body: Json): number[] => body.value.map((row: Json) => Number(row.PrimaryKey));
const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------------
// Independent expectations: the store read with plain SQL, dates converted with Intl.

const wallFormat = new Map<string, Intl.DateTimeFormat>();
/** A stored UTC date-time as wall-clock time in `zone`, `YYYY-MM-DDTHH:mm:ss`. */
function wall(utc: string, zone = TENANT_ZONE): string {
  let f = wallFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    wallFormat.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(`${utc}Z`)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}
const shown = (utc: string | null, zone = TENANT_ZONE) => (utc ? wall(utc, zone) : EMPTY_DATE);
/** The UTC offset of `zone` at a stored instant, as `+hh:mm`/`-hh:mm`. */
function offset(utc: string, zone: string): string {
  const minutes = (Date.parse(`${wall(utc, zone)}Z`) - Date.parse(`${utc}Z`)) / 60_000;
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
/** The tenant's calendar day of a stored instant. */
const localDay = (utc: string) => wall(utc).slice(0, 10);
const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

interface ContactRow {
  id: number;
  name: string;
  department: string;
  number2: string;
  category_id: number | null;
  category: string | null;
  associate_id: number | null;
  initials: string | null;
  owner_first: string | null;
  owner_last: string | null;
  created_date: string;
  updated_date: string | null;
  emails: string;
  postal_city: string;
}
/** Live companies. */
const contacts = () =>
  sql<ContactRow>(
    `SELECT c.contact_id AS id, c.name, c.department, c.number2, c.category_id, cat.name AS category, c.associate_id,
            a.name AS initials, a.first_name AS owner_first, a.last_name AS owner_last,
            c.created_date, c.updated_date, c.emails, c.postal_city
       FROM contacts c
       LEFT JOIN list_items cat ON cat.context_identifier = c.context_identifier AND cat.list_name = 'category' AND cat.item_id = c.category_id
       LEFT JOIN associates a ON a.context_identifier = c.context_identifier AND a.associate_id = c.associate_id
      WHERE c.context_identifier = ? AND c.deleted_date IS NULL`,
  );

interface PersonRow {
  id: number;
  firstname: string;
  middle_name: string;
  lastname: string;
  contact_id: number | null;
  company: string | null;
  company_category: string | null;
}
/** Live persons whose company (if any) is live too. */
const persons = () =>
  sql<PersonRow>(
    `SELECT p.person_id AS id, p.firstname, p.middle_name, p.lastname, p.contact_id, c.name AS company, cat.name AS company_category
       FROM persons p
       LEFT JOIN contacts c ON c.context_identifier = p.context_identifier AND c.contact_id = p.contact_id
       LEFT JOIN list_items cat ON cat.context_identifier = c.context_identifier AND cat.list_name = 'category' AND cat.item_id = c.category_id
      WHERE p.context_identifier = ? AND p.deleted_date IS NULL
        AND (p.contact_id IS NULL OR (c.contact_id IS NOT NULL AND c.deleted_date IS NULL))`,
  );

interface AppointmentRow {
  id: number;
  associate_id: number;
  initials: string;
  contact_id: number | null;
  live_contact_id: number;
  person_id: number | null;
  live_person_id: number;
  sale_id: number | null;
  task: string | null;
  description: string;
  start_date: string;
  end_date: string;
  completed: string;
}
const appointments = () =>
  sql<AppointmentRow>(
    `SELECT ap.appointment_id AS id, ap.associate_id, a.name AS initials, ap.contact_id,
            CASE WHEN c.deleted_date IS NULL AND c.contact_id IS NOT NULL THEN c.contact_id ELSE 0 END AS live_contact_id,
            ap.person_id,
            CASE WHEN p.deleted_date IS NULL AND p.person_id IS NOT NULL THEN p.person_id ELSE 0 END AS live_person_id,
            ap.sale_id, t.name AS task, ap.description, ap.start_date, ap.end_date, ap.completed
       FROM appointments ap
       JOIN associates a ON a.context_identifier = ap.context_identifier AND a.associate_id = ap.associate_id
       LEFT JOIN contacts c ON c.context_identifier = ap.context_identifier AND c.contact_id = ap.contact_id
       LEFT JOIN persons p ON p.context_identifier = ap.context_identifier AND p.person_id = ap.person_id
       LEFT JOIN list_items t ON t.context_identifier = ap.context_identifier AND t.list_name = 'task' AND t.item_id = ap.task_id
      WHERE ap.context_identifier = ?`,
  );

interface SaleRow {
  id: number;
  heading: string;
  amount: number;
  status: string;
  probability: number;
  saledate: string;
  currency: string | null;
  initials: string;
  contact_id: number | null;
  live_contact_id: number;
  person_id: number | null;
  live_person_id: number;
}
const sales = () =>
  sql<SaleRow>(
    `SELECT s.sale_id AS id, s.heading, s.amount, s.status, s.probability, s.saledate, cur.name AS currency, a.name AS initials, s.contact_id,
            CASE WHEN c.deleted_date IS NULL AND c.contact_id IS NOT NULL THEN c.contact_id ELSE 0 END AS live_contact_id,
            s.person_id,
            CASE WHEN p.deleted_date IS NULL AND p.person_id IS NOT NULL THEN p.person_id ELSE 0 END AS live_person_id
       FROM sales s
       JOIN associates a ON a.context_identifier = s.context_identifier AND a.associate_id = s.associate_id
       LEFT JOIN list_items cur ON cur.context_identifier = s.context_identifier AND cur.list_name = 'currency' AND cur.item_id = s.currency_id
       LEFT JOIN contacts c ON c.context_identifier = s.context_identifier AND c.contact_id = s.contact_id
       LEFT JOIN persons p ON p.context_identifier = s.context_identifier AND p.person_id = s.person_id
      WHERE s.context_identifier = ?`,
  );

const idsWhere = <T extends { id: number }>(rows: T[], predicate: (row: T) => boolean) => sorted(rows.filter(predicate).map((r) => r.id));

/** Case-insensitive text order (what a CI collation gives), then code units. */
const textOrder = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};

// ---------------------------------------------------------------------------------------------------

describe("$filter: the rows SQL on the store finds, for each entity list", () => {
  interface Case {
    entity: "Contact" | "Person" | "Appointment" | "Sale";
    filter: string;
    expected: () => number[];
  }
  const cases: Case[] = [
    { entity: "Contact", filter: "name begins 'A'", expected: () => idsWhere(contacts(), (c) => lower(c.name).startsWith("a")) },
    { entity: "Contact", filter: "category oneOf (1,3)", expected: () => idsWhere(contacts(), (c) => c.category_id === 1 || c.category_id === 3) },
    { entity: "Contact", filter: "number eq '10005'", expected: () => idsWhere(contacts(), (c) => c.number2 === "10005") },
    { entity: "Contact", filter: "contactId between (10,20)", expected: () => idsWhere(contacts(), (c) => c.id >= 10 && c.id <= 20) },
    { entity: "Contact", filter: "name contains 'as' and category eq 2", expected: () => idsWhere(contacts(), (c) => lower(c.name).includes("as") && c.category_id === 2) },
    { entity: "Contact", filter: "(name begins 'A' or name begins 'B') and contactDeleted set false", expected: () => idsWhere(contacts(), (c) => /^[ab]/i.test(c.name)) },
    { entity: "Contact", filter: "associateId associateIsOneOf (1,6) and category ne 1", expected: () => idsWhere(contacts(), (c) => (c.associate_id === 1 || c.associate_id === 6) && c.category_id !== 1) },
    { entity: "Contact", filter: "contactAssociate/lastName eq 'Haugen'", expected: () => idsWhere(contacts(), (c) => c.owner_last === "Haugen") },
    { entity: "Person", filter: "lastName contains 'sen'", expected: () => idsWhere(persons(), (p) => lower(p.lastname).includes("sen")) },
    { entity: "Person", filter: "personContact/name begins 'A'", expected: () => idsWhere(persons(), (p) => lower(p.company).startsWith("a")) },
    { entity: "Person", filter: "firstName eq 'Ada' or lastName begins 'Aa'", expected: () => idsWhere(persons(), (p) => lower(p.firstname) === "ada" || lower(p.lastname).startsWith("aa")) },
    { entity: "Appointment", filter: "associateId associateIsOneOf (1,2)", expected: () => idsWhere(appointments(), (a) => a.associate_id === 1 || a.associate_id === 2) },
    { entity: "Appointment", filter: "date before '2026-01-01'", expected: () => idsWhere(appointments(), (a) => localDay(a.start_date) < "2026-01-01") },
    { entity: "Appointment", filter: "date between ('2025-12-01','2025-12-31')", expected: () => idsWhere(appointments(), (a) => localDay(a.start_date) >= "2025-12-01" && localDay(a.start_date) <= "2025-12-31") },
    { entity: "Appointment", filter: "completed set true", expected: () => idsWhere(appointments(), (a) => a.completed === "Completed") },
    { entity: "Appointment", filter: "completed set false and type oneOf (1,2)", expected: () => idsWhere(appointments(), (a) => a.completed !== "Completed" && (a.task === "Meeting" || a.task === "Phone call")) },
    { entity: "Sale", filter: "amount gt 250000", expected: () => idsWhere(sales(), (s) => s.amount > 250000) },
    { entity: "Sale", filter: "saleStatus eq 'Open'", expected: () => idsWhere(sales(), (s) => s.status === "Open") },
    { entity: "Sale", filter: "probPercent ge 50", expected: () => idsWhere(sales(), (s) => s.probability >= 50) },
    { entity: "Sale", filter: "heading contains 'Chair'", expected: () => idsWhere(sales(), (s) => lower(s.heading).includes("chair")) },
    // `and` binds tighter than `or`.
    { entity: "Sale", filter: "saleStatus eq 'Sold' or saleStatus eq 'Lost' and amount gt 250000", expected: () => idsWhere(sales(), (s) => s.status === "Sold" || (s.status === "Lost" && s.amount > 250000)) },
  ];
  const idColumn = { Contact: "contactId", Person: "personId", Appointment: "appointmentId", Sale: "saleId" } as const;

  it.each(cases)("$entity: $filter", async ({ entity, filter, expected }) => {
    const want = expected();
    const body = await list(entity, { $filter: filter, $select: idColumn[entity], $inlineCount: "true" });
    expect(sorted(keys(body))).toEqual(want);
    expect(body.value).toHaveLength(want.length);
    expect(body["odata.count"]).toBe(want.length);
    // PrimaryKey is the entity's id, as a string in Slim mode.
    for (const row of body.value) expect(row.PrimaryKey).toBe(String(row[idColumn[entity]]));
  });

  it("the filters above are not trivial: each selects some rows and leaves some out", () => {
    const totals = { Contact: contacts().length, Person: persons().length, Appointment: appointments().length, Sale: sales().length };
    for (const c of cases) {
      const n = c.expected().length;
      expect(n, c.filter).toBeGreaterThan(0);
      expect(n, c.filter).toBeLessThan(totals[c.entity]);
    }
  });

  it("without $filter: every live row of the tenant, and odata.count says how many", async () => {
    for (const [entity, rows] of [["Contact", contacts()], ["Person", persons()], ["Appointment", appointments()], ["Sale", sales()]] as const) {
      const body = await list(entity, { $select: idColumn[entity], $inlineCount: "true" });
      expect(sorted(keys(body)), entity).toEqual(sorted(rows.map((r) => r.id)));
      expect(body["odata.count"]).toBe(rows.length);
    }
  });

  it("$inlineCount counts all matching rows, not just the page $top returns", async () => {
    const want = idsWhere(contacts(), (c) => c.category_id === 1 || c.category_id === 3);
    const body = await list("Contact", { $filter: "category oneOf (1,3)", $select: "contactId", $top: 5, $inlineCount: "true" });
    expect(body.value).toHaveLength(5);
    expect(body["odata.count"]).toBe(want.length);
  });

  it("a deleted company drops out of a filter that would match it, and comes back when undeleted", async () => {
    const victim = contacts().find((c) => /^b/i.test(c.name) && c.id !== 1 && !sql("SELECT 1 FROM associates a JOIN persons p ON p.context_identifier = a.context_identifier AND p.person_id = a.person_id WHERE a.context_identifier = ? AND p.contact_id = ?", c.id).length)!;
    expect(victim).toBeDefined();
    const filter = { $filter: "(name begins 'A' or name begins 'B') and contactDeleted set false", $select: "contactId", $inlineCount: "true" };
    expect((await call("DELETE", `Contact/${victim.id}`)).status).toBe(204);
    try {
      const want = idsWhere(contacts(), (c) => /^[ab]/i.test(c.name));
      expect(want).not.toContain(victim.id);
      const body = await list("Contact", filter);
      expect(sorted(keys(body))).toEqual(want);
      expect(body["odata.count"]).toBe(want.length);
    } finally {
      expect((await postJson("Agents/Contact/Undelete", { Id: victim.id })).status).toBe(204);
    }
    expect(keys(await list("Contact", filter))).toContain(victim.id);
  });

  it("text is compared case-insensitively beyond ASCII too: 'øst' finds the companies named Øst…", async () => {
    // SuperOffice runs on a case-insensitive collation: `name begins 'a'` finds "Aalerud AS", and
    // `name begins 'øst'` must find "Østby-Hagen" the same way (the seed has companies named Ø…).
    const want = idsWhere(contacts(), (c) => lower(c.name).startsWith("øst"));
    expect(want.length).toBeGreaterThan(0);
    expect(sorted(keys(await list("Contact", { $filter: "name begins 'Øst'", $select: "contactId" })))).toEqual(want);
    expect(sorted(keys(await list("Contact", { $filter: "name begins 'øst'", $select: "contactId" })))).toEqual(want);
    const one = contacts().find((c) => c.name === "Østby-Hagen");
    if (one) expect(keys(await list("Contact", { $filter: "name eq 'østby-hagen'", $select: "contactId" }))).toEqual([one.id]);
  });
});

describe("dates are compared on the tenant's calendar (Europe/Oslo), not on stored UTC", () => {
  // Three appointments around local midnights: 00:30 on 1 December is 23:30 UTC on 30 November; 23:30 on
  // 31 December is still 31 December in UTC; 00:15 on 1 January is 23:15 UTC on 31 December.
  const locals = ["2025-12-01T00:30:00", "2025-12-31T23:30:00", "2026-01-01T00:15:00"];
  const ends = ["2025-12-01T00:40:00", "2025-12-31T23:40:00", "2026-01-01T00:25:00"];
  const ids: number[] = [];

  beforeAll(async () => {
    for (const [i, start] of locals.entries()) {
      const reply = await postJson("Appointment", { Description: `Lists e2e midnight ${start}`, StartDate: start, EndDate: ends[i], Associate: { AssociateId: 1 } });
      expect(reply.status, reply.text).toBe(200);
      ids.push(Number(reply.json.AppointmentId));
    }
  });

  it("the appointments are stored in UTC, an hour behind Oslo's winter time", () => {
    const stored = ids.map((id) => sql<{ start_date: string }>("SELECT start_date FROM appointments WHERE context_identifier = ? AND appointment_id = ?", id)[0]!.start_date);
    expect(stored).toEqual(["2025-11-30T23:30:00", "2025-12-31T22:30:00", "2025-12-31T23:15:00"]);
    expect(stored.map((s) => wall(s))).toEqual(locals);
  });

  it("between ('2025-12-01','2025-12-31') takes the first two, before '2026-01-01' the first two, date '2026-01-01' the last", async () => {
    const select = { $select: "appointmentId,date" };
    const between = keys(await list("Appointment", { ...select, $filter: "date between ('2025-12-01','2025-12-31')" }));
    expect(ids.filter((id) => between.includes(id))).toEqual([ids[0], ids[1]]);
    const before = keys(await list("Appointment", { ...select, $filter: "date before '2026-01-01'" }));
    expect(ids.filter((id) => before.includes(id))).toEqual([ids[0], ids[1]]);
    const onDay = await list("Appointment", { ...select, $filter: "date date '2026-01-01'" });
    expect(sorted(keys(onDay))).toEqual(idsWhere(appointments(), (a) => localDay(a.start_date) === "2026-01-01"));
    expect(keys(onDay)).toContain(ids[2]);
    const after = keys(await list("Appointment", { ...select, $filter: "date after '2025-11-30'" }));
    expect(ids.filter((id) => after.includes(id))).toEqual(ids);
  });

  it("and the rows show the local times the appointments were made with", async () => {
    const body = await list("Appointment", { $select: "appointmentId,date", $filter: `appointmentId in (${ids.join(",")})`, $orderBy: "appointmentId" });
    expect(body.value.map((r: Json) => r.date)).toEqual(locals);
  });
});

describe("$orderBy", () => {
  /** The returned rows are the expected set, and their sort keys come in the order of `compare`. */
  function expectOrdered<T extends { id: number }>(body: Json, rows: T[], compare: (a: T, b: T) => number, key: (r: T) => unknown) {
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(sorted(keys(body))).toEqual(sorted(rows.map((r) => r.id)));
    const got = keys(body).map((id) => key(byId.get(id)!));
    const want = [...rows].sort(compare).map(key);
    expect(got).toEqual(want);
  }

  it("Contact: name asc, then contactId desc", async () => {
    const rows = contacts().filter((c) => c.category_id === 1 || c.category_id === 2);
    const body = await list("Contact", { $filter: "category oneOf (1,2)", $select: "contactId,name", $orderBy: "name asc,contactId desc" });
    expectOrdered(body, rows, (a, b) => textOrder(a.name, b.name) || b.id - a.id, (r) => r.id);
  });

  it("Contact: name desc (no second column: ties may come in any order, names may not)", async () => {
    const rows = contacts().filter((c) => /^[a-h]/i.test(c.name));
    const body = await list("Contact", { $filter: "name between ('A','I')", $select: "contactId,name", $orderBy: "name desc" });
    expectOrdered(body, rows, (a, b) => textOrder(b.name, a.name), (r) => r.name.toLowerCase());
  });

  it("Sale: saleStatus asc, amount desc", async () => {
    const rows = sales();
    const body = await list("Sale", { $select: "saleId,saleStatus,amount", $orderBy: "saleStatus asc,amount desc" });
    expectOrdered(body, rows, (a, b) => textOrder(a.status, b.status) || b.amount - a.amount, (r) => `${r.status}|${r.amount}`);
  });

  it("Appointment: date desc, appointmentId asc (and $orderby in any case works the same)", async () => {
    const rows = appointments().filter((a) => a.associate_id === 3);
    const body = await list("Appointment", { $filter: "associateId associateIsOneOf (3)", $select: "appointmentId,date", $orderBy: "date desc,appointmentId asc" });
    expectOrdered(body, rows, (a, b) => (a.start_date < b.start_date ? 1 : a.start_date > b.start_date ? -1 : a.id - b.id), (r) => r.id);
    const lowerCase = await list("Appointment", { $filter: "associateId associateIsOneOf (3)", $select: "appointmentId,date", $orderby: "date desc,appointmentId asc" });
    expect(keys(lowerCase)).toEqual(keys(body));
  });

  it("Person: lastName asc, firstName desc", async () => {
    const rows = persons().filter((p) => lower(p.lastname).includes("sen"));
    const body = await list("Person", { $filter: "lastName contains 'sen'", $select: "personId,lastName,firstName", $orderBy: "lastName asc,firstName desc" });
    expectOrdered(body, rows, (a, b) => textOrder(a.lastname, b.lastname) || textOrder(b.firstname, a.firstname), (r) => `${r.lastname.toLowerCase()}|${r.firstname.toLowerCase()}`);
  });
});

describe("paging with $top and $skip", () => {
  async function pages(path: string, params: Record<string, string>, size: number) {
    const all: number[] = [];
    for (let skip = 0; ; skip += size) {
      const body = await list(path, { ...params, $top: size, $skip: skip });
      expect(body.value.length).toBeLessThanOrEqual(size);
      all.push(...keys(body));
      if (body.value.length < size) return { all, pageCount: skip / size + 1 };
    }
  }

  it("Appointment: 25 at a time over 400+ rows, each exactly once and in order", async () => {
    const params = { $filter: "date after '2025-11-30'", $select: "appointmentId,date", $orderBy: "date desc,appointmentId asc" };
    const rows = appointments().filter((a) => localDay(a.start_date) > "2025-11-30");
    expect(rows.length).toBeGreaterThan(100);
    const want = [...rows].sort((a, b) => (a.start_date < b.start_date ? 1 : a.start_date > b.start_date ? -1 : a.id - b.id)).map((r) => r.id);
    const unpaged = keys(await list("Appointment", params));
    expect(unpaged).toEqual(want);
    const { all, pageCount } = await pages("Appointment", params, 25);
    expect(pageCount).toBe(Math.floor(want.length / 25) + 1);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(want);
  });

  it("Contact: 25 at a time by name, contactId", async () => {
    const params = { $filter: "category oneOf (1,2,3)", $select: "contactId,name", $orderBy: "name asc,contactId asc" };
    const rows = contacts().filter((c) => [1, 2, 3].includes(c.category_id ?? 0));
    expect(rows.length).toBeGreaterThan(100);
    const want = [...rows].sort((a, b) => textOrder(a.name, b.name) || a.id - b.id).map((r) => r.id);
    expect(keys(await list("Contact", params))).toEqual(want);
    const { all } = await pages("Contact", params, 25);
    expect(all).toEqual(want);
  });

  it("a $skip past the end is an empty page, still counting every row", async () => {
    const total = contacts().length;
    const body = await list("Contact", { $select: "contactId", $skip: total + 10, $inlineCount: "true" });
    expect(body.value).toEqual([]);
    expect(body["odata.count"]).toBe(total);
  });
});

describe("$select, display typing and the envelope", () => {
  it("Contact: columns as given, list columns as names, associate columns as initials, dates local without suffix", async () => {
    const select = ["contactId", "name", "category", "associateId", "registeredDate", "updatedDate", "number", "contactAssociate/fullName", "email/emailAddress", "postAddress/city"];
    const body = await list("Contact", { $select: select.join(","), $filter: "contactId between (2,30)", $orderBy: "contactId" });
    const rows = contacts().filter((c) => c.id >= 2 && c.id <= 30).sort((a, b) => a.id - b.id);
    expect(rows.length).toBeGreaterThan(10);
    expect(body.value).toEqual(
      rows.map((c) => ({
        PrimaryKey: String(c.id),
        EntityName: "contact",
        contactId: c.id,
        name: c.name,
        category: c.category ?? "",
        associateId: c.initials ?? "",
        registeredDate: shown(c.created_date),
        updatedDate: shown(c.updated_date),
        number: c.number2,
        "contactAssociate/fullName": [c.owner_first, c.owner_last].filter(Boolean).join(" "),
        "email/emailAddress": (JSON.parse(c.emails) as { Value: string }[])[0]?.Value ?? "",
        "postAddress/city": c.postal_city,
      })),
    );
    for (const row of body.value) expect(Object.keys(row)).toEqual(["PrimaryKey", "EntityName", ...select]);
    // Registered dates are instants: shown in Oslo time, an hour or two ahead of the stored UTC.
    expect(body.value.some((r: Json, i: number) => r.registeredDate !== rows[i]!.created_date)).toBe(true);
  });

  it("output keys are the $select strings exactly as written, in any case", async () => {
    const body = await list("Contact", { $select: "ContactId,NAME,contactassociate/FULLNAME", $filter: "contactId eq 5" });
    const c = contacts().find((r) => r.id === 5)!;
    expect(body.value).toEqual([{ PrimaryKey: "5", EntityName: "contact", ContactId: 5, NAME: c.name, "contactassociate/FULLNAME": `${c.owner_first} ${c.owner_last}` }]);
  });

  it("$jsonSafe=true turns unsafe characters in output names into _", async () => {
    const body = await list("Contact", { $select: "contactId,contactAssociate/fullName,email/emailAddress", $filter: "contactId eq 5", $jsonSafe: "true" });
    expect(Object.keys(body.value[0])).toEqual(["PrimaryKey", "EntityName", "contactId", "contactAssociate_fullName", "email_emailAddress"]);
    const c = contacts().find((r) => r.id === 5)!;
    expect(body.value[0].contactAssociate_fullName).toBe(`${c.owner_first} ${c.owner_last}`);
  });

  it("Person: nested personContact/… columns; fullName without double spaces", async () => {
    const body = await list("Person", { $select: "personId,fullName,contactId,personContact/name,personContact/category", $filter: "personContact/name begins 'A'", $orderBy: "personId" });
    const rows = persons().filter((p) => lower(p.company).startsWith("a")).sort((a, b) => a.id - b.id);
    expect(body.value).toEqual(
      rows.map((p) => ({
        PrimaryKey: String(p.id),
        EntityName: "person",
        personId: p.id,
        fullName: [p.firstname, p.middle_name, p.lastname].filter(Boolean).join(" "),
        contactId: p.contact_id,
        "personContact/name": p.company,
        "personContact/category": p.company_category ?? "",
      })),
    );
  });

  it("Appointment: ints as numbers, booleans, task names, initials, local dates", async () => {
    const body = await list("Appointment", { $select: "appointmentId,date,endDate,type,associateId,completed,contactId,text", $filter: "appointmentId between (1,80)", $orderBy: "appointmentId" });
    const rows = appointments().filter((a) => a.id >= 1 && a.id <= 80).sort((a, b) => a.id - b.id);
    expect(body.value).toEqual(
      rows.map((a) => ({
        PrimaryKey: String(a.id),
        EntityName: "appointment",
        appointmentId: a.id,
        date: shown(a.start_date),
        endDate: shown(a.end_date),
        type: a.task ?? "",
        associateId: a.initials,
        completed: a.completed === "Completed",
        contactId: a.live_contact_id,
        text: a.description,
      })),
    );
    expect(body.value.every((r: Json) => !/(Z|[+-]\d\d:\d\d)$/.test(r.date))).toBe(true);
  });

  it("Sale: decimals and ints as numbers, currency as its name, the sale date on the tenant's calendar", async () => {
    const body = await list("Sale", { $select: "saleId,heading,amount,saleStatus,probPercent,date,currency,associateId", $filter: "saleId between (1,60)", $orderBy: "saleId" });
    const rows = sales().filter((s) => s.id >= 1 && s.id <= 60).sort((a, b) => a.id - b.id);
    expect(body.value).toEqual(
      rows.map((s) => ({
        PrimaryKey: String(s.id),
        EntityName: "sale",
        saleId: s.id,
        heading: s.heading,
        amount: s.amount,
        saleStatus: s.status,
        probPercent: s.probability,
        date: shown(s.saledate),
        currency: s.currency ?? "",
        associateId: s.initials,
      })),
    );
  });

  it("$mode=Full: PrimaryKey a number, each column with RawValue and DisplayValue", async () => {
    const body = await list("Contact", { $select: "name,category", $filter: "contactId eq 5", $mode: "Full" });
    const c = contacts().find((r) => r.id === 5)!;
    expect(body.value).toHaveLength(1);
    const row = body.value[0];
    expect(row.PrimaryKey).toBe(5);
    expect(row.EntityName).toBe("contact");
    expect(row.Column.name).toMatchObject({ RawValue: c.name, DisplayValue: c.name });
    expect(row.Column.category).toMatchObject({ RawValue: c.category_id, DisplayValue: c.category });
  });

  it("without $select: the provider's default columns, and a PrimaryKey/EntityName on every row", async () => {
    for (const [entity, name, idKey] of [["Contact", "contact", "contactId"], ["Person", "person", "personId"], ["Appointment", "appointment", "appointmentId"], ["Sale", "sale", "saleId"]] as const) {
      const body = await list(entity, { $top: 3 });
      expect(body.value).toHaveLength(3);
      for (const row of body.value) {
        expect(row.EntityName).toBe(name);
        expect(row.PrimaryKey).toEqual(expect.stringMatching(/^\d+$/));
        expect(row[idKey]).toBe(Number(row.PrimaryKey));
      }
    }
  });

  it("v1/Archive/{provider} serves the same rows as v1/{Entity}, with the provider name in any case", async () => {
    const params = { $select: "contactId,name", $filter: "name begins 'S'", $orderBy: "contactId" };
    const entity = await list("Contact", params);
    expect((await list("Archive/SimpleContact", params)).value).toEqual(entity.value);
    expect((await list("Archive/simplecontact", params)).value).toEqual(entity.value);
    const sale = await list("Sale", { $select: "saleId", $filter: "amount gt 250000" });
    expect((await list("Archive/FindSale", { $select: "saleId", $filter: "amount gt 250000" })).value).toEqual(sale.value);
  });
});

describe("the Swagger definition of list bodies", () => {
  it("ODataSlimResponse rows hold any JSON value (.NET object), but a row itself must be an object", () => {
    const envelope = (value: unknown[]) => ({ "odata.metadata": "x/$metadata", "odata.nextLink": null, value });
    expect(validateBody("ODataSlimResponse", envelope([{ PrimaryKey: "1", EntityName: "contact", n: 1, b: true, d: "2026-01-01T00:00:00", z: null, o: { a: 1 }, l: [1] }]))).toEqual([]);
    expect(validateBody("ODataSlimResponse", envelope(["not a row"]))).not.toEqual([]);
    expect(validateBody("ODataSlimResponse", { ...envelope([]), "odata.metadata": 5 })).not.toEqual([]);
  });
});

describe("refusals", () => {
  const contactCount = () => db().prepare("SELECT count(*) FROM contacts WHERE context_identifier = ?").pluck().get(TENANT) as number;

  it("an unknown column in $filter or $orderBy is a 400 naming it; in $select it comes back empty", async () => {
    expect(expectError(await call("GET", `Contact${query({ $filter: "nosuchcolumn eq 1" })}`), 400)).toContain("nosuchcolumn");
    expect(expectError(await call("GET", `Contact${query({ $orderBy: "nosuchcolumn desc" })}`), 400)).toContain("nosuchcolumn");
    expect(expectError(await call("GET", `Person${query({ $filter: "personContact/nosuch begins 'A'" })}`), 400)).toContain("personContact/nosuch");
    // SuperOffice's samples select columns the emulator does not carry, and work on SOD.
    const selected = await call("GET", `Contact${query({ $select: "contactId,nosuchcolumn", $top: "3" })}`);
    expect(selected.status).toBe(200);
    const rows = (selected.json as { value: Record<string, unknown>[] }).value;
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatchObject({ contactId: expect.any(Number), nosuchcolumn: "" });
  });

  it("a malformed $filter is a 400 naming the position and the token", async () => {
    const cases: [string, string, number, string][] = [
      ["Contact", "name begins 'A')", 15, ")"],
      ["Contact", "(name begins 'A'", 0, "("],
      ["Contact", "name begins 'A' xyz eq 1", 16, "xyz"],
      ["Contact", "name # 'A'", 5, "#"],
      ["Contact", "contactId eq abc", 13, "abc"],
      ["Contact", "category begins 'x'", 9, "begins"],
      ["Contact", "name begins 'A", 12, "'A"],
      ["Contact", "name begins 'A' and and name begins 'B'", 20, "and"],
      ["Appointment", "date before 'yesterday'", 12, "yesterday"],
      ["Sale", "amount gt 5 or", 14, ""],
    ];
    for (const [entity, filter, position, token] of cases) {
      const message = expectError(await call("GET", `${entity}${query({ $filter: filter })}`), 400);
      expect(message, filter).toContain(`position ${position}`);
      if (token) expect(message, filter).toContain(token);
    }
  });

  it("SQL injection: as quoted values they match nothing; as filter text they are refused; nothing is dropped", async () => {
    const before = contactCount();
    expect(before).toBeGreaterThan(250);
    // Injection payloads as the value of a name filter, quoted the OData way ('' is a quote).
    const payloads = ["x'; drop table contacts", "'; drop table contacts; --", "' or 1=1 --", "x' OR '1'='1", "%", "_"];
    for (const payload of payloads) {
      const filter = `name eq '${payload.replace(/'/g, "''")}'`;
      const body = await list("Contact", { $filter: filter, $select: "contactId", $inlineCount: "true" });
      expect(body.value, filter).toEqual([]);
      expect(body["odata.count"]).toBe(0);
    }
    // The brief's spelling of the third one: `''' or 1=1 --'` is the string "' or 1=1 --".
    expect((await list("Contact", { $filter: "name eq ''' or 1=1 --'", $select: "contactId" })).value).toEqual([]);
    // LIKE wildcards in a value are literal characters.
    expect((await list("Contact", { $filter: "name contains '%'", $select: "contactId" })).value).toEqual([]);
    expect((await list("Contact", { $filter: "name begins '_'", $select: "contactId" })).value).toEqual([]);
    // The same text as raw filter syntax is malformed: a 400 naming where it goes wrong.
    expect(expectError(await call("GET", `Contact${query({ $filter: "name eq 'x'; drop table contacts" })}`), 400)).toMatch(/position 11.*;/);
    expect(expectError(await call("GET", `Contact${query({ $filter: "'; drop table contacts; --" })}`), 400)).toMatch(/position 0/);
    expect(expectError(await call("GET", `Contact${query({ $orderBy: "name; drop table contacts" })}`), 400)).toContain("drop");
    expect(expectError(await call("GET", `Contact${query({ $select: "name from contacts; drop table contacts; --" })}`), 400)).toContain("drop");
    expect(contactCount()).toBe(before);
    expect(sorted(keys(await list("Contact", { $select: "contactId" })))).toEqual(sorted(contacts().map((c) => c.id)));
  });

  it("$top and $skip must be whole numbers", async () => {
    expect(expectError(await call("GET", `Contact${query({ $top: "abc" })}`), 400)).toContain("$top");
    expect(expectError(await call("GET", `Contact${query({ $skip: "-1" })}`), 400)).toContain("$skip");
    expect(expectError(await call("GET", `Contact${query({ $top: "1; drop table contacts" })}`), 400)).toContain("$top");
  });

  it("an unknown provider is a 404; so is a sub-archive of a missing parent", async () => {
    expect(expectError(await call("GET", "Archive/NoSuch"), 404)).toContain("NoSuch");
    expect(expectError(await call("GET", "Contact/999999/Persons"), 404)).toContain("999999");
    expect(expectError(await call("GET", "Person/999999/Appointments"), 404)).toContain("999999");
    expect(expectError(await call("GET", "Sale/999999/Activities"), 404)).toContain("999999");
  });

  it("the POST form variant of v1/Archive/SimpleContact gives the same rows as GET", async () => {
    const params = { $select: "contactId,name,category,contactAssociate/fullName", $filter: "name begins 'H' and category oneOf (1,2,4)", $orderBy: "name desc,contactId", $top: "30", $inlineCount: "true" };
    const get = await list("Archive/SimpleContact", params);
    const reply = await call("POST", "Archive/SimpleContact", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params).toString(),
    });
    expect(reply.status, reply.text).toBe(200);
    checkListBody("Archive/SimpleContact", reply.json, params);
    expect(reply.json.value).toEqual(get.value);
    expect(reply.json["odata.count"]).toBe(get["odata.count"]);
    const want = idsWhere(contacts(), (c) => lower(c.name).startsWith("h") && [1, 2, 4].includes(c.category_id ?? 0));
    expect(reply.json["odata.count"]).toBe(want.length);
    expect(want).toEqual(expect.arrayContaining(keys(reply.json)));
  });
});

describe("sub-archives return exactly their parent's rows", () => {
  const busiestContact = () =>
    sql<{ id: number }>(
      `SELECT c.contact_id AS id FROM contacts c WHERE c.context_identifier = ? AND c.deleted_date IS NULL AND c.contact_id <> 1
        ORDER BY (SELECT count(*) FROM persons p WHERE p.context_identifier = c.context_identifier AND p.contact_id = c.contact_id AND p.deleted_date IS NULL) > 0 DESC,
                 (SELECT count(*) FROM appointments a WHERE a.context_identifier = c.context_identifier AND a.contact_id = c.contact_id) +
                 (SELECT count(*) FROM sales s WHERE s.context_identifier = c.context_identifier AND s.contact_id = c.contact_id) DESC, c.contact_id LIMIT 1`,
    )[0]!.id;

  it("Contact/{id}/Persons, /Appointments, /Sales", async () => {
    const id = busiestContact();
    const wantPersons = idsWhere(persons(), (p) => p.contact_id === id);
    const wantAppointments = idsWhere(appointments(), (a) => a.contact_id === id);
    const wantSales = idsWhere(sales(), (s) => s.contact_id === id);
    expect(wantPersons.length).toBeGreaterThan(0);
    expect(wantAppointments.length).toBeGreaterThan(1);
    expect(wantSales.length).toBeGreaterThan(1);
    expect(sorted(keys(await list(`Contact/${id}/Persons`)))).toEqual(wantPersons);
    expect(sorted(keys(await list(`Contact/${id}/Appointments`)))).toEqual(wantAppointments);
    expect(sorted(keys(await list(`Contact/${id}/Sales`)))).toEqual(wantSales);
    const persons$ = await list(`Contact/${id}/Persons`, { $select: "personId,contactId,lastName", $inlineCount: "true" });
    expect(persons$["odata.count"]).toBe(wantPersons.length);
    for (const row of persons$.value) expect(row.contactId).toBe(id);
  });

  it("accept $select, $filter, $top and $orderBy", async () => {
    const id = busiestContact();
    const completed = idsWhere(appointments(), (a) => a.contact_id === id && a.completed === "Completed");
    const body = await list(`Contact/${id}/Appointments`, { $select: "appointmentId,contactId,completed", $filter: "completed set true", $inlineCount: "true" });
    expect(sorted(keys(body))).toEqual(completed);
    expect(body["odata.count"]).toBe(completed.length);
    for (const row of body.value) expect(row).toEqual({ PrimaryKey: String(row.appointmentId), EntityName: "appointment", appointmentId: row.appointmentId, contactId: id, completed: true });
    const top = await list(`Contact/${id}/Sales`, { $select: "saleId,amount", $orderBy: "amount desc,saleId", $top: 1 });
    const best = sales().filter((s) => s.contact_id === id).sort((a, b) => b.amount - a.amount || a.id - b.id)[0]!;
    expect(top.value).toEqual([{ PrimaryKey: String(best.id), EntityName: "sale", saleId: best.id, amount: best.amount }]);
    // A filter on another company's id within the sub-archive finds nothing.
    expect((await list(`Contact/${id}/Persons`, { $filter: `contactId eq ${id + 1}` })).value).toEqual([]);
  });

  it("Person/{id}/Appointments and /Sales", async () => {
    const { id } = sql<{ id: number }>(
      `SELECT p.person_id AS id FROM persons p WHERE p.context_identifier = ? AND p.deleted_date IS NULL
        ORDER BY (SELECT count(*) FROM appointments a WHERE a.context_identifier = p.context_identifier AND a.person_id = p.person_id) > 1 DESC,
                 (SELECT count(*) FROM sales s WHERE s.context_identifier = p.context_identifier AND s.person_id = p.person_id) DESC LIMIT 1`,
    )[0]!;
    const wantAppointments = idsWhere(appointments(), (a) => a.person_id === id);
    const wantSales = idsWhere(sales(), (s) => s.person_id === id);
    expect(wantAppointments.length).toBeGreaterThan(1);
    expect(wantSales.length).toBeGreaterThan(0);
    expect(sorted(keys(await list(`Person/${id}/Appointments`)))).toEqual(wantAppointments);
    expect(sorted(keys(await list(`Person/${id}/Sales`)))).toEqual(wantSales);
    const top = await list(`Person/${id}/Appointments`, { $select: "appointmentId,personId", $top: 1, $orderBy: "appointmentId desc" });
    expect(top.value).toEqual([{ PrimaryKey: String(wantAppointments.at(-1)), EntityName: "appointment", appointmentId: wantAppointments.at(-1), personId: id }]);
  });

  it("Sale/{id}/Activities", async () => {
    const { id } = sql<{ id: number }>(
      `SELECT sale_id AS id FROM appointments WHERE context_identifier = ? AND sale_id IS NOT NULL GROUP BY sale_id ORDER BY count(*) DESC, sale_id LIMIT 1`,
    )[0]!;
    const want = idsWhere(appointments(), (a) => a.sale_id === id);
    expect(want.length).toBeGreaterThan(0);
    const body = await list(`Sale/${id}/Activities`, { $select: "appointmentId,saleId,date" });
    expect(sorted(keys(body))).toEqual(want);
    for (const row of body.value) expect(row.saleId).toBe(id);
    // A sale without activities: an empty list, not a 404.
    const idle = sql<{ id: number }>("SELECT sale_id AS id FROM sales s WHERE context_identifier = ? AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.context_identifier = s.context_identifier AND a.sale_id = s.sale_id) LIMIT 1")[0]!.id;
    expect((await list(`Sale/${idle}/Activities`)).value).toEqual([]);
  });
});

describe("SO-TimeZone", () => {
  const params = { $select: "appointmentId,date,endDate", $filter: "appointmentId between (1,60)", $orderBy: "appointmentId" };

  it("US-NY shows appointment dates 6 hours earlier than the tenant's Oslo time", async () => {
    const oslo = await list("Appointment", params);
    const ny = await list("Appointment", params, { "SO-TimeZone": "US-NY" });
    const rows = appointments().filter((a) => a.id <= 60).sort((a, b) => a.id - b.id);
    expect(keys(ny)).toEqual(rows.map((r) => r.id));
    expect(ny.value.map((r: Json) => r.date)).toEqual(rows.map((r) => wall(r.start_date, "America/New_York")));
    ny.value.forEach((row: Json, i: number) => {
      const o = oslo.value[i];
      // The seed's appointments lie between November and early March: standard time on both sides.
      expect(Date.parse(`${o.date}Z`) - Date.parse(`${row.date}Z`), `appointment ${row.appointmentId}`).toBe(6 * 3_600_000);
      expect(Date.parse(`${o.endDate}Z`) - Date.parse(`${row.endDate}Z`)).toBe(6 * 3_600_000);
      expect(row.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    });
  });

  it(",includeTZOffset carries the offset: -05:00 for US-NY, +01:00 for NO, Z for UTC", async () => {
    const rows = appointments().filter((a) => a.id <= 60).sort((a, b) => a.id - b.id);
    const ny = await list("Appointment", params, { "SO-TimeZone": "US-NY,includeTZOffset" });
    expect(ny.value.map((r: Json) => r.date)).toEqual(rows.map((r) => `${wall(r.start_date, "America/New_York")}${offset(r.start_date, "America/New_York")}`));
    expect(ny.value.every((r: Json) => r.date.endsWith("-05:00"))).toBe(true);
    const no = await list("Appointment", params, { "SO-TimeZone": "NO,includeTZOffset" });
    expect(no.value.map((r: Json) => r.date)).toEqual(rows.map((r) => `${wall(r.start_date)}+01:00`));
    const utc = await list("Appointment", params, { "SO-TimeZone": "UTC,includeTZOffset" });
    expect(utc.value.map((r: Json) => r.date)).toEqual(rows.map((r) => `${r.start_date}Z`));
  });
});

describe("soft delete round trip (netserver.md §10)", () => {
  /** A company (not the tenant's own, none of its persons a user) with persons, appointments and sales. */
  function deletableContact(exclude: number[] = []): number {
    return sql<{ id: number }>(
      `SELECT c.contact_id AS id FROM contacts c WHERE c.context_identifier = ? AND c.deleted_date IS NULL AND c.contact_id <> 1
          AND NOT EXISTS (SELECT 1 FROM associates a JOIN persons p ON p.context_identifier = a.context_identifier AND p.person_id = a.person_id
                          WHERE a.context_identifier = c.context_identifier AND p.contact_id = c.contact_id)
          AND EXISTS (SELECT 1 FROM persons p WHERE p.context_identifier = c.context_identifier AND p.contact_id = c.contact_id AND p.deleted_date IS NULL)
          AND EXISTS (SELECT 1 FROM appointments a WHERE a.context_identifier = c.context_identifier AND a.contact_id = c.contact_id)
          AND EXISTS (SELECT 1 FROM sales s WHERE s.context_identifier = c.context_identifier AND s.contact_id = c.contact_id)
          ${exclude.length ? `AND c.contact_id NOT IN (${exclude.join(",")})` : ""}
        ORDER BY c.contact_id LIMIT 1`,
    )[0]!.id;
  }
  const appointmentsOf = (contactId: number) => sql<{ id: number; person_id: number | null }>("SELECT appointment_id AS id, person_id FROM appointments WHERE context_identifier = ? AND contact_id = ? ORDER BY 1", contactId);
  const salesOf = (contactId: number) => sql<{ id: number; person_id: number | null }>("SELECT sale_id AS id, person_id FROM sales WHERE context_identifier = ? AND contact_id = ? ORDER BY 1", contactId);
  const personsOf = (contactId: number) => sql<{ id: number }>("SELECT person_id AS id FROM persons WHERE context_identifier = ? AND contact_id = ? AND deleted_date IS NULL ORDER BY 1", contactId).map((r) => r.id);
  const used: number[] = [];

  it("DELETE a company with persons: gone everywhere, references show 0; Undelete brings it back with its persons", async () => {
    const id = deletableContact();
    used.push(id);
    const people = personsOf(id);
    const apps = appointmentsOf(id);
    const deals = salesOf(id);
    expect(people.length).toBeGreaterThan(0);
    const personFilter = { $filter: `personId in (${people.join(",")})`, $select: "personId" };
    const appFilter = { $filter: `appointmentId in (${apps.map((a) => a.id).join(",")})`, $select: "appointmentId,contactId,personId,contact/name", $orderBy: "appointmentId" };
    const saleFilter = { $filter: `saleId in (${deals.map((s) => s.id).join(",")})`, $select: "saleId,contactId,personId", $orderBy: "saleId" };
    const appsBefore = await list("Appointment", appFilter);
    expect(appsBefore.value.map((r: Json) => r.contactId)).toEqual(apps.map(() => id));
    expect(sorted(keys(await list(`Contact/${id}/Persons`)))).toEqual(people);

    expect((await call("DELETE", `Contact/${id}`)).status).toBe(204);
    expectError(await call("GET", `Contact/${id}`), 404);
    for (const p of people) expectError(await call("GET", `Person/${p}`), 404);
    expect((await list("Contact", { $filter: `contactId eq ${id}`, $select: "contactId" })).value).toEqual([]);
    expect(keys(await list("Contact", { $select: "contactId" }))).not.toContain(id);
    expect((await list("Person", personFilter)).value).toEqual([]);
    expect((await list("Person", { $filter: `contactId eq ${id}`, $select: "personId" })).value).toEqual([]);
    expectError(await call("GET", `Contact/${id}/Persons`), 404);
    expectError(await call("GET", `Contact/${id}/Appointments`), 404);
    expectError(await call("GET", `Person/${people[0]}/Appointments`), 404);
    // Appointments and sales stay, their company (and its persons) shown as absent.
    const appsDuring = await list("Appointment", appFilter);
    expect(appsDuring.value).toEqual(apps.map((a) => ({ PrimaryKey: String(a.id), EntityName: "appointment", appointmentId: a.id, contactId: 0, personId: 0, "contact/name": "" })));
    const salesDuring = await list("Sale", saleFilter);
    expect(salesDuring.value).toEqual(deals.map((s) => ({ PrimaryKey: String(s.id), EntityName: "sale", saleId: s.id, contactId: 0, personId: 0 })));
    // Filtering on the deleted company finds nothing; on contactId 0 the appointments are there.
    expect((await list("Appointment", { $filter: `contactId eq ${id}`, $select: "appointmentId" })).value).toEqual([]);
    expect(keys(await list("Appointment", { $filter: "contactId eq 0", $select: "appointmentId" }))).toEqual(expect.arrayContaining(apps.map((a) => a.id)));

    expect((await postJson("Agents/Contact/Undelete", { Id: id })).status).toBe(204);
    expect((await call("GET", `Contact/${id}`)).status).toBe(200);
    for (const p of people) expect((await call("GET", `Person/${p}`)).status).toBe(200);
    expect(keys(await list("Contact", { $filter: `contactId eq ${id}`, $select: "contactId" }))).toEqual([id]);
    expect(sorted(keys(await list("Person", personFilter)))).toEqual(people);
    expect(sorted(keys(await list(`Contact/${id}/Persons`)))).toEqual(people);
    expect((await list("Appointment", appFilter)).value).toEqual(appsBefore.value);
    expect((await list("Sale", saleFilter)).value.map((r: Json) => r.contactId)).toEqual(deals.map(() => id));
  });

  it("DELETE a person alone, then Undelete it", async () => {
    const contactId = deletableContact(used);
    used.push(contactId);
    const [personId, ...others] = personsOf(contactId);
    expect((await call("DELETE", `Person/${personId}`)).status).toBe(204);
    expectError(await call("GET", `Person/${personId}`), 404);
    expect((await call("GET", `Contact/${contactId}`)).status).toBe(200);
    expect(sorted(keys(await list(`Contact/${contactId}/Persons`)))).toEqual(others);
    expect((await list("Person", { $filter: `personId eq ${personId}`, $select: "personId" })).value).toEqual([]);
    expectError(await call("GET", `Person/${personId}/Appointments`), 404);
    const refs = sql<{ id: number }>("SELECT appointment_id AS id FROM appointments WHERE context_identifier = ? AND person_id = ?", personId).map((r) => r.id);
    if (refs.length) {
      const body = await list("Appointment", { $filter: `appointmentId in (${refs.join(",")})`, $select: "appointmentId,personId,contactId" });
      for (const row of body.value) expect(row).toMatchObject({ personId: 0, contactId });
    }

    expect((await postJson("Agents/Person/Undelete", { Id: personId })).status).toBe(204);
    expect((await call("GET", `Person/${personId}`)).status).toBe(200);
    expect(sorted(keys(await list(`Contact/${contactId}/Persons`)))).toEqual(sorted([personId!, ...others]));
    expect(keys(await list("Person", { $filter: `personId eq ${personId}`, $select: "personId" }))).toEqual([personId]);
    expectError(await postJson("Agents/Person/Undelete", { Id: 999999 }), 404);
    expectError(await postJson("Agents/Contact/Undelete", { Id: 999999 }), 404);
  });

  it("undeleting a company does not bring back a person deleted on their own just before it", async () => {
    const company = await postJson("Contact", { Name: `Lists e2e undelete ${process.pid}` });
    expect(company.status, company.text).toBe(200);
    const contactId = Number(company.json.ContactId);
    const made: number[] = [];
    for (const lastname of ["Alone", "Along"]) {
      const p = await postJson("Person", { Firstname: "Lists", Lastname: lastname, Contact: { ContactId: contactId } });
      expect(p.status, p.text).toBe(200);
      made.push(Number(p.json.PersonId));
    }
    const [alone, along] = made as [number, number];
    // Both deletions within one clock second, where a second-resolution timestamp cannot tell them apart.
    const clock = emulator.emulator.context.clock;
    while (clock.now() % 1000 > 200) await new Promise((r) => setTimeout(r, 1000 - (clock.now() % 1000) + 5));
    expect((await call("DELETE", `Person/${alone}`)).status).toBe(204);
    expect((await call("DELETE", `Contact/${contactId}`)).status).toBe(204);
    expect((await postJson("Agents/Contact/Undelete", { Id: contactId })).status).toBe(204);
    expect((await call("GET", `Person/${along}`)).status).toBe(200);
    expectError(await call("GET", `Person/${alone}`), 404);
    expect(sorted(keys(await list(`Contact/${contactId}/Persons`)))).toEqual([along]);
  });

  it("after 14 days a deleted company is purged: Undelete is 404, the row is gone, references are cleared", async () => {
    const id = deletableContact(used);
    used.push(id);
    const people = personsOf(id);
    const apps = appointmentsOf(id);
    const deals = salesOf(id);
    expect((await call("DELETE", `Contact/${id}`)).status).toBe(204);
    // A purge right now (the retention has not passed) keeps it.
    await list("Contact", { $top: 1 });
    expect(sql("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?", id)).toHaveLength(1);

    const clock = emulator.emulator.context.clock;
    const shift = 15 * DAY + 2 * 60_000; // past the retention, and more than the purge's minute apart
    clock.advance(shift);
    try {
      const later = await freshToken(); // the first token has expired 15 days on
      const reply = await call("GET", `Contact${query({ $top: 1, $select: "contactId" })}`, { bearer: later });
      expect(reply.status, reply.text).toBe(200);
      expect(sql("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?", id)).toEqual([]);
      expect(sql(`SELECT 1 FROM persons WHERE context_identifier = ? AND person_id IN (${people.join(",")})`)).toEqual([]);
      expectError(await postJson("Agents/Contact/Undelete", { Id: id }, later), 404);
      expectError(await postJson("Agents/Person/Undelete", { Id: people[0] }, later), 404);
      const appRows = sql<{ contact_id: number | null; person_id: number | null }>(`SELECT contact_id, person_id FROM appointments WHERE context_identifier = ? AND appointment_id IN (${apps.map((a) => a.id).join(",")}) ORDER BY appointment_id`);
      expect(appRows).toHaveLength(apps.length);
      expect(appRows.map((r) => r.contact_id)).toEqual(apps.map(() => null));
      expect(appRows.map((r) => r.person_id)).toEqual(apps.map((a) => (a.person_id !== null && people.includes(a.person_id) ? null : a.person_id)));
      const saleRows = sql<{ contact_id: number | null }>(`SELECT contact_id FROM sales WHERE context_identifier = ? AND sale_id IN (${deals.map((s) => s.id).join(",")})`);
      expect(saleRows.map((r) => r.contact_id)).toEqual(deals.map(() => null));
      // And the lists still show those appointments, without a company.
      const body = await list("Appointment", { $filter: `appointmentId in (${apps.map((a) => a.id).join(",")})`, $select: "appointmentId,contactId" }, { authorization: `Bearer ${later}` });
      expect(body.value.map((r: Json) => r.contactId)).toEqual(apps.map(() => 0));
    } finally {
      clock.advance(-shift);
    }
  });
});
