import { badRequest } from "../../../http/superoffice-error.js";
import type { ArchiveGroupQuery } from "../../../store/archive-queries.js";
import type { ArchiveColumn } from "../providers/provider.js";

/**
 * `$select` items of the dynamic provider: plain dot-syntax columns and SuperOffice's aggregate columns
 * (docs: "Data aggregation", "Structured aggregation output with GroupBy"): `Count(col)` (unique values),
 * `CountAll(col)`, `Sum`, `Avg`, `Min`, `Max` and `GroupBy(col)`, with the modifiers `HideDetail`, `Header`,
 * `Footer` and a group level (`GroupBy(col):Header,Footer,2`). The output key is the item as given.
 */
export type AggregateFunction = "count" | "countall" | "sum" | "avg" | "min" | "max" | "groupby";

export interface SelectItem {
  given: string;
  /** The dot-syntax column (the argument of an aggregate). */
  column: string;
  fn?: AggregateFunction;
  hideDetail: boolean;
  header: boolean;
  footer: boolean;
  /** GroupBy's nesting level, 1 first. */
  level: number;
}

const FUNCTIONS: Record<string, AggregateFunction> = { count: "count", countall: "countall", sum: "sum", avg: "avg", min: "min", max: "max", groupby: "groupby" };
const DOCUMENTED_ELSEWHERE = /^(percent|median|datepart|expression|weighted|currencyconvert)$/i;
const MODIFIER = /^(hidedetail|header|footer|\d{1,2})$/i;

/** Splits `$select` at commas outside parentheses; a bare modifier continues the aggregate before it. */
export function parseSelectItems(select: string | undefined): SelectItem[] {
  const raw: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of select ?? "") {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      raw.push(current.trim());
      current = "";
    } else current += ch;
  }
  raw.push(current.trim());
  const merged: string[] = [];
  for (const part of raw.filter(Boolean)) {
    const previous = merged.at(-1);
    if (previous !== undefined && MODIFIER.test(part) && /\)\s*:/.test(previous)) merged[merged.length - 1] = `${previous},${part}`;
    else merged.push(part);
  }
  let groupLevel = 0;
  return merged.map((given) => {
    const m = /^(\w+)\s*\((.*)\)\s*(?::(.*))?$/s.exec(given);
    if (!m) return { given, column: given, hideDetail: false, header: false, footer: false, level: 0 };
    const [, name = "", argument = "", modifiers = ""] = m;
    if (DOCUMENTED_ELSEWHERE.test(name)) throw badRequest(`$select: the aggregate ${name} is not emulated (${given}); the emulator has Count, CountAll, Sum, Avg, Min, Max and GroupBy`);
    const fn = FUNCTIONS[name.toLowerCase()];
    if (!fn) throw badRequest(`$select: unknown aggregate function ${name} (${given})`);
    const item: SelectItem = { given, column: argument.trim(), fn, hideDetail: false, header: false, footer: false, level: 0 };
    for (const modifier of modifiers.split(",").map((s) => s.trim()).filter(Boolean)) {
      if (/^hidedetail$/i.test(modifier)) item.hideDetail = true;
      else if (/^header$/i.test(modifier)) item.header = true;
      else if (/^footer$/i.test(modifier)) item.footer = true;
      else if (/^\d{1,2}$/.test(modifier) && fn === "groupby") item.level = Number(modifier);
      else throw badRequest(`$select: unknown modifier ${modifier} for ${name} (${given})`);
    }
    if (fn === "groupby" && item.level === 0) item.level = ++groupLevel;
    return item;
  });
}

/** The SQL of an aggregate over a column's SQL; Sum and Avg take numbers only. */
export function aggregateSql(item: SelectItem, column: ArchiveColumn, primaryKey: string, rowsAreUnique: boolean): string {
  const numeric = column.type === "int" || column.type === "decimal";
  switch (item.fn) {
    case "count":
      // Counting a base row's own key (never NULL) over joins that cannot repeat a row is counting rows:
      // no DISTINCT, no sort, no column read (an index of the group column answers alone).
      return column.sql === primaryKey && rowsAreUnique ? "count(*)" : `count(DISTINCT ${column.sql})`;
    case "countall":
      return `count(${column.sql})`;
    case "sum":
    case "avg":
      if (!numeric) throw badRequest(`$select: ${item.given} needs a number column; ${column.name} is ${column.type}`);
      return item.fn === "sum" ? `COALESCE(sum(${column.sql}), 0)` : `avg(${column.sql})`;
    case "min":
    case "max":
      return `${item.fn}(${column.sql})`;
    default:
      throw new Error(`not an aggregate: ${item.given}`);
  }
}

export interface GroupRow {
  /** `header:1`, `footer:2`, `grandtotal`. */
  rowType: string;
  /** The group's number, 1 first, per level (the grand total is 1). */
  id: number;
  /** Per select item: its value on this row, or undefined when it has none here. */
  values: (unknown | undefined)[];
}

/**
 * Header, footer and grand-total rows of an aggregate-only query, one SQL GROUP BY per level (the store
 * runs them): for each group of level 1, its header, its nested groups, its footer; the grand total last.
 */
export function groupRows(items: SelectItem[], base: Omit<ArchiveGroupQuery, "groupBy" | "aggregates">, sqlOf: (item: SelectItem) => string, aggregates: SelectItem[], run: (q: ArchiveGroupQuery) => unknown[][], grandTotal: boolean): GroupRow[] {
  const levels = items.filter((i) => i.fn === "groupby").sort((a, b) => a.level - b.level);
  const aggregateSqls = aggregates.map(sqlOf);
  const perLevel = levels.map((_, k) => run({ groupBy: levels.slice(0, k + 1).map(sqlOf), aggregates: aggregateSqls, ...base }));
  const out: GroupRow[] = [];
  const counters = levels.map(() => 0);
  const row = (rowType: string, id: number, level: number, raw: unknown[]): GroupRow => ({
    rowType,
    id,
    values: items.map((item) => {
      if (item.fn === "groupby") return level >= 0 && levels[level] === item ? raw[level] : undefined;
      const at = aggregates.indexOf(item);
      return at < 0 ? undefined : raw[level + 1 + at];
    }),
  });
  const key = (raw: unknown[], n: number) => JSON.stringify(raw.slice(0, n));
  const children = perLevel.map((rows, k) => {
    const byPrefix = new Map<string, unknown[][]>();
    for (const r of rows) {
      const prefix = key(r, k);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), r]);
    }
    return byPrefix;
  });
  const emit = (k: number, prefix: string) => {
    for (const raw of children[k]?.get(prefix) ?? []) {
      const id = ++counters[k]!;
      if (levels[k]!.header) out.push(row(`header:${k + 1}`, id, k, raw));
      if (k + 1 < levels.length) emit(k + 1, key(raw, k + 1));
      if (levels[k]!.footer) out.push(row(`footer:${k + 1}`, id, k, raw));
    }
  };
  if (levels.length > 0) emit(0, key([], 0));
  if (grandTotal || levels.length === 0) {
    const [total = []] = run({ groupBy: [], aggregates: aggregateSqls, ...base });
    out.push(row("grandtotal", 1, -1, total));
  }
  return out;
}
