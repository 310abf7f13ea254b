import { createHash } from "node:crypto";
import fc from "fast-check";
import { request, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { ARCHIVE_PROVIDERS, type ArchiveProvider, type ColumnType } from "../../src/tenant-api/archive/providers/index.js";

/**
 * A bounded property-based fuzz of the tenant web API (issue 12, "Keep it true"): generated `$filter`
 * expressions over the providers' real columns (valid ones and broken ones), `$select`/`$orderBy`/`$top`/
 * `$skip` values, entity bodies for POST/PUT/PATCH and the Save agents (valid members with wrong types,
 * deep nesting, huge numbers, odd dates, JSON Patch operations), and request headers. What must hold:
 * never a 5xx (but a not-running tenant's 503); every 4xx carries SuperOffice's error body as JSON; a valid
 * query answers 200; a broken filter is a 400 naming the position; a refused write changes no row; and
 * afterwards the emulator answers known-good requests as before.
 *
 * Reproducible: a fixed seed, printed on failure. Replay or widen a run with
 *   FUZZ_SEED=<seed> FUZZ_SCALE=<factor> npx vitest run --config test/vitest.config.ts test/e2e/tenant-api-fuzz.test.ts
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_112);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const TENANT = "Cust12345";
const ENTITIES = ["Contact", "Person", "Appointment", "Sale"] as const;
type Entity = (typeof ENTITIES)[number];
const TABLES: Record<Entity, string> = { Contact: "contacts", Person: "persons", Appointment: "appointments", Sale: "sales" };
const ID_MEMBER: Record<Entity, string> = { Contact: "ContactId", Person: "PersonId", Appointment: "AppointmentId", Sale: "SaleId" };

let emulator: StartedEmulator;
let token: string;
let otherTenantToken: string;
const templates = {} as Record<Entity, Record<string, unknown>>;
const targets = {} as Record<Entity, number>;
let cases = 0;

// ---- HTTP ------------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

async function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  const res = await request(`${emulator.url}${path}`, { method: method as Dispatcher.HttpMethod, headers, body });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  cases++;
  return { status: res.statusCode, headers: res.headers, text, json };
}

const api = (path: string, tenant = TENANT) => `/${tenant}/api/${path}`;
const auth = (t = token) => ({ authorization: `Bearer ${t}`, accept: "application/json" });

/** What every tenant API answer must be: no 5xx (503 only for a tenant that is not running), SuperOffice's body on 4xx. */
function expectWellFormed(reply: Reply, what: string, allow503 = false) {
  const where = `${what}\n→ ${reply.status} ${reply.text.slice(0, 400)}`;
  if (reply.status >= 500) expect(allow503 && reply.status === 503, where).toBe(true);
  if (reply.status < 400) return;
  expect(reply.headers["content-type"], where).toBe("application/json; charset=utf-8");
  const body = reply.json as Record<string, unknown> | undefined;
  expect(Object.keys(body ?? {}).sort(), where).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(body!.Error, where).toBe(true);
  expect(body!.ErrorType, where).toMatch(/^\w+$/);
  expect(typeof body!.ErrorMessage === "string" && body!.ErrorMessage.length > 0, where).toBe(true);
  expect(body!.Message, where).toBe(body!.ErrorMessage);
  expect(body!.ErrorSource, where).toBe("SuperOffice.Services.Implementation");
  expect(reply.text, where).not.toMatch(/node_modules|\.ts:\d+|\bat \S+ \(/); // no stack trace
}

/** fast-check with the fixed seed; a failure names the seed to replay it with. */
async function check<T>(name: string, arb: fc.Arbitrary<T>, numRuns: number, predicate: (value: T) => Promise<void>) {
  try {
    await fc.assert(fc.asyncProperty(arb, predicate), { seed: SEED, numRuns });
  } catch (err) {
    const cause = (err as Error).cause instanceof Error ? `\n${((err as Error).cause as Error).message}` : "";
    throw new Error(`fuzz "${name}" failed; replay with FUZZ_SEED=${SEED} (numRuns ${numRuns})\n${(err as Error).message}${cause}`);
  }
}

// ---- the $filter grammar over a provider's columns ---------------------------------------------------------

type Kind = "number" | "string" | "bool" | "id" | "date";
const KIND: Record<ColumnType, Kind> = { int: "number", decimal: "number", string: "string", bool: "bool", list: "id", associate: "id", date: "date", datetime: "date" };

const spelled = (word: string) => fc.constantFrom(word, word.toLowerCase(), word.toUpperCase());
const anyOf = (words: string[]) => fc.constantFrom(...words).chain(spelled);
const numberText = fc.oneof(fc.integer({ min: -100_000, max: 100_000 }).map(String), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((d) => d.toFixed(2)));
// Text with what a filter must quote: quotes, backslashes, LIKE wildcards, letters beyond ASCII.
const textUnit = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(..."abcABC xyz019") }, fc.constantFrom("'", "\\", "%", "_", '"', "æ", "Ø", "ß", "İ", "😀", ",", "(", ")", "and", " or "));
const text = fc.string({ unit: textUnit, maxLength: 10 });
/** A quoted string: `'` doubled or backslash-escaped, a backslash as `\\`. */
const quoted = (s: string, style: boolean) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, style ? "''" : "\\'")}'`;
const stringLiteral = fc.oneof(
  fc.tuple(text, fc.boolean()).map(([s, style]) => quoted(s, style)),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/).filter((w) => !/^(and|or|true|false)$/i.test(w)),
);
const day = fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const dayLiteral = fc.tuple(day, fc.boolean()).map(([d, q]) => (q ? `'${d}'` : d));
const instantLiteral = fc
  .tuple(fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }), fc.constantFrom("", "Z", "+02:00", "-05:30"))
  .map(([d, zone]) => `'${d.toISOString().slice(0, 19)}${zone}'`);
const list = (value: fc.Arbitrary<string>) => fc.array(value, { minLength: 1, maxLength: 4 }).map((vs) => `(${vs.join(", ")})`);
const COMPARISONS = ["eq", "=", "equals", "ne", "<>", "!=", "unequals", "lt", "<", "less", "le", "<=", "gt", ">", "greater", "ge", ">="];
const PERIODS = ["today", "yesterday", "tomorrow", "lastWeek", "thisWeek", "nextWeek", "lastMonth", "thisMonth", "nextMonth", "lastQuarter", "thisQuarter", "nextQuarter", "thisHalf", "thisYear", "beforeToday", "afterToday"];
const UNITS = ["day", "days", "week", "weeks", "month", "months", "quarter", "half", "year", "years", "d", "w", "m", "q", "y"];

/** A condition that must compile against a column of this kind. */
function conditionOf(col: fc.Arbitrary<string>, kind: Kind): fc.Arbitrary<string> {
  const binary = (ops: string[], value: fc.Arbitrary<string>) => fc.tuple(col, anyOf(ops), value).map(([c, o, v]) => `${c} ${o} ${v}`);
  const between = (value: fc.Arbitrary<string>, ops = ["between"]) => fc.tuple(col, anyOf(ops), value, value).map(([c, o, a, b]) => `${c} ${o} (${a}, ${b})`);
  const inList = (value: fc.Arbitrary<string>, ops: string[]) => fc.tuple(col, anyOf(ops), list(value)).map(([c, o, l]) => `${c} ${o} ${l}`);
  switch (kind) {
    case "number":
      return fc.oneof(binary(COMPARISONS, numberText), between(numberText), inList(numberText, ["in", "oneOf", "notOneOf"]));
    case "id":
      return fc.oneof(
        binary(COMPARISONS, fc.integer({ min: -5, max: 500 }).map(String)),
        inList(fc.integer({ min: 0, max: 50 }).map(String), ["in", "oneOf", "notOneOf", "associateIsOneOf", "associateIsNotOneOf"]),
        fc.tuple(col, spelled("currentAssociate")).map(([c, o]) => `${c} ${o}`),
      );
    case "bool":
      return fc.oneof(
        binary(["eq", "=", "ne", "set", "is", "isNot"], fc.constantFrom("true", "false", "True", "FALSE", "1", "0", "'true'")),
        col,
      );
    case "string":
      return fc.oneof(
        binary([...COMPARISONS, "begins", "notBegins", "contains", "notContains", "ends", "notEnds", "is", "isNot"], stringLiteral),
        between(stringLiteral),
        inList(stringLiteral, ["in", "oneOf", "notOneOf"]),
        fc.tuple(anyOf(["startswith", "endswith", "contains"]), col, stringLiteral).map(([f, c, v]) => `${f}(${c}, ${v})`),
        fc.tuple(col, stringLiteral).map(([c, v]) => `substringof(${v}, ${c})`),
      );
    case "date":
      return fc.oneof(
        binary(["eq", "=", "equals", "date", "ne", "<>", "before", "after", "lt", "gt", "le", "ge", "beforeOrEqual", "afterOrEqual"], dayLiteral),
        between(dayLiteral, ["between", "dateBetween"]),
        binary(["dateTime", "beforeTime", "afterTime"], instantLiteral),
        fc.tuple(col, anyOf(PERIODS)).map(([c, p]) => `${c} ${p}`),
        fc.tuple(col, fc.constantFrom(...UNITS)).map(([c, u]) => `this(${c}, '${u}')`),
        fc.tuple(anyOf(["next", "previous", "thisAndNext", "thisAndPrevious"]), col, fc.integer({ min: 0, max: 30 }), fc.constantFrom(...UNITS)).map(([f, c, n, u]) => `${f}(${c}, ${n}, '${u}')`),
        fc.tuple(col, fc.constantFrom(...UNITS)).map(([c, u]) => `thisAndPreviousAndNext(${c}, '${u}')`),
      );
  }
}

const columnsOf = (provider: ArchiveProvider) => provider.columns.filter((c) => !/[^A-Za-z0-9_/.]/.test(c.name));

/** A filter the provider must answer: conditions on its real columns joined with and/or and parentheses. */
function validFilter(provider: ArchiveProvider): fc.Arbitrary<string> {
  const byKind = new Map<Kind, string[]>();
  for (const c of columnsOf(provider)) byKind.set(KIND[c.type], [...(byKind.get(KIND[c.type]) ?? []), c.name]);
  const conditions = [...byKind].map(([kind, names]) => conditionOf(fc.constantFrom(...names).chain(spelled), kind));
  const condition = fc.oneof(...conditions);
  const { filter } = fc.letrec<{ filter: string }>((tie) => ({
    filter: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      condition,
      fc.tuple(tie("filter"), anyOf(["and", "or"]), tie("filter")).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie("filter").map((f) => `(${f})`),
    ),
  }));
  return filter;
}

const JUNK = ["(", ")", "'", "''", ",", "and", "or", "eq", "between", "in ()", ";", '"', "$", "@", "\\", "%", "<", ">=", "!", "==", "&&", "nosuchcolumn", "__proto__", "constructor", "toString", "1e999", "9".repeat(40), "🙂", "\t", "-", "/", "name/", "today 5", "getAllRows", "getNoRows"];

/** A valid filter broken (or not) by a mutation, or text from the grammar's alphabet: must be 200 or a 400 naming the spot. */
function brokenFilter(provider: ArchiveProvider): fc.Arbitrary<string> {
  const valid = validFilter(provider);
  const junk = fc.constantFrom(...JUNK);
  return fc.oneof(
    fc.tuple(valid, fc.nat()).map(([f, n]) => f.slice(0, n % (f.length + 1))),
    fc.tuple(valid, fc.nat()).map(([f, n]) => { const i = n % Math.max(1, f.length); return f.slice(0, i) + f.slice(i + 1); }), // prettier-ignore
    fc.tuple(valid, fc.nat(), junk).map(([f, n, j]) => { const i = n % (f.length + 1); return `${f.slice(0, i)} ${j} ${f.slice(i)}`; }), // prettier-ignore
    fc.tuple(valid, valid).map(([a, b]) => `${a} ${b}`),
    fc.tuple(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 120 }), valid).map(([open, close, f]) => `${"(".repeat(open)}${f}${")".repeat(close)}`),
    fc.array(fc.oneof(junk, valid, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(" ")),
    fc.string({ unit: "binary", maxLength: 40 }),
  );
}

// ---- the other list parameters ------------------------------------------------------------------------------

const columnName = (provider: ArchiveProvider) => fc.constantFrom(...columnsOf(provider).map((c) => c.name)).chain(spelled);
const validSelect = (p: ArchiveProvider) => fc.array(columnName(p), { maxLength: 6 }).map((cs) => cs.join(","));
const validOrderBy = (p: ArchiveProvider) => fc.array(fc.tuple(columnName(p), fc.constantFrom("", " asc", " desc", " DESC")), { maxLength: 3 }).map((ts) => ts.map(([c, d]) => c + d).join(", "));
const oddWord = fc.oneof(fc.constantFrom("Count(name)", "GroupBy(x)", "name desc asc", "a b c", "", ",", ",,", "nosuch", "-1", "1e3", "99999999999", " 5", "5.5", "0x10", "constructor", "__proto__", "name;drop", "%00", "name?"), fc.string({ maxLength: 12 }));
// Mostly valid, so that most broken filters get past $select and $orderBy to the filter's parser and compiler.
const anySelect = (p: ArchiveProvider) => fc.oneof({ weight: 3, arbitrary: validSelect(p) }, fc.array(fc.oneof(columnName(p), oddWord), { maxLength: 5 }).map((cs) => cs.join(",")));
const anyOrderBy = (p: ArchiveProvider) => fc.oneof({ weight: 3, arbitrary: validOrderBy(p) }, fc.array(fc.oneof(columnName(p), oddWord), { maxLength: 3 }).map((cs) => cs.join(",")));
const validNumber = (max: number) => fc.integer({ min: 0, max }).map(String);
const anyNumber = fc.oneof({ weight: 3, arbitrary: validNumber(60) }, fc.constantFrom("-1", "abc", "1e3", "99999999999", "2147483647", "2147483648", " 5", "5.5", "", "0x10", "٣"));

interface ListQuery {
  provider: ArchiveProvider;
  route: "entity" | "archive" | "archive-post" | "sub-archive";
  params: Record<string, string | undefined>;
  spelling: "$filter" | "$FILTER" | "$Filter";
}

const ENTITY_OF: Record<string, string> = { SimpleContact: "Contact", Person: "Person", FindAppointment: "Appointment", FindSale: "Sale" };
const SUB_ARCHIVE: Record<string, string> = { Person: "v1/Contact/2/Persons", FindAppointment: "v1/Contact/2/Appointments", FindSale: "v1/Person/3/Sales" };

function listQuery(valid: boolean): fc.Arbitrary<ListQuery> {
  return fc.constantFrom(...ARCHIVE_PROVIDERS).chain((provider) =>
    fc.record({
      provider: fc.constant(provider),
      route: fc.constantFrom<ListQuery["route"]>("entity", "archive", "archive-post", "sub-archive"),
      spelling: fc.constantFrom<ListQuery["spelling"]>("$filter", "$FILTER", "$Filter"),
      params: fc.record(
        {
          select: valid ? validSelect(provider) : anySelect(provider),
          filter: valid ? validFilter(provider) : brokenFilter(provider),
          orderBy: valid ? validOrderBy(provider) : anyOrderBy(provider),
          top: valid ? validNumber(50) : anyNumber,
          skip: valid ? validNumber(400) : anyNumber,
          mode: fc.constantFrom("Slim", "Full", "full", "nonsense"),
          inlineCount: fc.constantFrom("AllPages", "true", "none", "x"),
          jsonSafe: fc.constantFrom("true", "false", "1", "maybe"),
        },
        { requiredKeys: ["filter"] },
      ),
    }),
  );
}

/** Sends a list query by the route it names (falling back to the archive route where the provider has no other). */
async function runListQuery(q: ListQuery): Promise<{ reply: Reply; what: string }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q.params)) if (v !== undefined) params.set(k === "filter" ? q.spelling : `$${k}`, v);
  let route = q.route;
  if (route === "entity" && !ENTITY_OF[q.provider.name]) route = "archive";
  if (route === "sub-archive" && !SUB_ARCHIVE[q.provider.name]) route = "archive";
  const path = { entity: `v1/${ENTITY_OF[q.provider.name]}`, archive: `v1/Archive/${q.provider.name}`, "archive-post": `v1/Archive/${q.provider.name}`, "sub-archive": SUB_ARCHIVE[q.provider.name] }[route]!;
  const what = `${route === "archive-post" ? "POST" : "GET"} ${path} ${JSON.stringify(q.params)}`;
  const reply =
    route === "archive-post"
      ? await send("POST", api(path), { ...auth(), "content-type": "application/x-www-form-urlencoded" }, params.toString())
      : await send("GET", `${api(path)}?${params}`, auth());
  return { reply, what };
}

// ---- entity bodies ---------------------------------------------------------------------------------------------

type Path = (string | number)[];

/** Every member path of a template down to three levels (arrays by index 0). */
function memberPaths(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth >= 3 || value === null || typeof value !== "object") return [];
  const out: Path[] = [];
  for (const [k, v] of Array.isArray(value) ? value.slice(0, 1).map((v, i) => [i, v] as const) : Object.entries(value)) {
    out.push([...prefix, k]);
    out.push(...memberPaths(v, [...prefix, k], depth + 1));
  }
  return out;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : root !== null && typeof root === "object" ? { ...root } : {};
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

const ODD_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -0, 0.1, 2_147_483_648, -2_147_483_649, 1e21, 5e-324, -1];
const ODD_STRINGS = ["1e999", "NaN", "Infinity", "-1", "0x10", "007", " 42 ", "", "true", "null", "constructor", "__proto__", "<script>", "\u0000", "\u2028", "😀".repeat(50)];
const ODD_DATES = [
  "0001-01-01T00:00:00", "0000-01-01", "0000-00-00T00:00:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59-14:00", "2026-02-29", "2024-02-29T24:00:00", "2026-13-01",
  "2026-01-01T25:61:61", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "1970-01-01T00:00:00+99:99", "2026-03-29T02:30:00", "2026-10-25T02:30:00", "/Date(1234567890)/",
  "2026-01-01T00:00:00.1234567Z", "2026-01-01T00:00:00.123456789012Z", "P1D", "PT25H", "P1Y2M", "yesterday", "2026-W05", "2026-001",
];
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  fc.constantFrom(...ODD_NUMBERS),
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...ODD_DATES),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: -3, max: 400 }),
  fc.constantFrom({ Id: 1 }, { Id: "x" }, { Id: 999_999 }, [{ Value: 1 }], [null], {}, []),
);

/** Nesting well past the 64 levels the emulator reads. */
const deep = fc.tuple(fc.integer({ min: 55, max: 90 }), fc.boolean()).map(([n, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = arrays ? [v] : { Id: v };
  return v;
});

const camel = (path: Path) => path.map((p) => (typeof p === "string" ? p.charAt(0).toLowerCase() + p.slice(1) : p));

function entityBody(entity: Entity): fc.Arbitrary<unknown> {
  const template = templates[entity];
  const paths = memberPaths(template);
  const path = fc.tuple(fc.constantFrom(...paths), fc.boolean()).map(([p, c]) => (c ? camel(p) : p));
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(path, fc.oneof({ weight: 5, arbitrary: oddValue }, deep)), { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce<unknown>((b, [p, v]) => setAt(b, p, v), template)) },
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, [], "text", 42, { Name: null }),
  );
}

const PATCH_OPS = ["add", "replace", "remove", "test", "move", "copy", "Replace", "nonsense", ""];
function patchBody(entity: Entity): fc.Arbitrary<unknown> {
  const paths = memberPaths(templates[entity]);
  const pointer = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...paths).map((p) => `/${p.join("/")}`) },
    fc.constantFrom("", "/", "Name", "/__proto__/x", "/constructor/prototype", "/Emails/-", "/Emails/99", "/Emails/-1", "/Emails/01", "/~1x", "/~2", "//"),
  );
  const op = fc.record({ op: fc.constantFrom(...PATCH_OPS), path: pointer, value: oddValue, from: pointer }, { requiredKeys: ["op", "path"] });
  return fc.oneof({ weight: 3, arbitrary: fc.array(op, { maxLength: 5 }) }, entityBody(entity));
}

interface Write {
  entity: Entity;
  kind: "post" | "put" | "patch" | "save";
  body: unknown;
  raw: "json" | "truncated" | "trailing-comma";
  contentType: string | undefined;
  saveId: "target" | "zero";
}

const contentTypes = fc.constantFrom<string | undefined>("application/json", "application/json; charset=utf-8", "text/json", "application/json-patch+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", undefined);
const write: fc.Arbitrary<Write> = fc.constantFrom(...ENTITIES).chain((entity) =>
  fc.constantFrom<Write["kind"]>("post", "put", "patch", "save").chain((kind) =>
    fc.record({
      entity: fc.constant(entity),
      kind: fc.constant(kind),
      body: kind === "patch" ? patchBody(entity) : entityBody(entity),
      raw: fc.constantFrom<Write["raw"]>("json", "json", "json", "truncated", "trailing-comma"),
      contentType: fc.oneof({ weight: 4, arbitrary: fc.constant("application/json") }, contentTypes),
      saveId: fc.constantFrom<Write["saveId"]>("target", "zero"),
    }),
  ),
);

/** The store's change token (total_changes() and data_version): unchanged means nothing was written. */
const changes = () => emulator.emulator.context.store.dataVersion();

/** Every CRM row of the tenant (and its id counters): what a refused write must leave exactly as it was. */
function fingerprint(): string {
  const db = databaseOf(emulator.emulator.context.store);
  const hash = createHash("sha256");
  for (const table of [...Object.values(TABLES), "id_sequences"]) {
    for (const row of db.prepare(`SELECT * FROM ${table} WHERE context_identifier = ? ORDER BY rowid`).iterate(TENANT)) hash.update(JSON.stringify(row));
  }
  return hash.digest("hex");
}

// ---- headers -----------------------------------------------------------------------------------------------------

interface HeaderCase {
  target: "entity" | "list" | "principal" | "agent";
  tenant: string;
  authorization: { header: string | undefined; valid: boolean };
  headers: Record<string, string>;
}

const printable = fc.string({ unit: fc.constantFrom(..." !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~"), maxLength: 30 });
const httpDate = fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toUTCString());

function authorizations(): fc.Arbitrary<HeaderCase["authorization"]> {
  const valid = (header: string) => ({ header, valid: true });
  const invalid = (header: string | undefined) => ({ header, valid: false });
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(valid(`Bearer ${token}`), valid(`bearer ${token}`), valid(`BEARER   ${token}`), valid(` Bearer ${token} `)) },
    fc.constantFrom(
      invalid(undefined), invalid(""), invalid("Bearer"), invalid("Bearer "), invalid(`Bearer ${token}x`), invalid(`Bearer ${token.slice(0, -1)}`), invalid(`Bearer ${otherTenantToken}`),
      invalid(`Bearer ${token.replace(TENANT, "Cust54321")}`), invalid(`Basic ${Buffer.from("ada:x").toString("base64")}`), invalid("SOTicket 7T:abc"), invalid(`SOTicket ${token}`),
      invalid(`Bearer 8A:${TENANT}.${"A".repeat(2000)}`), invalid(`Bearer ${token} ${token}`), invalid("Negotiate abc"), invalid(token),
    ),
    printable.map((s) => invalid(`Bearer ${s}`)),
  );
}

function headerCase(): fc.Arbitrary<HeaderCase> {
  return fc.record({
    target: fc.constantFrom<HeaderCase["target"]>("entity", "list", "principal", "agent"),
    tenant: fc.constantFrom(TENANT, TENANT, TENANT, "cust12345", "CUST12345", "Cust00000", "Cust99999"),
    authorization: authorizations(),
    headers: fc.record(
      {
        "if-modified-since": fc.oneof(httpDate, printable, fc.constantFrom("Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "2026-01-01T00:00:00Z", "0")),
        "if-unmodified-since": fc.oneof(httpDate, printable),
        "so-timezone": fc.oneof(fc.constantFrom("NO", "US-NY", "UTC", "261", "460", "Europe/Oslo", "NO,includeTZOffset", "includeTZOffset", "Etc/GMT+14", "../../etc/passwd", "constructor", "toString", "America/Nowhere", "NO,NO,NO", ",,,"), printable),
        accept: fc.constantFrom("application/json", "application/xml", "text/xml", "*/*", "text/html", "application/json;q=0", "garbage", ""),
        "content-type": contentTypes.map((t) => t ?? "application/octet-stream"),
        "accept-language": fc.constantFrom("nb-NO", "en", "*", "xx-invalid-", ""),
        "so-language": fc.constantFrom("en", "no", "zz", ""),
        "so-apptoken": printable,
        "x-http-method-override": fc.constantFrom("DELETE", "PUT"),
      },
      { requiredKeys: [] },
    ),
  });
}

// ---- the runs ------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  otherTenantToken = (await emulator.admin.signIn({ tenant: "Cust54321", user: "ada.admin@example.com" })).access_token;
  for (const entity of ENTITIES) {
    const reply = await send("GET", api(`v1/${entity}/default`), auth());
    expect(reply.status, reply.text).toBe(200);
    templates[entity] = reply.json as Record<string, unknown>;
  }
  // Write targets of the fuzz's own, so the seeded rows stay as the known-good probes saw them.
  const contact = await send("POST", api("v1/Contact"), { ...auth(), "content-type": "application/json" }, JSON.stringify({ Name: "Fuzz target" }));
  targets.Contact = Number((contact.json as Record<string, unknown>).ContactId);
  const person = await send("POST", api("v1/Person"), { ...auth(), "content-type": "application/json" }, JSON.stringify({ Firstname: "Fuzz", Lastname: "Target", Contact: { ContactId: targets.Contact } }));
  targets.Person = Number((person.json as Record<string, unknown>).PersonId);
  const appointment = await send("POST", api("v1/Appointment"), { ...auth(), "content-type": "application/json" }, JSON.stringify({ ...templates.Appointment, Description: "Fuzz target", Contact: { ContactId: targets.Contact } }));
  targets.Appointment = Number((appointment.json as Record<string, unknown>).AppointmentId);
  const sale = await send("POST", api("v1/Sale"), { ...auth(), "content-type": "application/json" }, JSON.stringify({ ...templates.Sale, Heading: "Fuzz target", Contact: { ContactId: targets.Contact } }));
  targets.Sale = Number((sale.json as Record<string, unknown>).SaleId);
  for (const entity of ENTITIES) expect(targets[entity], `${entity} target`).toBeGreaterThan(0);
});
afterAll(async () => {
  await emulator?.stop();
  console.log(`tenant-api fuzz: ${cases} requests, seed ${SEED}`);
});

/** Requests whose answers the fuzz must not change: seeded rows it never writes, another tenant, the user. */
async function knownGood(): Promise<string[]> {
  const probes = [
    api(`v1/Contact?$select=name,department,number,category,business,country&$filter=contactId lt ${targets.Contact}&$orderBy=contactId&$inlineCount=AllPages`),
    api("v1/Person?$select=firstName,lastName,contactId&$filter=personId le 600&$orderBy=personId&$top=600"),
    api("v1/User/currentPrincipal"),
    api("v1/List/Category/Items"),
  ];
  const out: string[] = [];
  for (const p of probes) {
    const r = await send("GET", p, auth());
    expect(r.status, `${p}: ${r.text.slice(0, 300)}`).toBe(200);
    out.push(r.text);
  }
  const other = await send("GET", api("v1/Contact/2", "Cust54321"), auth(otherTenantToken));
  expect(other.status).toBe(200);
  out.push(other.text);
  return out;
}

describe("tenant API fuzz (fast-check, fixed seed)", () => {
  let before: string[];
  beforeAll(async () => {
    before = await knownGood();
  });

  it("valid $filter/$select/$orderBy/$top/$skip on every provider and route: 200 with SOD's envelope", { timeout: 120_000 }, async () => {
    await check("valid list queries", listQuery(true), runs(700), async (q) => {
      const { reply, what } = await runListQuery(q);
      expectWellFormed(reply, what);
      expect(reply.status, `${what}\n→ ${reply.text.slice(0, 400)}`).toBe(200);
      const envelope = reply.json as { value: unknown[]; "odata.count"?: number };
      expect(Array.isArray(envelope.value), what).toBe(true);
      if (q.params.top !== undefined && q.params.top !== "") expect(envelope.value.length, what).toBeLessThanOrEqual(Number(q.params.top));
      if (envelope["odata.count"] !== undefined) expect(envelope["odata.count"], what).toBeGreaterThanOrEqual(envelope.value.length);
    });
  });

  it("broken filters and odd list parameters: 200 or a 400 in SuperOffice's shape, a bad filter naming its position", { timeout: 120_000 }, async () => {
    await check("broken list queries", listQuery(false), runs(1000), async (q) => {
      const { reply, what } = await runListQuery(q);
      expectWellFormed(reply, what);
      expect([200, 400], `${what}\n→ ${reply.status} ${reply.text.slice(0, 400)}`).toContain(reply.status);
      const message = String((reply.json as Record<string, unknown>).ErrorMessage ?? "");
      if (reply.status === 400 && message.startsWith("$filter")) expect(message, what).toMatch(/^\$filter: .+ at position \d+/);
    });
  });

  it("filters past the length and nesting limits, by the POST form: 400, never a stack overflow", { timeout: 60_000 }, async () => {
    const huge = fc.oneof(
      fc.integer({ min: 9_990, max: 30_000 }).map((n) => "name eq 'a' or ".repeat(Math.ceil(n / 15)).slice(0, n)),
      fc.integer({ min: 65, max: 5_000 }).map((n) => `${"(".repeat(n)}name eq 'a'${")".repeat(n)}`),
      fc.integer({ min: 500, max: 700 }).map((n) => Array.from({ length: n }, (_, i) => `contactId eq ${i}`).join(" or ")),
    );
    await check("huge filters", huge, runs(60), async (filter) => {
      const reply = await send("POST", api("v1/Archive/SimpleContact"), { ...auth(), "content-type": "application/x-www-form-urlencoded" }, new URLSearchParams({ $filter: filter, $top: "5" }).toString());
      const what = `POST v1/Archive/SimpleContact $filter of ${filter.length} characters`;
      expectWellFormed(reply, what);
      expect([200, 400], what).toContain(reply.status);
    });
  });

  it("entity writes with hostile bodies: no 5xx, SuperOffice's 4xx body, and a refused write changes no row", { timeout: 120_000 }, async () => {
    let state = { changes: changes(), rows: fingerprint() };
    await check("entity writes", write, runs(700), async (w) => {
      const id = targets[w.entity];
      let body = w.body;
      if (w.kind === "save" && body !== null && typeof body === "object" && !Array.isArray(body)) body = { ...body, [ID_MEMBER[w.entity]]: w.saveId === "target" ? id : 0 };
      let text = JSON.stringify(body) ?? "";
      if (w.raw === "truncated") text = text.slice(0, Math.floor(text.length / 2));
      if (w.raw === "trailing-comma") text = text.replace(/}$/, ",}");
      const [method, path] = {
        post: ["POST", `v1/${w.entity}`],
        put: ["PUT", `v1/${w.entity}/${id}`],
        patch: ["PATCH", `v1/${w.entity}/${id}`],
        save: ["POST", `v1/Agents/${w.entity}/Save${w.entity}Entity`],
      }[w.kind] as [string, string];
      const headers: Record<string, string> = { ...auth(), ...(w.contentType ? { "content-type": w.contentType } : {}) };
      const reply = await send(method, api(path), headers, text);
      const what = `${method} ${path} (${w.contentType}) ${text.slice(0, 600)}`;
      expectWellFormed(reply, what);
      // Cheap first: no statement changed a row. Otherwise (a write undone, say) every row must be as it was.
      if (reply.status >= 400 && changes() !== state.changes) {
        expect(fingerprint(), `a refused write changed rows: ${what}\n→ ${reply.status} ${reply.text.slice(0, 300)}`).toBe(state.rows);
      }
      if (reply.status < 400) state = { changes: changes(), rows: fingerprint() };
    });
  });

  it("requests with odd headers: no 5xx, SuperOffice's 4xx body, and 401 exactly for unusable credentials", { timeout: 120_000 }, async () => {
    await check("headers", headerCase(), runs(600), async (h) => {
      const path = {
        entity: `v1/Contact/${targets.Contact}`,
        list: "v1/Contact?$top=3&$select=name,updatedDate",
        principal: "v1/User/currentPrincipal",
        agent: "v1/Agents/Contact/GetContactEntity?contactEntityId=2",
      }[h.target];
      const headers = { ...h.headers, ...(h.authorization.header !== undefined ? { authorization: h.authorization.header } : {}) };
      const method = h.target === "agent" ? "POST" : "GET";
      const reply = await send(method, api(path, h.tenant), headers, method === "POST" ? "null" : undefined);
      const what = `${method} /${h.tenant}/api/${path} ${JSON.stringify(headers)}`;
      const notRunning = h.tenant === "Cust99999";
      expectWellFormed(reply, what, notRunning);
      if (notRunning || h.tenant === "Cust00000") return; // 503 / 404 before any credential is looked at
      if (!h.authorization.valid) {
        expect(reply.status, `${what}\n→ ${reply.text.slice(0, 300)}`).toBe(401);
        expect(String(reply.headers["www-authenticate"]), what).toMatch(/^Bearer\b/);
      } else {
        expect(reply.status, `${what}\n→ ${reply.text.slice(0, 300)}`).not.toBe(401);
      }
    });
  });

  // What other seeds found, kept as fixed cases so that the default seed guards them too.
  it("counterexamples found by the fuzz: a bad SO-TimeZone without credentials is 401; an offset past ±14:00 is a 400 naming the member", async () => {
    const anonymous = await send("GET", api("v1/Contact/2"), { "so-timezone": "9", accept: "application/json" });
    expectWellFormed(anonymous, "SO-TimeZone 9 without credentials");
    expect(anonymous.status).toBe(401);
    const count = () => databaseOf(emulator.emulator.context.store).prepare("SELECT count(*) FROM appointments WHERE context_identifier = ?").pluck().get(TENANT);
    const before = count();
    for (const [member, value] of [["EndDate", "1970-01-01T00:00:00+99:99"], ["StartDate", "2026-01-01T00:00:00+14:01"], ["EndDate", "2026-01-01T00:00:00+24:00"]]) {
      const reply = await send("POST", api("v1/Appointment"), { ...auth(), "content-type": "application/json" }, JSON.stringify({ StartDate: "2026-12-05T10:30:00", [member!]: value }));
      expectWellFormed(reply, `${member} ${value}`);
      expect(reply.status).toBe(400);
      expect(String((reply.json as Record<string, unknown>).ErrorMessage)).toMatch(new RegExp(`^${member}: `));
    }
    expect(count()).toBe(before);
    const filter = await send("GET", `${api("v1/Appointment")}?${new URLSearchParams({ $filter: "date dateTime '2026-01-01T00:00:00+99:99'" })}`, auth());
    expectWellFormed(filter, "dateTime with offset +99:99");
    expect(filter.status).toBe(400);
  });

  it("afterwards answers the known-good requests exactly as before", async () => {
    expect(await knownGood()).toEqual(before);
  });
});
