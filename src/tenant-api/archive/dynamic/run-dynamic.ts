import { badRequest } from "../../../http/superoffice-error.js";
import type { ArchiveGroupQuery } from "../../../store/archive-queries.js";
import { archiveQuery, display, runArchive, type ArchiveEnv, type ArchiveParams, type Selected } from "../archive-query.js";
import { FilterError, type FilterNode } from "../filter/ast.js";
import { compileFilter } from "../filter/compile.js";
import { parseFilter } from "../filter/parser.js";
import type { ArchiveColumn, ArchiveProvider } from "../providers/provider.js";
import { aggregateSql, groupRows, parseSelectItems, type SelectItem } from "./aggregates.js";
import { DynamicPlan } from "./plan.js";
import { dynamicTables } from "./tables.js";

/** The provider's name as in `v1/Archive/dynamic` (matched in any case). */
export const DYNAMIC = "dynamic";

/**
 * The provider the ArchiveAgent names for `dynamic`: its columns are whatever a request asks for, resolved
 * per request (GetAvailableColumns has none to list).
 */
export const DYNAMIC_PROVIDER: ArchiveProvider = Object.freeze({ name: DYNAMIC, entityName: "", from: "", where: "1 = 0", primaryKey: "0", columns: [], defaultSelect: [], defaultOrder: "1" });

/** `$options` of an archive request: `GrandTotal=true` adds the grand-total row to aggregates. */
export interface DynamicParams extends ArchiveParams {
  options?: string | undefined;
}

/**
 * `GET|POST v1/Archive/dynamic` (SuperOffice's DotSyntaxProvider): columns as `table.column` across the
 * emulator's tables, joined along foreign keys, filtered, ordered and paged like every archive, or
 * aggregated into header/footer/grand-total rows. Plain queries run through the shared archive query
 * builder; aggregates through the store's GROUP BY runner.
 */
export function runDynamic(params: DynamicParams, env: ArchiveEnv): Record<string, unknown> {
  return dynamicAnswer(params, env).envelope;
}

/** The answer and the provider the query's columns resolved to (the ArchiveAgent encodes values by their types). */
export function dynamicAnswer(params: DynamicParams, env: ArchiveEnv): { envelope: Record<string, unknown>; provider: ArchiveProvider } {
  const q = prepareDynamic(params, env);
  if (q.kind === "rows") return { envelope: runArchive(q.provider, params, env, undefined, q.selected), provider: q.provider };
  const { items, columnOf } = q;
  const rows = groupRows(items, q.base, q.sqlOf, q.aggregates, (g) => env.archive.groups(g), q.grandTotal);
  const full = /^full$/i.test(params.mode ?? "");
  const jsonSafe = /^(true|1)$/i.test(params.jsonSafe ?? "");
  const key = (given: string) => (jsonSafe ? given.replace(/[^A-Za-z0-9_]/g, "_") : given);
  const shown = (item: SelectItem, raw: unknown) => {
    if (raw === undefined) return "";
    // Counts are whole numbers; an average keeps its fraction; GroupBy shows its column's value.
    const column: ArchiveColumn = item.fn === "groupby" || item.fn === "min" || item.fn === "max" ? columnOf.get(item)! : Object.assign({}, columnOf.get(item)!, { type: item.fn === "avg" || columnOf.get(item)!.type === "decimal" ? "decimal" : "int" });
    return display(column, raw, raw, env.dates);
  };
  const top = whole(params.top, "$top");
  const skip = whole(params.skip, "$skip") ?? 0;
  const page = rows.slice(skip, top === undefined ? undefined : skip + top);
  const value = page.map((r) => {
    if (!full) {
      const out: Record<string, unknown> = { PrimaryKey: String(r.id), EntityName: r.rowType };
      items.forEach((item, i) => (out[key(item.given)] = shown(item, r.values[i])));
      return out;
    }
    const columns: Record<string, unknown> = {};
    items.forEach((item, i) => {
      const v = shown(item, r.values[i]);
      columns[key(item.given)] = { RawValue: r.values[i] ?? null, DisplayValue: String(v), LinkHint: "", TooltipHint: "" };
    });
    return { PrimaryKey: r.id, EntityName: r.rowType, StyleHint: "", LinkHint: "", TableRight: { Mask: "Select", Reason: "" }, Column: columns };
  });
  const envelope: Record<string, unknown> = { "odata.metadata": `${env.apiBase}/Archive//$metadata`, "odata.nextLink": null };
  if (/^(true|allpages|estimate)$/i.test(params.inlineCount ?? "")) envelope["odata.count"] = rows.length;
  envelope.value = value;
  return { envelope, provider: Object.assign({}, q.provider, { columns: [] }) };
}

type Prepared =
  | { kind: "rows"; provider: ArchiveProvider; selected: Selected[] }
  | {
      kind: "groups";
      provider: ArchiveProvider;
      items: SelectItem[];
      columnOf: Map<SelectItem, ArchiveColumn>;
      base: Omit<ArchiveGroupQuery, "groupBy" | "aggregates">;
      sqlOf: (item: SelectItem) => string;
      aggregates: SelectItem[];
      grandTotal: boolean;
    };

/** Resolves every column of the request (400s naming what is unknown) and describes the query to run. */
function prepareDynamic(params: DynamicParams, env: ArchiveEnv): Prepared {
  const items = parseSelectItems(params.select);
  if (items.length === 0) throw badRequest("$select: the dynamic provider needs columns as table.column, e.g. $select=contact.name,person.firstname");
  const plan = new DynamicPlan(dynamicTables(env.archive.tenantTables()), items[0]!.column, "$select");
  const resolved = items.map((item) => plan.resolve(item.column, "$select"));
  for (const name of filterColumns(params.filter)) plan.resolve(name, "$filter");
  for (const part of (params.orderBy ?? "").split(",").map((s) => s.trim()).filter(Boolean)) plan.resolve(part.split(/\s+/)[0]!, "$orderBy");
  const provider = plan.provider();
  if (!items.some((i) => i.fn)) return { kind: "rows", provider, selected: items.map((item, i) => ({ given: item.given, column: resolved[i]! })) };

  const shownInDetail = items.filter((i) => !i.fn || !i.hideDetail);
  if (shownInDetail.length > 0) {
    throw badRequest(`$select: ${shownInDetail.map((i) => i.given).join(", ")} would be shown in detail rows, which the emulator does not produce with aggregates; give every aggregate and GroupBy the HideDetail modifier (e.g. Count(contact.contact_id):HideDetail,GroupBy(contact.category_idx):Footer,HideDetail)`);
  }
  let filter;
  try {
    filter = compileFilter(parseFilter(params.filter ?? ""), provider, env);
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(err.message);
    throw err;
  }
  const columnOf = new Map<SelectItem, ArchiveColumn>(items.map((item, i) => [item, resolved[i]!]));
  const rowsAreUnique = !plan.repeatsRows;
  return {
    kind: "groups",
    provider,
    items,
    columnOf,
    base: { contextIdentifier: env.contextIdentifier, from: provider.from, where: [provider.where, filter.sql], params: filter.params },
    sqlOf: (item) => (item.fn === "groupby" ? columnOf.get(item)!.sql : aggregateSql(item, columnOf.get(item)!, provider.primaryKey, rowsAreUnique)),
    aggregates: items.filter((i) => i.fn && i.fn !== "groupby"),
    grandTotal: /(^|[&;,\s])grandtotal\s*=\s*(true|1)\b/i.test(params.options ?? ""),
  };
}

/** The main SQL statement of a dynamic request (a page of rows, or the innermost GROUP BY), for the benchmark's EXPLAIN. */
export function dynamicStatement(params: DynamicParams, env: ArchiveEnv): { sql: string; params: Record<string, string | number> } {
  const q = prepareDynamic(params, env);
  if (q.kind === "rows") return env.archive.page(archiveQuery(q.provider, params, env, undefined, q.selected).query);
  const groups = q.items.filter((i) => i.fn === "groupby").sort((a, b) => a.level - b.level);
  return env.archive.groupStatement({ groupBy: groups.map(q.sqlOf), aggregates: q.aggregates.map(q.sqlOf), ...q.base });
}

/** The column names a `$filter` mentions (a malformed filter is a 400 naming the spot). */
function filterColumns(text: string | undefined): string[] {
  let tree: FilterNode | null;
  try {
    tree = parseFilter(text ?? "");
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(err.message);
    throw err;
  }
  const names: string[] = [];
  const walk = (n: FilterNode) => {
    if (n.kind === "condition") {
      if (!/^(getallrows|getnorows)$/i.test(n.column)) names.push(n.column);
    } else {
      walk(n.left);
      walk(n.right);
    }
  };
  if (tree) walk(tree);
  return names;
}

function whole(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  if (!/^\d{1,10}$/.test(text.trim()) || Number(text) > 2_147_483_647) throw badRequest(`${name}: expected a whole number up to 2147483647, got "${text}"`);
  return Number(text);
}
