import fc from "fast-check";
import { ARCHIVE_PROVIDERS, type ArchiveProvider, type ColumnType } from "../../src/tenant-api/archive/providers/index.js";

/**
 * The generators of tenant-api-fuzz.test.ts (fast-check arbitraries): `$filter` expressions over the
 * providers' real columns, the other list parameters, and hostile entity bodies and JSON Patch documents.
 * Pure data: the test file sends what they make and says what must hold.
 */

export const ENTITIES = ["Contact", "Person", "Appointment", "Sale"] as const;
export type Entity = (typeof ENTITIES)[number];

/** Each entity's default body as the emulator answers it (filled by the test's beforeAll): what writes mutate. */
export const templates = {} as Record<Entity, Record<string, unknown>>;

// ---- the $filter grammar over a provider's columns ---------------------------------------------------------

export type Kind = "number" | "string" | "bool" | "id" | "date";
export const KIND: Record<ColumnType, Kind> = { int: "number", decimal: "number", string: "string", bool: "bool", list: "id", associate: "id", date: "date", datetime: "date" };

export const spelled = (word: string) => fc.constantFrom(word, word.toLowerCase(), word.toUpperCase());
export const anyOf = (words: string[]) => fc.constantFrom(...words).chain(spelled);
export const numberText = fc.oneof(fc.integer({ min: -100_000, max: 100_000 }).map(String), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((d) => d.toFixed(2)));
// Text with what a filter must quote: quotes, backslashes, LIKE wildcards, letters beyond ASCII.
export const textUnit = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(..."abcABC xyz019") }, fc.constantFrom("'", "\\", "%", "_", '"', "æ", "Ø", "ß", "İ", "😀", ",", "(", ")", "and", " or "));
export const text = fc.string({ unit: textUnit, maxLength: 10 });
/** A quoted string: `'` doubled or backslash-escaped, a backslash as `\\`. */
export const quoted = (s: string, style: boolean) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, style ? "''" : "\\'")}'`;
export const stringLiteral = fc.oneof(
  fc.tuple(text, fc.boolean()).map(([s, style]) => quoted(s, style)),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/).filter((w) => !/^(and|or|true|false)$/i.test(w)),
);
export const day = fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
export const dayLiteral = fc.tuple(day, fc.boolean()).map(([d, q]) => (q ? `'${d}'` : d));
export const instantLiteral = fc
  .tuple(fc.date({ min: new Date("1901-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }), fc.constantFrom("", "Z", "+02:00", "-05:30"))
  .map(([d, zone]) => `'${d.toISOString().slice(0, 19)}${zone}'`);
export const list = (value: fc.Arbitrary<string>) => fc.array(value, { minLength: 1, maxLength: 4 }).map((vs) => `(${vs.join(", ")})`);
export const COMPARISONS = ["eq", "=", "equals", "ne", "<>", "!=", "unequals", "lt", "<", "less", "le", "<=", "gt", ">", "greater", "ge", ">="];
export const PERIODS = ["today", "yesterday", "tomorrow", "lastWeek", "thisWeek", "nextWeek", "lastMonth", "thisMonth", "nextMonth", "lastQuarter", "thisQuarter", "nextQuarter", "thisHalf", "thisYear", "beforeToday", "afterToday"];
export const UNITS = ["day", "days", "week", "weeks", "month", "months", "quarter", "half", "year", "years", "d", "w", "m", "q", "y"];

/** A condition that must compile against a column of this kind. */
export function conditionOf(col: fc.Arbitrary<string>, kind: Kind): fc.Arbitrary<string> {
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

export const columnsOf = (provider: ArchiveProvider) => provider.columns.filter((c) => !/[^A-Za-z0-9_/.]/.test(c.name));

/** A filter the provider must answer: conditions on its real columns joined with and/or and parentheses. */
export function validFilter(provider: ArchiveProvider): fc.Arbitrary<string> {
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

export const JUNK = ["(", ")", "'", "''", ",", "and", "or", "eq", "between", "in ()", ";", '"', "$", "@", "\\", "%", "<", ">=", "!", "==", "&&", "nosuchcolumn", "__proto__", "constructor", "toString", "1e999", "9".repeat(40), "🙂", "\t", "-", "/", "name/", "today 5", "getAllRows", "getNoRows"];

/** A valid filter broken (or not) by a mutation, or text from the grammar's alphabet: must be 200 or a 400 naming the spot. */
export function brokenFilter(provider: ArchiveProvider): fc.Arbitrary<string> {
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

export const columnName = (provider: ArchiveProvider) => fc.constantFrom(...columnsOf(provider).map((c) => c.name)).chain(spelled);
export const validSelect = (p: ArchiveProvider) => fc.array(columnName(p), { maxLength: 6 }).map((cs) => cs.join(","));
export const validOrderBy = (p: ArchiveProvider) => fc.array(fc.tuple(columnName(p), fc.constantFrom("", " asc", " desc", " DESC")), { maxLength: 3 }).map((ts) => ts.map(([c, d]) => c + d).join(", "));
export const oddWord = fc.oneof(fc.constantFrom("Count(name)", "GroupBy(x)", "name desc asc", "a b c", "", ",", ",,", "nosuch", "-1", "1e3", "99999999999", " 5", "5.5", "0x10", "constructor", "__proto__", "name;drop", "%00", "name?"), fc.string({ maxLength: 12 }));
// Mostly valid, so that most broken filters get past $select and $orderBy to the filter's parser and compiler.
export const anySelect = (p: ArchiveProvider) => fc.oneof({ weight: 3, arbitrary: validSelect(p) }, fc.array(fc.oneof(columnName(p), oddWord), { maxLength: 5 }).map((cs) => cs.join(",")));
export const anyOrderBy = (p: ArchiveProvider) => fc.oneof({ weight: 3, arbitrary: validOrderBy(p) }, fc.array(fc.oneof(columnName(p), oddWord), { maxLength: 3 }).map((cs) => cs.join(",")));
export const validNumber = (max: number) => fc.integer({ min: 0, max }).map(String);
export const anyNumber = fc.oneof({ weight: 3, arbitrary: validNumber(60) }, fc.constantFrom("-1", "abc", "1e3", "99999999999", "2147483647", "2147483648", " 5", "5.5", "", "0x10", "٣"));

export interface ListQuery {
  provider: ArchiveProvider;
  route: "entity" | "archive" | "archive-post" | "sub-archive";
  params: Record<string, string | undefined>;
  spelling: "$filter" | "$FILTER" | "$Filter";
}

export const ENTITY_OF: Record<string, string> = { SimpleContact: "Contact", Person: "Person", FindAppointment: "Appointment", FindSale: "Sale" };
export const SUB_ARCHIVE: Record<string, string> = { Person: "v1/Contact/2/Persons", FindAppointment: "v1/Contact/2/Appointments", FindSale: "v1/Person/3/Sales" };

export function listQuery(valid: boolean): fc.Arbitrary<ListQuery> {
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


// ---- entity bodies ---------------------------------------------------------------------------------------------

export type Path = (string | number)[];

/** Every member path of a template down to three levels (arrays by index 0). */
export function memberPaths(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth >= 3 || value === null || typeof value !== "object") return [];
  const out: Path[] = [];
  for (const [k, v] of Array.isArray(value) ? value.slice(0, 1).map((v, i) => [i, v] as const) : Object.entries(value)) {
    out.push([...prefix, k]);
    out.push(...memberPaths(v, [...prefix, k], depth + 1));
  }
  return out;
}

export function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy: any = Array.isArray(root) ? [...root] : root !== null && typeof root === "object" ? { ...root } : {};
  copy[path[0]!] = setAt(copy[path[0]!], path.slice(1), value);
  return copy;
}

export const ODD_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -0, 0.1, 2_147_483_648, -2_147_483_649, 1e21, 5e-324, -1];
export const ODD_STRINGS = ["1e999", "NaN", "Infinity", "-1", "0x10", "007", " 42 ", "", "true", "null", "constructor", "__proto__", "<script>", "\u0000", "\u2028", "😀".repeat(50)];
export const ODD_DATES = [
  "0001-01-01T00:00:00", "0000-01-01", "0000-00-00T00:00:00", "9999-12-31T23:59:59", "9999-12-31T23:59:59-14:00", "2026-02-29", "2024-02-29T24:00:00", "2026-13-01",
  "2026-01-01T25:61:61", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z", "1970-01-01T00:00:00+99:99", "2026-03-29T02:30:00", "2026-10-25T02:30:00", "/Date(1234567890)/",
  "2026-01-01T00:00:00.1234567Z", "2026-01-01T00:00:00.123456789012Z", "P1D", "PT25H", "P1Y2M", "yesterday", "2026-W05", "2026-001",
];
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  fc.constantFrom(...ODD_NUMBERS),
  fc.constantFrom(...ODD_STRINGS),
  fc.constantFrom(...ODD_DATES),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: -3, max: 400 }),
  fc.constantFrom({ Id: 1 }, { Id: "x" }, { Id: 999_999 }, [{ Value: 1 }], [null], {}, []),
);

/** Nesting well past the 64 levels the emulator reads. */
export const deep = fc.tuple(fc.integer({ min: 55, max: 90 }), fc.boolean()).map(([n, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = arrays ? [v] : { Id: v };
  return v;
});

export const camel = (path: Path) => path.map((p) => (typeof p === "string" ? p.charAt(0).toLowerCase() + p.slice(1) : p));

export function entityBody(entity: Entity): fc.Arbitrary<unknown> {
  const template = templates[entity];
  const paths = memberPaths(template);
  const path = fc.tuple(fc.constantFrom(...paths), fc.boolean()).map(([p, c]) => (c ? camel(p) : p));
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(fc.tuple(path, fc.oneof({ weight: 5, arbitrary: oddValue }, deep)), { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce<unknown>((b, [p, v]) => setAt(b, p, v), template)) },
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(null, [], "text", 42, { Name: null }),
  );
}

export const PATCH_OPS = ["add", "replace", "remove", "test", "move", "copy", "Replace", "nonsense", ""];
export function patchBody(entity: Entity): fc.Arbitrary<unknown> {
  const paths = memberPaths(templates[entity]);
  const pointer = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...paths).map((p) => `/${p.join("/")}`) },
    fc.constantFrom("", "/", "Name", "/__proto__/x", "/constructor/prototype", "/Emails/-", "/Emails/99", "/Emails/-1", "/Emails/01", "/~1x", "/~2", "//"),
  );
  const op = fc.record({ op: fc.constantFrom(...PATCH_OPS), path: pointer, value: oddValue, from: pointer }, { requiredKeys: ["op", "path"] });
  return fc.oneof({ weight: 3, arbitrary: fc.array(op, { maxLength: 5 }) }, entityBody(entity));
}

export interface Write {
  entity: Entity;
  kind: "post" | "put" | "patch" | "save";
  body: unknown;
  raw: "json" | "truncated" | "trailing-comma";
  contentType: string | undefined;
  saveId: "target" | "zero";
}

export const contentTypes = fc.constantFrom<string | undefined>("application/json", "application/json; charset=utf-8", "text/json", "application/json-patch+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", undefined);
export const write: fc.Arbitrary<Write> = fc.constantFrom(...ENTITIES).chain((entity) =>
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

