import type { Db } from "../../store/database.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { DateCodec } from "../json/dates.js";
import { findColumn } from "./columns.js";
import { FilterError, type FilterNode } from "./filter/ast.js";
import { compileFilter, type CompileEnv } from "./filter/compile.js";
import { parseFilter } from "./filter/parser.js";
import type { ArchiveColumn, ArchiveProvider } from "./providers/provider.js";

/**
 * One OData-like archive query (netserver.md §5.2–5.4): `$select`, `$filter`, `$orderBy`, `$top`, `$skip`,
 * `$mode`, `$jsonSafe`, `$inlineCount`, `$context`; answered in SOD's envelope with display-typed rows.
 */
export interface ArchiveParams {
  select?: string | undefined;
  filter?: string | undefined;
  orderBy?: string | undefined;
  top?: string | undefined;
  skip?: string | undefined;
  mode?: string | undefined;
  jsonSafe?: string | undefined;
  inlineCount?: string | undefined;
  context?: string | undefined;
}

export interface ArchiveEnv extends CompileEnv {
  db: Db;
  contextIdentifier: string;
  dates: DateCodec;
  /** `{webapi_url}v1` */
  apiBase: string;
}

/** A fixed restriction a sub-archive adds (`v1/Contact/5/Persons`: contactId = 5). */
export interface ParentRestriction {
  column: string;
  id: number;
}

const statements = new WeakMap<Db, Map<string, ReturnType<Db["prepare"]>>>();

export function runArchive(provider: ArchiveProvider, params: ArchiveParams, env: ArchiveEnv, parent?: ParentRestriction) {
  const selected = parseSelect(provider, params.select);
  const filter = compile(provider, params.filter, env, parent);
  const top = wholeNumber(params.top, "$top");
  const skip = wholeNumber(params.skip, "$skip") ?? 0;
  const full = /^full$/i.test(params.mode ?? "");
  const jsonSafe = /^(true|1)$/i.test(params.jsonSafe ?? "");
  const order = parseOrderBy(provider, params.orderBy);

  const columnsSql = selected.map((s, i) => `${s.column.sql} AS v${i}${s.column.displaySql ? `, ${s.column.displaySql} AS d${i}` : ""}`).join(", ");
  const where = `(${provider.where}) AND (${filter.sql})`;
  const sql =
    `SELECT ${provider.primaryKey} AS __pk${columnsSql ? `, ${columnsSql}` : ""} FROM ${provider.from} WHERE ${where}` +
    ` ORDER BY ${order.sql ? `${order.sql}, ` : ""}${order.descending ? descending(provider.defaultOrder) : provider.defaultOrder}` +
    ` LIMIT ${top === undefined ? -1 : "@__top"} OFFSET @__skip`;
  const bind = { ...filter.params, ctx: env.contextIdentifier, __skip: skip, ...(top === undefined ? {} : { __top: top }) };
  const rows = prepare(env.db, sql).all(bind) as Record<string, unknown>[];

  const key = (given: string) => (jsonSafe ? given.replace(/[^A-Za-z0-9_]/g, "_") : given);
  const value = rows.map((row) => {
    const pk = Number(row.__pk);
    if (!full) {
      const out: Record<string, unknown> = { PrimaryKey: String(pk), EntityName: provider.entityName };
      selected.forEach((s, i) => (out[key(s.given)] = display(s.column, row[`v${i}`], row[`d${i}`], env.dates)));
      return out;
    }
    const columns: Record<string, unknown> = {};
    selected.forEach((s, i) => {
      // Dates are JSON dates here too (§1.4): in the tenant's zone, like everywhere else, not the stored UTC.
      const raw = s.column.type === "date" || s.column.type === "datetime" ? display(s.column, row[`v${i}`], row[`d${i}`], env.dates) : (row[`v${i}`] ?? null);
      columns[key(s.given)] = { RawValue: raw, DisplayValue: String(display(s.column, row[`v${i}`], row[`d${i}`], env.dates)), LinkHint: "", TooltipHint: "" };
    });
    return { PrimaryKey: pk, EntityName: provider.entityName, StyleHint: "", LinkHint: `nav=${provider.entityName}&${provider.entityName}_id=${pk}`, TableRight: { Mask: "Select, Update, Insert, Delete", Reason: "" }, Column: columns };
  });

  const envelope: Record<string, unknown> = { "odata.metadata": `${env.apiBase}/Archive//$metadata`, "odata.nextLink": null };
  if (/^(true|allpages|estimate)$/i.test(params.inlineCount ?? "")) {
    envelope["odata.count"] = (prepare(env.db, `SELECT count(*) FROM ${provider.from} WHERE ${where}`).pluck().get({ ...filter.params, ctx: env.contextIdentifier }) as number) ?? 0;
  }
  envelope.value = value;
  return envelope;
}

/** The client's `$filter`, ANDed with a sub-archive's fixed restriction; errors become 400s naming the spot. */
function compile(provider: ArchiveProvider, text: string | undefined, env: CompileEnv, parent: ParentRestriction | undefined) {
  try {
    let tree: FilterNode | null = parseFilter(text ?? "");
    if (parent) {
      const fixed: FilterNode = { kind: "condition", column: parent.column, operator: "=", values: [{ kind: "number", value: parent.id, position: 0 }], position: 0, operatorPosition: 0 };
      tree = tree ? { kind: "and", left: fixed, right: tree } : fixed;
    }
    return compileFilter(tree, provider, env);
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(err.message);
    throw err;
  }
}

function prepare(db: Db, sql: string) {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) {
    if (cache.size > 500) cache.clear();
    cache.set(sql, (s = db.prepare(sql)));
  }
  return s;
}

function parseSelect(provider: ArchiveProvider, select: string | undefined): { given: string; column: ArchiveColumn }[] {
  const names = (select ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const list = names.length > 0 ? names : [...provider.defaultSelect];
  return list.map((given) => {
    const name = given.split(":")[0]!;
    if (/^\w+\(/.test(name)) throw badRequest(`$select: aggregates such as ${name} are not supported by the emulator`);
    // A column the emulator's catalogue lacks comes back empty rather than failing the query: SuperOffice's
    // own samples select columns this catalogue does not carry (portraitThumbnail, type) and even a stray
    // `contact/name?`, and work on SOD. Unknown columns in $filter and $orderBy are still 400s.
    const known = findColumn(provider, name);
    if (known) return { given, column: known };
    if (!/^[A-Za-z_][\w./]*\??$/.test(name)) throw badRequest(`$select: ${given} is not a column name`);
    return { given, column: { name, type: "string" as const, sql: "NULL" } };
  });
}

/**
 * `$orderBy` as SQL. `descending` tells whether the last term sorts descending, so the primary-key
 * tie-break can follow it and an index on (column, id) is read backwards instead of sorting.
 */
function parseOrderBy(provider: ArchiveProvider, orderBy: string | undefined): { sql: string; descending: boolean } {
  if (!orderBy?.trim()) return { sql: "", descending: false };
  const sql = orderBy
    .split(",")
    .map((part) => {
      const [name = "", direction = "asc", ...rest] = part.trim().split(/\s+/);
      if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) throw badRequest(`$orderBy: expected "column [asc|desc]", got "${part.trim()}"`);
      const column = findColumn(provider, name);
      if (!column) throw badRequest(`$orderBy: unknown column ${name} for ${provider.name}`);
      const expr = column.displaySql ?? column.sql;
      return `${expr}${column.type === "string" || column.displaySql ? " COLLATE NOCASE" : ""} ${direction.toUpperCase()}`;
    })
    .join(", ");
  return { sql, descending: / DESC$/.test(sql) };
}

/** "c.contact_id ASC" → "c.contact_id DESC" (defaultOrder is the primary key, ascending). */
function descending(defaultOrder: string): string {
  return / ASC$/i.test(defaultOrder) ? defaultOrder.replace(/ ASC$/i, " DESC") : `${defaultOrder} DESC`;
}

function wholeNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  if (!/^\d{1,10}$/.test(text.trim()) || Number(text) > 2_147_483_647) throw badRequest(`${name}: expected a whole number up to 2147483647, got "${text}"`);
  return Number(text);
}

/** Slim mode's typing (netserver.md §5.4): numbers, booleans, list names, associate initials, local ISO dates. */
function display(column: ArchiveColumn, raw: unknown, shown: unknown, dates: DateCodec): unknown {
  switch (column.type) {
    case "int":
    case "decimal":
      return raw === null || raw === undefined ? 0 : Number(raw);
    case "bool":
      return raw === 1 || raw === true || raw === "1";
    case "list":
    case "associate":
      return shown === null || shown === undefined ? "" : String(shown);
    case "date":
    case "datetime":
      // Birth dates are stored date-only: a calendar day, not an instant to shift by time zone.
      if (typeof raw === "string" && /^\d{4}-\d{2}-\d{2}$/.test(raw)) return dates.showDate(raw);
      return dates.show(typeof raw === "string" ? raw : null);
    case "string":
      return raw === null || raw === undefined ? "" : String(raw);
  }
}
