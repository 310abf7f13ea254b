import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { tenantApiClient, type Reply } from "../support/http.js";

/**
 * Adversarial conformance pass over the list/archive half of netserver.md (§4.5, §5, §10): every
 * operator alias per column type, periods, date edges, quoting, $select/$orderBy/$top/$skip edges,
 * the POST form variant, sub-archives, soft delete and the list agents, tenant isolation. Expected
 * rows come from plain SQL on the store and JavaScript predicates, never from the emulator's builder.
 * Product rules: never a 500, never a stack trace, a tenant's token never reads another tenant.
 */
type Json = Record<string, any>;
const TENANT = "Cust12345";
const OTHER = "Cust54321";
const ZONE = "Europe/Oslo";

let emulator: StartedEmulator;
let token: string;
const signIn = async (tenant = TENANT) => (await emulator.admin.signIn({ tenant, user: "ada.admin@example.com" })).access_token;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await signIn();
});
afterAll(() => emulator?.stop());

const db = () => databaseOf(emulator.emulator.context.store);
const sql = <T = Json>(text: string, ...args: unknown[]): T[] => db().prepare(text).all(TENANT, ...args) as T[];

const v1 = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token, prefix: "v1/" });
const call = (method: string, path: string, opts: { body?: string; type?: string; bearer?: string; tenant?: string } = {}) =>
  v1(method, path, { body: opts.body, tenant: opts.tenant, token: opts.bearer, headers: opts.type ? { "content-type": opts.type } : {} });
const q = (params: Record<string, string | number>) => `?${Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&")}`;
async function list(path: string, params: Record<string, string | number>): Promise<Json> {
  const r = await call("GET", `${path}${q(params)}`);
  expect(r.status, `${path} ${JSON.stringify(params)}: ${r.text.slice(0, 300)}`).toBe(200);
  return r.json;
}
const postJson = (path: string, body: unknown) => call("POST", path, { body: JSON.stringify(body), type: "application/json" });
const ids = (body: Json) => body.value.map((r: Json) => Number(r.PrimaryKey)).sort((a: number, b: number) => a - b);
const sortIds = (xs: number[]) => [...xs].sort((a, b) => a - b);
/** §3 / product rule: an error is a SuperOffice error object, never a 500 or a stack trace. */
function expect400(r: Reply) {
  expect(r.status, r.text.slice(0, 300)).toBe(400);
  expect(r.json).toMatchObject({ Error: true });
  expect(r.text).not.toMatch(/\n\s+at |\.ts:\d+/);
}

const wallFmt = new Intl.DateTimeFormat("sv-SE", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
/** Stored UTC text → the tenant's wall time `YYYY-MM-DDTHH:mm:ss`. */
const wall = (utc: string) => wallFmt.format(new Date(`${utc}Z`)).replace(" ", "T");
const low = (s: string | null) => (s ?? "").toLocaleLowerCase("nb");

const contacts = () => sql<{ id: number; name: string; category_id: number | null; associate_id: number | null; description: string | null; org_nr: string | null }>(
  "SELECT contact_id AS id, name, category_id, associate_id, description, org_nr FROM contacts WHERE context_identifier = ? AND deleted_date IS NULL");
const appointments = () => sql<{ id: number; start: string; associate_id: number }>("SELECT appointment_id AS id, start_date AS start, associate_id FROM appointments WHERE context_identifier = ?");
const sales = () => sql<{ id: number; amount: number }>("SELECT sale_id AS id, amount FROM sales WHERE context_identifier = ?");
const where = <T extends { id: number }>(rows: T[], p: (r: T) => boolean) => sortIds(rows.filter(p).map((r) => r.id));

describe("§5.3 every operator and alias, per column type, finds the rows the store says", () => {
  type Case = [string, string, () => number[]];
  const C = (f: string, p: (c: ReturnType<typeof contacts>[number]) => boolean): Case => ["Contact", f, () => where(contacts(), p)];
  const someTime = () => appointments()[0]!.start;
  const cases: Case[] = [
    // int/decimal: eq = equals set; ne unequals; lt less; le; gt greater; ge; between; in
    C("contactId = 5", (c) => c.id === 5), C("contactId equals 5", (c) => c.id === 5), C("contactId set 5", (c) => c.id === 5),
    C("contactId unequals 5", (c) => c.id !== 5), C("contactId <> 5", (c) => c.id !== 5), C("contactId != 5", (c) => c.id !== 5),
    C("contactId less 10", (c) => c.id < 10), C("contactId le 10", (c) => c.id <= 10), C("contactId greater 290", (c) => c.id > 290),
    C("contactId >= 290", (c) => c.id >= 290), C("contactId in (1,2,3)", (c) => [1, 2, 3].includes(c.id)),
    ["Sale", "amount between (10000, 50000)", () => where(sales(), (s) => s.amount >= 10000 && s.amount <= 50000)],
    ["Sale", "amount gt -1 and amount lt 20000.5", () => where(sales(), (s) => s.amount < 20000.5)],
    // string: begins notBegins contains notContains is isNot ends notEnds in eq, the functions, unquoted words
    C("name is 'Fjordline Trading AS'", (c) => low(c.name) === "fjordline trading as"), C("name isNot 'Fjordline Trading AS'", (c) => low(c.name) !== "fjordline trading as"),
    C("name notBegins 'a'", (c) => !low(c.name).startsWith("a")), C("name notContains 'SEN'", (c) => !low(c.name).includes("sen")),
    C("name ends 'as'", (c) => low(c.name).endsWith("as")), C("name notEnds 'AS'", (c) => !low(c.name).endsWith("as")),
    C("name in ('fjordline trading as','NORDSKAUG RFH')", (c) => ["fjordline trading as", "nordskaug rfh"].includes(low(c.name))),
    C("startswith(name,'B')", (c) => low(c.name).startsWith("b")), C("endswith(name,'asa')", (c) => low(c.name).endsWith("asa")),
    C("substringof('sen', name)", (c) => low(c.name).includes("sen")), C("contains(name,'Sen')", (c) => low(c.name).includes("sen")),
    C("name begins Fj", (c) => low(c.name).startsWith("fj")),
    // unicode case folding beyond ASCII, for every string operator shape
    C("name contains 'ØR'", (c) => low(c.name).includes("ør")), C("name notContains 'ø'", (c) => !low(c.name).includes("ø")),
    C("name ends 'SÆTER'", (c) => low(c.name).endsWith("sæter")),
    // list ids: equals oneOf notOneOf; associates: associateIsOneOf associateIsNotOneOf currentAssociate
    C("category equals 1", (c) => c.category_id === 1), C("category oneOf (3,6)", (c) => [3, 6].includes(c.category_id ?? 0)),
    C("category notOneOf (1,2)", (c) => ![1, 2].includes(c.category_id ?? 0)),
    C("associateId associateIsNotOneOf (1,6)", (c) => ![1, 6].includes(c.associate_id ?? 0)),
    C("associateId currentAssociate", (c) => c.associate_id === 1), // ada.admin is associate 1 (AH)
    // bool: set true|false, a bare column, numbers
    C("hasInfoText set true", (c) => !!c.description), C("hasInfoText", (c) => !!c.description), C("hasInfoText eq 0", (c) => !c.description),
    // special columns
    C("getAllRows=true", () => true), C("getNoRows or contactId eq 3", (c) => c.id === 3),
    // date: before after date beforeOrEqual between dateBetween; datetime: dateTime beforeTime afterTime
    ["Appointment", "date beforeOrEqual '2025-12-31'", () => where(appointments(), (a) => wall(a.start).slice(0, 10) <= "2025-12-31")],
    ["Appointment", "date dateBetween ('2026-01-05','2026-01-11')", () => where(appointments(), (a) => wall(a.start).slice(0, 10) >= "2026-01-05" && wall(a.start).slice(0, 10) <= "2026-01-11")],
    ["Appointment", "date afterTime '2026-01-15T12:00:00'", () => where(appointments(), (a) => wall(a.start) > "2026-01-15T12:00:00")],
    ["Appointment", "time beforeTime '2026-01-15T12:00:00'", () => where(appointments(), (a) => wall(a.start) < "2026-01-15T12:00:00")],
    ["Appointment", "time dateTime '{local start of the first stored appointment}'", () => where(appointments(), (a) => a.start === someTime())],
  ];
  it.each(cases)("%s: %s", async (entity, filter, expected) => {
    const f = filter.replace(/\{[^}]*\}/, () => wall(someTime()));
    const want = expected();
    const body = await list(entity, { $filter: f, $select: { Contact: "contactId", Sale: "saleId", Appointment: "appointmentId" }[entity]!, $inlineCount: "true" });
    expect(ids(body)).toEqual(want);
    expect(body["odata.count"]).toBe(want.length);
  });
});

describe("§5.3 edges that must be a 400, never a 500", () => {
  it("an unknown word operator on a date column ('date constructor') is a 400 like any other unknown operator", async () => {
    expect400(await call("GET", `Appointment${q({ $filter: "date frobnicate" })}`));
    // Same text, different word: must not reach Object.prototype (periods.ts namedPeriod looks up `named[operator]`).
    expect400(await call("GET", `Appointment${q({ $filter: "date constructor" })}`));
    expect400(await call("GET", `Sale${q({ $filter: "date constructor" })}`));
  });

  it("a long but legal chain of conditions (under the 10,000-character limit) is answered, not a 500", async () => {
    const filter = Array(1200).fill("stop").join(" or ");
    expect(filter.length).toBeLessThan(10_000);
    const r = await call("GET", `Contact${q({ $filter: filter, $select: "contactId", $top: 1 })}`);
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    expect(r.json.value).toEqual([]); // `stop` is never set: every condition is false
  });

  it("parentheses nest 64 deep; 65 is a 400 naming the position", async () => {
    const nest = (n: number) => `${"(".repeat(n)}contactId eq 7${")".repeat(n)}`;
    expect(ids(await list("Contact", { $filter: nest(64), $select: "contactId" }))).toEqual([7]);
    const r = await call("GET", `Contact${q({ $filter: nest(65) })}`);
    expect400(r);
    expect(r.json.ErrorMessage).toContain("position 64");
  });

  it("an impossible calendar date is refused by the date operators, as it is by the date-time ones", async () => {
    // Control: the date-time operators already refuse month 13.
    expect400(await call("GET", `Appointment${q({ $filter: "date beforeTime '2026-13-01T00:00:00'" })}`));
    // 30 February does not exist: `date` must not silently mean 2 March.
    for (const f of ["date date '2026-02-30'", "date before '2026-13-45'", "date between ('2026-00-00','2026-01-10')"]) {
      expect400(await call("GET", `Appointment${q({ $filter: f })}`));
    }
  });
});

describe("§5.3 values as written", () => {
  it("an unquoted number on a string column keeps its digits (leading zeros too), as SuperOffice's `number2 contains 10110`", async () => {
    const zero = contacts().find((c) => /^0\d+$/.test(c.org_nr ?? ""))!;
    expect(zero).toBeDefined();
    const quoted = await list("Contact", { $filter: `orgnr eq '${zero.org_nr}'`, $select: "orgnr" });
    expect(ids(quoted)).toContain(zero.id);
    const unquoted = await list("Contact", { $filter: `orgnr eq ${zero.org_nr}`, $select: "orgnr" });
    expect(ids(unquoted)).toEqual(ids(quoted));
    expect(ids(await list("Contact", { $filter: `orgnr begins ${zero.org_nr!.slice(0, 4)}`, $select: "orgnr" }))).toContain(zero.id);
  });

  it("a year below 100 is that year, not 19xx (Date.UTC's two-digit-year rule)", async () => {
    const made = await postJson("Appointment", { Description: "conformance 1995", StartDate: "1995-06-01T10:00:00", EndDate: "1995-06-01T11:00:00", Associate: { AssociateId: 1 } });
    expect(made.status, made.text).toBe(200);
    const id = Number(made.json.AppointmentId);
    expect(ids(await list("Appointment", { $filter: "date date '1995-06-01'", $select: "appointmentId" }))).toContain(id);
    expect(ids(await list("Appointment", { $filter: "date date '0095-06-01'", $select: "appointmentId" }))).toEqual([]);
    expect(ids(await list("Appointment", { $filter: "date before '0099-01-01'", $select: "appointmentId" }))).toEqual([]);
    expect((await call("DELETE", `Appointment/${id}`)).status).toBe(204);
  });

  it("quotes: '' and \\' both mean a quote; LIKE wildcards and non-ASCII are literal and case-folded", async () => {
    const made = await postJson("Contact", { Name: "L'Ørnes_100% Åsen" });
    expect(made.status, made.text).toBe(200);
    const id = Number(made.json.ContactId);
    for (const f of ["name eq 'l''ørnes_100% åsen'", "name eq 'L\\'ØRNES_100% ÅSEN'", "name begins 'L''Ø'", "name contains '_100%'", "substringof('S_1', name)", "name in ('x', 'L''ØRNES_100% ÅSEN')"]) {
      expect(ids(await list("Contact", { $filter: f, $select: "contactId" })), f).toEqual([id]);
    }
    expect(ids(await list("Contact", { $filter: "name contains '_1_0'", $select: "contactId" }))).toEqual([]);
    expect((await call("DELETE", `Contact/${id}`)).status).toBe(204);
  });
});

describe("§5.2 $select, $orderBy, $top, $skip", () => {
  it("$select: keys exactly as given (odd case, duplicates in other case, nested), values the same", async () => {
    const body = await list("Contact", { $select: "name,NAME,ContactAssociate/FULLNAME,contactId", $filter: "contactId eq 1" });
    const [row] = body.value;
    expect(Object.keys(row)).toEqual(["PrimaryKey", "EntityName", "name", "NAME", "ContactAssociate/FULLNAME", "contactId"]);
    expect(row.NAME).toBe(row.name);
    expect(row["ContactAssociate/FULLNAME"]).toBe("Ada Hansen");
  });

  it("$orderBy: direction words in any case, extra spaces, several columns; anything else after a column is a 400", async () => {
    const rows = sql<{ id: number; country: number }>("SELECT contact_id AS id, COALESCE(country_id, 0) AS country FROM contacts WHERE context_identifier = ? AND deleted_date IS NULL");
    const want = rows.sort((a, b) => a.country - b.country || b.id - a.id).map((c) => c.id);
    const body = await list("Contact", { $select: "contactId", $orderBy: "  countryId   ASC ,  contactId  DESC " });
    expect(body.value.map((r: Json) => r.contactId)).toEqual(want);
    const byName = await list("Contact", { $select: "contactId,name", $orderBy: "NAME DESC,CONTACTID" });
    const names = byName.value.map((r: Json) => low(r.name));
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)));
    for (const bad of ["name descending", "name desc asc", "name, ,contactId"]) expect400(await call("GET", `Contact${q({ $orderBy: bad })}`));
  });

  it("$top accepts any int32 (§5.2 '$top, $skip int32'), e.g. 2147483647 for 'all rows'", async () => {
    const all = ids(await list("Contact", { $select: "contactId" }));
    expect(ids(await list("Contact", { $select: "contactId", $top: 2147483647 }))).toEqual(all);
    expect((await list("Contact", { $select: "contactId", $skip: 2147483647 })).value).toEqual([]);
  });

  it("$top=0 is an empty page; negative or fractional $top/$skip are 400s; odata.nextLink stays null while paging", async () => {
    const zero = await list("Contact", { $select: "contactId", $top: 0, $inlineCount: "true" });
    expect(zero.value).toEqual([]);
    expect(zero["odata.count"]).toBe(contacts().length);
    for (const [k, v] of [["$top", "-1"], ["$top", "1.5"], ["$skip", "1e3"], ["$top", "0x10"]]) expect400(await call("GET", `Contact${q({ [k!]: v! })}`));
    const page = await list("Contact", { $select: "contactId", $top: 10, $skip: 10 });
    expect(page.value).toHaveLength(10);
    expect(page["odata.nextLink"]).toBeNull(); // §5.4: emit null
  });

  it("§5.4 empty results keep the envelope; empty values per type: 0001-01-01T00:00:00, 0, '' and false", async () => {
    const empty = await list("Sale", { $filter: "saleId eq -5", $inlineCount: "true" });
    expect(empty).toEqual({ "odata.metadata": expect.stringMatching(/\/Cust12345\/api\/v1\/Archive\/\/\$metadata$/), "odata.nextLink": null, "odata.count": 0, value: [] });
    const saleId = sql<{ id: number }>("SELECT sale_id AS id FROM sales s WHERE context_identifier = ? AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.context_identifier = s.context_identifier AND a.sale_id = s.sale_id AND a.completed <> 'Completed') LIMIT 1")[0]!.id;
    const [row] = (await list("Sale", { $filter: `saleId eq ${saleId}`, $select: "nextDueDate,reopenDate,projectId,lossReason,hasQuote,saleId" })).value;
    expect(row).toEqual({ PrimaryKey: String(saleId), EntityName: "sale", nextDueDate: "0001-01-01T00:00:00", reopenDate: "0001-01-01T00:00:00", projectId: 0, lossReason: "", hasQuote: false, saleId });
  });

  it("§1.4/§5.4 $mode=Full: a date's RawValue is in the tenant's zone like every JSON date, not stored UTC", async () => {
    const stored = sql<{ d: string }>("SELECT created_date AS d FROM contacts WHERE context_identifier = ? AND contact_id = 1")[0]!.d;
    const [row] = (await list("Contact", { $mode: "Full", $select: "registeredDate", $filter: "contactId eq 1" })).value;
    expect(row.Column.registeredDate.DisplayValue).toBe(wall(stored));
    expect(row.Column.registeredDate.RawValue).toBe(wall(stored));
  });

  it("§1.3 list bodies are application/json; charset=utf-8, as entity bodies are", async () => {
    const r = await call("GET", `Contact${q({ $top: 1 })}`);
    expect(String(r.headers["content-type"]).toLowerCase()).toBe("application/json; charset=utf-8");
  });
});

describe("§5.1 v1/Archive: POST form variant, provider names, $metadata", () => {
  const form = (path: string, body: string, type = "application/x-www-form-urlencoded") => call("POST", path, { body, type });

  it("POST: parameter names in any case, body over query, same rows as GET", async () => {
    const r = await form(`Archive/SimpleContact${q({ $select: "name" })}`, "$FILTER=contactId+lt+4&$Select=contactId&$ORDERBY=contactId+desc");
    expect(r.status, r.text).toBe(200);
    expect(r.json.value.map((x: Json) => x.contactId)).toEqual(where(contacts(), (c) => c.id < 4).reverse());
  });

  it("a repeated parameter means the same in GET and POST", async () => {
    const get = await call("GET", "Archive/SimpleContact?$select=contactId&$top=1&$top=3");
    const post = await form("Archive/SimpleContact", "$select=contactId&$top=1&$top=3");
    expect(post.status).toBe(200);
    expect(post.json.value).toEqual(get.json.value);
  });

  it("a malformed multipart body is a 400, not a 500", async () => {
    expect400(await form("Archive/SimpleContact", "x", "multipart/form-data"));
    expect400(await form("Archive/SimpleContact", "--b\r\nnot a part", "multipart/form-data; boundary=zz"));
  });

  it("a provider name with a malformed %-escape is a 404 (or 400), not a 500", async () => {
    for (const p of ["Archive/%ZZ", "Archive/Simple%E0%A4Contact"]) {
      const r = await call("GET", p);
      expect([400, 404], `${p}: ${r.text.slice(0, 200)}`).toContain(r.status);
    }
  });

  it("every provider GET v1/Archive lists answers at its url, in any case, with its EntityName", async () => {
    const r = await call("GET", "Archive");
    expect(r.json.value.map((p: Json) => p.name)).toEqual(["SimpleContact", "Person", "FindAppointment", "FindSale", "InternalUsers", "Project", "ProjectMember", "Document"]);
    for (const p of r.json.value) {
      const rel = String(p.url).split("/api/v1/")[1]!;
      const [a, b] = [await list(rel, { $top: 2 }), await list(rel.toUpperCase(), { $top: 2 })];
      expect(b.value, rel).toEqual(a.value);
      expect(a.value.length, rel).toBeGreaterThan(0);
    }
  });

  it("GET v1/Archive/{provider}/$metadata describes the provider's columns (§5.1)", async () => {
    const r = await call("GET", "Archive/SimpleContact/$metadata");
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    expect(r.text).toContain("nameDepartment");
  });

  it("GetArchiveListByColumns takes restriction values literally: quotes and backslashes cannot widen the search", async () => {
    const search = (values: string[]) =>
      postJson("Agents/Archive/GetArchiveListByColumns", { ProviderName: "SimpleContact", Columns: ["contactId"], Restriction: [{ Name: "name", Operator: "=", Values: values, IsActive: true }], Page: 0, PageSize: 1000 });
    for (const value of ["x\\' or getAllRows set true or name eq 'y", "x' or getAllRows set true or name eq 'y", "\\", "it's"]) {
      const r = await search([value]);
      expect(r.status, r.text.slice(0, 200)).toBe(200);
      expect(r.json, value).toEqual([]);
    }
  });

  it("the docs' $metadata suffix form and the Archive agent's GetProviderNames / GetAvailableColumns agree", async () => {
    const suffix = await call("GET", "Archive/SimpleContact$metadata");
    expect(suffix.status, suffix.text.slice(0, 200)).toBe(200);
    const slash = await call("GET", "Archive/simplecontact/$metadata");
    expect(slash.json).toEqual(suffix.json);
    expect(suffix.json.name).toMatchObject({ Name: "name", DisplayType: "string", CanRestrictBy: true, RestrictionType: "string" });
    expect(suffix.json.category).toMatchObject({ RestrictionType: "listAny" });
    const names = await postJson("Agents/Archive/GetProviderNames", null);
    expect(names.json).toContain("SimpleContact");
    const columns = await postJson("Agents/Archive/GetAvailableColumns", { ProviderName: "SimpleContact" });
    expect(columns.json.map((col: Json) => col.Name)).toEqual(Object.keys(suffix.json));
    expect((await postJson("Agents/Archive/GetAvailableColumns", { ProviderName: "NoSuchProvider" })).json).toBeNull();
  });

  it("§5.6 POST Agents/Archive/GetArchiveListByColumns answers ArchiveListItems like the OData list", async () => {
    const r = await postJson("Agents/Archive/GetArchiveListByColumns", {
      ProviderName: "SimpleContact", Columns: ["contactId", "name"], SortOrder: [{ Name: "contactId", Direction: "ASC" }],
      Restriction: [{ Name: "contactId", Operator: "<", Values: ["4"], IsActive: true }], Entities: ["contact"], Page: 0, PageSize: 100,
    });
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    expect(r.json.map((x: Json) => x.PrimaryKey)).toEqual([1, 2, 3]);
    expect(r.json[0]).toMatchObject({ EntityName: "contact", ColumnData: { name: { DisplayValue: "Fjordline Trading AS" } } });
  });
});

describe("§4.5/§10 sub-archives, soft delete and the list agents agree", () => {
  it("a sub-archive's parent restriction cannot be escaped with `or`, and odata.count counts only its rows", async () => {
    const own = sql<{ id: number }>("SELECT person_id AS id FROM persons WHERE context_identifier = ? AND contact_id = 3 AND deleted_date IS NULL").map((r) => r.id);
    const body = await list("Contact/3/Persons", { $filter: "personId gt 0 or personId lt 0 or getAllRows=true", $select: "personId,contactId", $inlineCount: "true" });
    expect(ids(body)).toEqual(sortIds(own));
    expect(body["odata.count"]).toBe(own.length);
    expect(new Set(body.value.map((r: Json) => r.contactId))).toEqual(new Set([3]));
  });

  it("deleting a person: the OData list, GetPersonList, GetPersons and GetSaleList all drop it; Undelete brings it back everywhere", async () => {
    const { sale, person, contact } = sql<{ sale: number; person: number; contact: number }>(
      "SELECT s.sale_id AS sale, s.person_id AS person, s.contact_id AS contact FROM sales s JOIN persons p ON p.context_identifier = s.context_identifier AND p.person_id = s.person_id WHERE s.context_identifier = ? AND p.deleted_date IS NULL AND NOT EXISTS (SELECT 1 FROM associates a WHERE a.context_identifier = p.context_identifier AND a.person_id = p.person_id) LIMIT 1")[0]!;
    const look = async () => ({
      list: ids(await list("Person", { $filter: `personId eq ${person}`, $select: "personId" })),
      sub: ids(await list(`Contact/${contact}/Persons`, { $select: "personId" })).includes(person),
      agentList: (await postJson("Agents/Person/GetPersonList", [person])).json.length,
      getPersons: (await postJson("Agents/Contact/GetPersons", { ContactId: contact })).json.some((p: Json) => p.PersonId === person),
      saleRow: (await list("Sale", { $filter: `saleId eq ${sale}`, $select: "personId" })).value[0].personId,
      saleAgent: (await postJson("Agents/Sale/GetSaleList", [sale])).json[0].PersonId,
    });
    expect(await look()).toEqual({ list: [person], sub: true, agentList: 1, getPersons: true, saleRow: person, saleAgent: person });
    expect((await call("DELETE", `Person/${person}`)).status).toBe(204);
    expect(await look()).toEqual({ list: [], sub: false, agentList: 0, getPersons: false, saleRow: 0, saleAgent: 0 });
    expect((await postJson("Agents/Person/Undelete", { id: String(person) })).status).toBe(204);
    expect(await look()).toEqual({ list: [person], sub: true, agentList: 1, getPersons: true, saleRow: person, saleAgent: person });
  });

  it("Undelete refuses odd bodies with 400s, never 500s, and never reads Object.prototype", async () => {
    for (const body of ["null", "[]", '"5"', '{"__proto__":{"Id":5}}', '{"constructor":5}', '{"Id":{"Id":5}}', '{"Id":1.5}']) {
      const r = await call("POST", "Agents/Contact/Undelete", { body, type: "application/json" });
      expect(r.status, `${body}: ${r.text.slice(0, 200)}`).toBe(400);
    }
  });
});

describe("a tenant's token never reads another tenant", () => {
  it("another tenant's contact (and its deletion) stays invisible: list, sub-archive, Undelete, GetContactList", async () => {
    const otherToken = await signIn(OTHER);
    // Contact ids are per tenant: create in the other tenant until the id is one this tenant does not have.
    let id = 0;
    for (let i = 0; i < 10 && (id === 0 || sql("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?", id).length > 0); i++) {
      const made = await call("POST", "Contact", { tenant: OTHER, bearer: otherToken, body: JSON.stringify({ Name: "Isolated Zebra Holding" }), type: "application/json" });
      expect(made.status, made.text).toBe(200);
      id = Number(made.json.ContactId);
    }
    expect(sql("SELECT 1 FROM contacts WHERE context_identifier = ? AND contact_id = ?", id)).toEqual([]);
    expect((await call("DELETE", `Contact/${id}`, { tenant: OTHER, bearer: otherToken })).status).toBe(204);
    expect((await list("Contact", { $filter: "name contains 'zebra'", $select: "contactId" })).value).toEqual([]);
    expect((await call("GET", `Contact/${id}/Persons`)).status).toBe(404);
    expect((await postJson("Agents/Contact/Undelete", { Id: id })).status).toBe(404);
    expect((await postJson("Agents/Contact/GetContactList", [id])).json).toEqual([]);
    // Still deleted in its own tenant: our Undelete did not reach it.
    expect((await call("GET", `Contact/${id}`, { tenant: OTHER, bearer: otherToken })).status).toBe(404);
    // And the other tenant's token is refused on our lists outright.
    expect((await call("GET", `Archive/SimpleContact${q({ $top: 1 })}`, { bearer: otherToken })).status).toBe(401);
  });
});

describe("§5.3 periods follow the tenant's calendar at the emulator's clock (Thursday 15 January 2026, Oslo)", () => {
  const localDay = (a: { start: string }) => wall(a.start).slice(0, 10);
  const between = (from: string, to: string) => () => where(appointments(), (a) => localDay(a) >= from && localDay(a) <= to);
  beforeAll(async () => {
    const r = await request(`${emulator.url}/_emulator/v1/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: "2026-01-15T11:00:00Z" }) });
    expect(r.statusCode).toBe(200);
    await r.body.text();
    token = await signIn();
  });
  afterAll(async () => {
    await (await request(`${emulator.url}/_emulator/v1/clock`, { method: "DELETE" })).body.text();
  });

  const unary: [string, () => number[]][] = [
    ["today", between("2026-01-15", "2026-01-15")], ["beforeToday", between("0000", "2026-01-14")], ["afterToday", between("2026-01-16", "9999")],
    ["thisWeek", between("2026-01-12", "2026-01-18")], ["lastWeek", between("2026-01-05", "2026-01-11")], ["nextWeek", between("2026-01-19", "2026-01-25")],
    ["thisMonth", between("2026-01-01", "2026-01-31")], ["lastMonth", between("2025-12-01", "2025-12-31")], ["nextMonth", between("2026-02-01", "2026-02-28")],
    ["thisQuarter", between("2026-01-01", "2026-03-31")], ["lastQuarter", between("2025-10-01", "2025-12-31")], ["thisHalf", between("2026-01-01", "2026-06-30")],
    ["thisYear", between("2026-01-01", "2026-12-31")],
  ];
  it.each(unary)("date %s", async (op, expected) => {
    const want = expected();
    expect(ids(await list("Appointment", { $filter: `date ${op}`, $select: "appointmentId" }))).toEqual(want);
  });

  it("the period functions agree with the unary periods: this, thisAndNext, thisAndPreviousAndNext", async () => {
    const rows = async (f: string) => ids(await list("Appointment", { $filter: f, $select: "appointmentId" }));
    expect((await rows("date thisWeek")).length).toBeGreaterThan(0);
    expect(await rows("this(date, 'week')")).toEqual(await rows("date thisWeek"));
    expect(await rows("this(date, month)")).toEqual(await rows("date thisMonth"));
    expect(await rows("thisAndNext(date, 1, 'weeks')")).toEqual(await rows("date thisWeek or date nextWeek"));
    expect(await rows("thisAndPreviousAndNext(date, 'week')")).toEqual(await rows("date lastWeek or date thisWeek or date nextWeek"));
    expect(await rows("thisAndPrevious(date, 1, 'month')")).toEqual(await rows("date lastMonth or date thisMonth"));
  });
});
