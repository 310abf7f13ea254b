import type { DateCodec } from "../../json/dates.js";
import { findColumn } from "../columns.js";
import type { ArchiveColumn, ArchiveProvider, ColumnType } from "../providers/provider.js";
import { FilterError, type ConditionNode, type FilterNode, type Literal } from "./ast.js";
import { dayRange, namedPeriod, periodRange, periodUnit, type Range } from "./periods.js";
import { own } from "../../../shared/own.js";
import type { TextCandidates } from "../../../store/archive-queries.js";

/**
 * Compiles a `$filter` tree to a SQL condition over a provider's columns (netserver.md §5.3). Column SQL
 * comes only from the provider's catalogue; every value from the filter becomes a bound parameter, so
 * user text is never part of the SQL. Operators are checked against the column's type.
 */
export interface CompileEnv {
  timeZone: string;
  nowMs: number;
  currentAssociateId: number;
  dates: DateCodec;
}

export interface CompiledFilter {
  sql: string;
  params: Record<string, string | number>;
  /** Supersets of the matching rows from text indexes, for the store to narrow a page with (never needed for correctness). */
  candidates: TextCandidates[];
}

/** The trigram tokenizer indexes runs of 3 characters: a shorter needle is not a trigram to look up. */
const MIN_TRIGRAM_NEEDLE = 3;
/** A 2-character needle is found through the trigrams that begin with it and a tail index (schema v19). */
const MIN_SHORT_NEEDLE = 2;

type Kind = "number" | "string" | "bool" | "id" | "date";
const KIND: Record<ColumnType, Kind> = { int: "number", decimal: "number", string: "string", bool: "bool", list: "id", associate: "id", date: "date", datetime: "date" };

// Operator spellings (netserver.md §5.3) to what they do, per kind of column.
const COMPARE: Record<string, string> = { "=": "eq", eq: "eq", equals: "eq", is: "eq", set: "eq", "<>": "ne", "!=": "ne", ne: "ne", unequals: "ne", isnot: "ne", "<": "lt", lt: "lt", less: "lt", "<=": "le", le: "le", ">": "gt", gt: "gt", greater: "gt", ">=": "ge", ge: "ge", between: "between", in: "in", oneof: "in", notoneof: "notin", notin: "notin" };
const STRING_OPS: Record<string, string> = { ...COMPARE, begins: "begins", startswith: "begins", notbegins: "notbegins", contains: "contains", notcontains: "notcontains", ends: "ends", endswith: "ends", notends: "notends" };
const ID_OPS: Record<string, string> = { ...COMPARE, associateisoneof: "in", associateisnotoneof: "notin", currentassociate: "current" };
const DATE_OPS: Record<string, string> = { "=": "day", eq: "day", equals: "day", date: "day", is: "day", "<>": "notday", "!=": "notday", ne: "notday", unequals: "notday", before: "before", "<": "before", lt: "before", after: "after", ">": "after", gt: "after", beforeorequal: "beforeorequal", "<=": "beforeorequal", le: "beforeorequal", afterorequal: "afterorequal", ">=": "afterorequal", ge: "afterorequal", between: "between", datebetween: "between", datetime: "attime", beforetime: "beforetime", aftertime: "aftertime", this: "this", next: "next", previous: "previous", thisandnext: "thisandnext", thisandprevious: "thisandprevious", thisandpreviousandnext: "thisandpreviousandnext" };
const OPS: Record<Kind, Record<string, string>> = { number: COMPARE, string: STRING_OPS, bool: COMPARE, id: ID_OPS, date: DATE_OPS };

export function compileFilter(node: FilterNode | null, provider: ArchiveProvider, env: CompileEnv): CompiledFilter {
  const params: Record<string, string | number> = {};
  let n = 0;
  const param = (value: string | number) => {
    const name = `f${n++}`;
    params[name] = value;
    return `@${name}`;
  };
  const walk = (node: FilterNode): string => {
    if (node.kind === "condition") return condition(node, provider, env, param);
    // `a or b or c …` parses left-deep; nested one level per operand it would pass SQLite's expression depth
    // limit (1000) long before the filter's length limit, so a chain of one operator is grouped as a balanced tree.
    const operands = sameOperatorChain(node);
    return balanced(operands.map(walk), node.kind.toUpperCase());
  };
  const sql = node ? walk(node) : "1 = 1";
  return { sql, params, candidates: node ? textCandidates(node, provider, param) : [] };
}

/**
 * For each `contains` on a trigram-indexed column that every match must satisfy (the filter itself, or one
 * operand of its top-level `and` chain), the index's rows holding the needle: a superset of the condition's
 * rows. Only for ASCII needles of at least 2 characters: LIKE folds ASCII case only and the index folds at
 * least that much, so every row the LIKE matches is a candidate; other needles keep the plain scan (one
 * character is in too many trigrams to be worth looking up).
 */
function textCandidates(node: FilterNode, provider: ArchiveProvider, param: (v: string | number) => string): TextCandidates[] {
  const conjuncts = node.kind === "and" ? sameOperatorChain(node) : [node];
  const out: TextCandidates[] = [];
  for (const c of conjuncts) {
    if (c.kind !== "condition" || own(STRING_OPS, c.operator) !== "contains" || c.values.length < 1) continue;
    const trigram = findColumn(provider, c.column)?.trigram;
    const needle = convert(c.values[0]!, "string");
    if (!trigram || typeof needle !== "string" || needle.length < MIN_SHORT_NEEDLE || /[^\x00-\x7f]/.test(needle)) continue;
    if (needle.length < MIN_TRIGRAM_NEEDLE) {
      // Two characters: the rows whose text ends with them (or is them) from the tail index of schema v19; the
      // store adds the rows of the trigrams that begin with them (TextCandidates.trigramsStartingWith).
      const folded = needle.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
      const sql = `SELECT rowid AS r FROM ${trigram.content} WHERE context_identifier = @ctx AND lower(substr(${trigram.column}, -2)) = ${param(folded)}`;
      out.push({ rowid: trigram.rowid, sql, trigramsStartingWith: { index: trigram.table, terms: trigram.terms, column: trigram.column, prefix: folded } });
      continue;
    }
    // An FTS5 query: the indexed column, then the whole needle as one phrase (its trigrams in a row: a
    // substring), quotes doubled.
    const phrase = `${trigram.column} : "${needle.replace(/"/g, '""')}"`;
    out.push({ rowid: trigram.rowid, sql: `SELECT rowid AS r FROM ${trigram.table} WHERE ${trigram.table} MATCH ${param(phrase)}` });
  }
  return out;
}

/** The operands of a run of the same `and`/`or`, in order. */
function sameOperatorChain(node: FilterNode & { kind: "and" | "or" }): FilterNode[] {
  const out: FilterNode[] = [];
  const stack: FilterNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === node.kind) stack.push(n.right, n.left);
    else out.push(n);
  }
  return out;
}

function balanced(parts: string[], operator: string): string {
  if (parts.length === 1) return parts[0]!;
  const mid = Math.ceil(parts.length / 2);
  return `(${balanced(parts.slice(0, mid), operator)} ${operator} ${balanced(parts.slice(mid), operator)})`;
}

function condition(node: ConditionNode, provider: ArchiveProvider, env: CompileEnv, param: (v: string | number) => string): string {
  const special = node.column.toLowerCase();
  if (special === "getallrows") return bool(node.values[0] ?? { kind: "boolean", value: true, position: node.position }) ? "1 = 1" : "1 = 0";
  if (special === "getnorows") return "1 = 0";
  const column = findColumn(provider, node.column);
  if (!column) throw new FilterError(`unknown column for ${provider.name}`, node.position, node.column);
  const kind = KIND[column.type];
  const op = own(OPS[kind], node.operator) ?? (kind === "date" && namedPeriod(node.operator, env.nowMs, env.timeZone) ? node.operator : undefined);
  if (!op) throw new FilterError(`operator not valid for ${column.name} (${column.type})`, node.operatorPosition, node.operator);
  const sql = column.sql;
  const need = (count: number) => {
    if (node.values.length < count) throw new FilterError(`${node.operator} needs ${count} value${count === 1 ? "" : "s"}`, node.operatorPosition, node.operator);
    return node.values;
  };
  if (kind === "date") return dateCondition(node, column, op, env, param);
  const v = (lit: Literal) => convert(lit, kind);
  // SQLite folds only A-Z: values with other letters compare through unicode_lower() (no index, but right).
  if (kind === "string" && node.values.some((lit) => /[^\x00-\x7f]/.test(String(lit.value)))) return unicodeCondition(node, sql, op, param);
  switch (op) {
    case "eq":
      return kind === "string" ? `${sql} = ${param(v(need(1)[0]!))} COLLATE NOCASE` : `COALESCE(${sql}, 0) = ${param(v(need(1)[0]!))}`;
    case "ne":
      return kind === "string" ? `COALESCE(${sql}, '') <> ${param(v(need(1)[0]!))} COLLATE NOCASE` : `COALESCE(${sql}, 0) <> ${param(v(need(1)[0]!))}`;
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return `${sql} ${{ lt: "<", le: "<=", gt: ">", ge: ">=" }[op]} ${param(v(need(1)[0]!))}${kind === "string" ? " COLLATE NOCASE" : ""}`;
    case "between": {
      const [a, b] = need(2);
      return `${sql}${kind === "string" ? " COLLATE NOCASE" : ""} BETWEEN ${param(v(a!))} AND ${param(v(b!))}`;
    }
    case "in":
    case "notin": {
      const list = need(1).map((lit) => param(v(lit))).join(", ");
      const collate = kind === "string" ? " COLLATE NOCASE" : "";
      return op === "in" ? `${sql}${collate} IN (${list})` : `(${sql} IS NULL OR ${sql}${collate} NOT IN (${list}))`;
    }
    case "current":
      return `${sql} = ${param(env.currentAssociateId)}`;
    default: {
      const text = String(v(need(1)[0]!)).replace(/[\\%_]/g, (ch) => `\\${ch}`);
      const pattern = { begins: `${text}%`, notbegins: `${text}%`, contains: `%${text}%`, notcontains: `%${text}%`, ends: `%${text}`, notends: `%${text}` }[op]!;
      return op.startsWith("not") ? `COALESCE(${sql}, '') NOT LIKE ${param(pattern)} ESCAPE '\\'` : `${sql} LIKE ${param(pattern)} ESCAPE '\\'`;
    }
  }
}

function unicodeCondition(node: ConditionNode, sql: string, op: string, param: (v: string | number) => string): string {
  const lower = (lit: Literal) => String(lit.value).toLocaleLowerCase("nb");
  const col = `unicode_lower(${sql})`;
  const first = node.values[0];
  if (!first) throw new FilterError(`${node.operator} needs a value`, node.operatorPosition, node.operator);
  switch (op) {
    case "eq":
      return `${col} = ${param(lower(first))}`;
    case "ne":
      return `COALESCE(${col}, '') <> ${param(lower(first))}`;
    case "in":
    case "notin": {
      const list = node.values.map((lit) => param(lower(lit))).join(", ");
      return op === "in" ? `${col} IN (${list})` : `(${sql} IS NULL OR ${col} NOT IN (${list}))`;
    }
    case "lt":
    case "le":
    case "gt":
    case "ge":
      return `${col} ${{ lt: "<", le: "<=", gt: ">", ge: ">=" }[op]} ${param(lower(first))}`;
    case "between":
      return `${col} BETWEEN ${param(lower(first))} AND ${param(lower(node.values[1] ?? first))}`;
    default: {
      const text = lower(first).replace(/[\\%_]/g, (ch) => `\\${ch}`);
      const pattern = { begins: `${text}%`, notbegins: `${text}%`, contains: `%${text}%`, notcontains: `%${text}%`, ends: `%${text}`, notends: `%${text}` }[op] ?? text;
      return op.startsWith("not") ? `COALESCE(${col}, '') NOT LIKE ${param(pattern)} ESCAPE '\\'` : `${col} LIKE ${param(pattern)} ESCAPE '\\'`;
    }
  }
}

function dateCondition(node: ConditionNode, column: ArchiveColumn, op: string, env: CompileEnv, param: (v: string | number) => string): string {
  const sql = column.sql;
  const range = (r: Range) => [r.start !== null ? `${sql} >= ${param(r.start)}` : "", r.end !== null ? `${sql} < ${param(r.end)}` : ""].filter(Boolean).join(" AND ") || `${sql} IS NOT NULL`;
  const day = (lit: Literal | undefined) => {
    const r = lit && typeof lit.value === "string" ? dayRange(lit.value, env.timeZone) : undefined;
    if (!r) throw new FilterError("expected a date such as '2020-05-28'", lit?.position ?? node.operatorPosition, String(lit?.value ?? node.operator));
    return r;
  };
  const instant = (lit: Literal | undefined) => {
    try {
      const t = lit ? env.dates.read(String(lit.value), column.name) : null;
      if (t) return t;
    } catch {
      // reported below
    }
    throw new FilterError("expected a date-time such as '2020-05-28T15:00:00'", lit?.position ?? node.operatorPosition, String(lit?.value ?? node.operator));
  };
  const unit = (lit: Literal | undefined) => {
    const u = lit ? periodUnit(String(lit.value)) : undefined;
    if (!u) throw new FilterError("expected a period: day, week, month, quarter, half or year", lit?.position ?? node.operatorPosition, String(lit?.value ?? ""));
    return u;
  };
  const count = (lit: Literal | undefined) => {
    const n = lit ? Number(lit.value) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new FilterError("expected a whole number of periods", lit?.position ?? node.operatorPosition, String(lit?.value ?? ""));
    return n;
  };
  const [a, b, c] = node.values;
  const now = env.nowMs;
  const tz = env.timeZone;
  switch (op) {
    case "day":
      return range(day(a));
    case "notday": {
      const r = day(a);
      return `(${sql} IS NULL OR ${sql} < ${param(r.start!)} OR ${sql} >= ${param(r.end!)})`;
    }
    case "before":
      return range({ start: null, end: day(a).start });
    case "after":
      return range({ start: day(a).end, end: null });
    case "beforeorequal":
      return range({ start: null, end: day(a).end });
    case "afterorequal":
      return range({ start: day(a).start, end: null });
    case "between":
      return range({ start: day(a).start, end: day(b).end });
    case "attime":
      return `${sql} = ${param(instant(a))}`;
    case "beforetime":
      return `${sql} < ${param(instant(a))}`;
    case "aftertime":
      return `${sql} > ${param(instant(a))}`;
    case "this":
      return range(periodRange(unit(a), 0, 1, now, tz));
    case "next":
      return range(periodRange(unit(b), 1, 1 + count(a), now, tz));
    case "previous":
      return range(periodRange(unit(b), -count(a), 0, now, tz));
    case "thisandnext":
      return range(periodRange(unit(b), 0, 1 + count(a), now, tz));
    case "thisandprevious":
      return range(periodRange(unit(b), -count(a), 1, now, tz));
    case "thisandpreviousandnext":
      return range(periodRange(unit(a), -1, 2, now, tz));
    default: {
      void c;
      return range(namedPeriod(op, now, tz)!);
    }
  }
}

function convert(lit: Literal, kind: Kind): string | number {
  // An unquoted number on a text column is the text as written: `orgnr eq 077074024` keeps its zero.
  if (kind === "string") return lit.kind === "number" && lit.text !== undefined ? lit.text : String(lit.value);
  if (kind === "bool") return bool(lit) ? 1 : 0;
  const n = typeof lit.value === "number" ? lit.value : typeof lit.value === "string" && /^-?\d+(\.\d+)?$/.test(lit.value.trim()) ? Number(lit.value) : NaN;
  if (Number.isNaN(n)) throw new FilterError("expected a number", lit.position, String(lit.value));
  return n;
}

function bool(lit: Literal): boolean {
  if (typeof lit.value === "boolean") return lit.value;
  const s = String(lit.value).toLowerCase();
  if (s === "1" || s === "true") return true;
  if (s === "0" || s === "false") return false;
  throw new FilterError("expected true or false", lit.position, String(lit.value));
}
