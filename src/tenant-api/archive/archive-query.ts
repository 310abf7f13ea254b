import type { ArchiveQueries, ArchiveQuery } from "../../store/archive-queries.js";
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
  /** The store's archive query runner (store/archive-queries.ts): the only code that turns a query into SQL. */
  archive: ArchiveQueries;
  contextIdentifier: string;
  dates: DateCodec;
  /** `{webapi_url}v1` */
  apiBase: string;
}

/** A fixed restriction a sub-archive adds (`v1/Contact/5/Persons`: contactId = 5). */
/**
 * A sub-archive's fixed restriction: the provider's `column` equals the parent's id, or, where the link runs
 * through another table (a contact's projects through project members), is one of `ids`.
 */
export interface ParentRestriction {
  column: string;
  id: number;
  ids?: readonly number[];
}

/**
 * The query an archive request describes, for the store to run: SQL fragments from the provider's
 * catalogue and the filter compiler, and the client's values only as the compiler's bound parameters.
 */
export function archiveQuery(provider: ArchiveProvider, params: ArchiveParams, env: ArchiveEnv, parent?: ParentRestriction, columns?: Selected[]): { query: ArchiveQuery; selected: Selected[] } {
  const selected = columns ?? parseSelect(provider, params.select);
  const filter = compile(provider, params.filter, env, parent);
  const top = wholeNumber(params.top, "$top");
  const skip = wholeNumber(params.skip, "$skip") ?? 0;
  const order = parseOrderBy(provider, params.orderBy);
  const query: ArchiveQuery = {
    contextIdentifier: env.contextIdentifier,
    from: provider.from,
    where: [provider.where, filter.sql],
    params: filter.params,
    primaryKey: provider.primaryKey,
    columns: selected.map((s) => ({ sql: s.column.sql, displaySql: s.column.displaySql })),
    orderBy: [...order.terms, order.descending ? descending(provider.defaultOrder) : provider.defaultOrder],
    top: top ?? null,
    skip,
    baseRowid: provider.baseRowid,
    candidates: filter.candidates,
  };
  return { query, selected };
}

/** A `$select` column as given and what it resolved to (the dynamic provider resolves its own). */
export interface Selected {
  given: string;
  column: ArchiveColumn;
}

export function runArchive(provider: ArchiveProvider, params: ArchiveParams, env: ArchiveEnv, parent?: ParentRestriction, columns?: Selected[]) {
  const { query, selected } = archiveQuery(provider, params, env, parent, columns);
  const full = /^full$/i.test(params.mode ?? "");
  const jsonSafe = /^(true|1)$/i.test(params.jsonSafe ?? "");
  const rows = env.archive.rows(query);

  const key = (given: string) => (jsonSafe ? given.replace(/[^A-Za-z0-9_]/g, "_") : given);
  const value = rows.map((row) => {
    const pk = row.primaryKey;
    if (!full) {
      const out: Record<string, unknown> = { PrimaryKey: String(pk), EntityName: provider.entityName };
      selected.forEach((s, i) => (out[key(s.given)] = display(s.column, row.values[i], row.displays[i], env.dates)));
      return out;
    }
    const columns: Record<string, unknown> = {};
    selected.forEach((s, i) => {
      // Dates are JSON dates here too (§1.4): in the tenant's zone, like everywhere else, not the stored UTC.
      const shown = display(s.column, row.values[i], row.displays[i], env.dates);
      const raw = s.column.type === "date" || s.column.type === "datetime" ? shown : (row.values[i] ?? null);
      columns[key(s.given)] = { RawValue: raw, DisplayValue: String(shown), LinkHint: "", TooltipHint: "" };
    });
    return { PrimaryKey: pk, EntityName: provider.entityName, StyleHint: "", LinkHint: `nav=${provider.entityName}&${provider.entityName}_id=${pk}`, TableRight: { Mask: "Select, Update, Insert, Delete", Reason: "" }, Column: columns };
  });

  const envelope: Record<string, unknown> = { "odata.metadata": `${env.apiBase}/Archive//$metadata`, "odata.nextLink": null };
  if (/^(true|allpages|estimate)$/i.test(params.inlineCount ?? "")) {
    envelope["odata.count"] = env.archive.count(query);
  }
  envelope.value = value;
  return envelope;
}

/** The client's `$filter`, ANDed with a sub-archive's fixed restriction; errors become 400s naming the spot. */
function compile(provider: ArchiveProvider, text: string | undefined, env: CompileEnv, parent: ParentRestriction | undefined) {
  try {
    let tree: FilterNode | null = parseFilter(text ?? "");
    if (parent) {
      // No linked rows: an id no row has (ids are positive), so the list finds nothing.
      const ids = parent.ids ? (parent.ids.length > 0 ? parent.ids : [-1]) : [parent.id];
      const fixed: FilterNode = {
        kind: "condition",
        column: parent.column,
        operator: parent.ids ? "in" : "=",
        values: ids.map((value) => ({ kind: "number" as const, value, position: 0 })),
        position: 0,
        operatorPosition: 0,
      };
      tree = tree ? { kind: "and", left: fixed, right: tree } : fixed;
    }
    return compileFilter(tree, provider, env);
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(err.message);
    throw err;
  }
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
    // Udef columns have a colon in their name (`contactUdef/SuperOffice:1`): the whole name is tried first.
    const known = findColumn(provider, given) ?? findColumn(provider, name);
    if (known) return { given, column: known };
    if (!/^[A-Za-z_][\w./]*\??$/.test(name)) throw badRequest(`$select: ${given} is not a column name`);
    return { given, column: { name, type: "string" as const, sql: "NULL" } };
  });
}

/**
 * `$orderBy` as SQL terms. `descending` tells whether the last term sorts descending, so the primary-key
 * tie-break can follow it and an index on (column, id) is read backwards instead of sorting.
 */
function parseOrderBy(provider: ArchiveProvider, orderBy: string | undefined): { terms: string[]; descending: boolean } {
  if (!orderBy?.trim()) return { terms: [], descending: false };
  const terms = orderBy
    .split(",")
    .map((part) => {
      const [name = "", direction = "asc", ...rest] = part.trim().split(/\s+/);
      if (rest.length > 0 || !/^(asc|desc)$/i.test(direction)) throw badRequest(`$orderBy: expected "column [asc|desc]", got "${part.trim()}"`);
      const column = findColumn(provider, name);
      if (!column) throw badRequest(`$orderBy: unknown column ${name} for ${provider.name}`);
      const expr = column.displaySql ?? column.sql;
      return `${expr}${column.type === "string" || column.displaySql ? " COLLATE NOCASE" : ""} ${direction.toUpperCase()}`;
    });
  return { terms, descending: / DESC$/.test(terms.at(-1)!) };
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
export function display(column: ArchiveColumn, raw: unknown, shown: unknown, dates: DateCodec): unknown {
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
