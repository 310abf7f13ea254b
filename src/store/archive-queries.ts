import type { Db } from "./database.js";

/**
 * Archive list queries (netserver.md §5.2–5.6) as the tenant API's query builder describes them, run here:
 * this is the only place their SQL is assembled, prepared and run.
 *
 * The boundary: the SQL *fragments* of a query (the provider's FROM, its visibility condition, column
 * expressions, and the filter compiler's conditions and ORDER BY terms) are fixed text from the emulator's
 * own catalogues and templates. Every value a client wrote reaches SQLite only as a bound parameter in
 * `params`, named `f0`, `f1`, … by the filter compiler; the tenant is bound as `@ctx`, paging as
 * `@__top`/`@__skip` and a short needle's trigrams (read from the index's vocabulary) as `@__trigrams` here.
 * A parameter of any other name is refused, so nothing can smuggle a value in by string building on the way.
 */
export interface ArchiveQuery {
  contextIdentifier: string;
  /** FROM clause with its joins; tables aliased. */
  from: string;
  /** Conditions over `from`, ANDed (the provider's visibility, the compiled `$filter`). */
  where: readonly string[];
  /** Named parameters of the conditions: `f0`, `f1`, … */
  params: Readonly<Record<string, string | number>>;
  /** SQL of the primary key (an integer). */
  primaryKey: string;
  /** Each selected column: its raw value's SQL and, for list and associate columns, its display value's. */
  columns: readonly { sql: string; displaySql?: string | undefined }[];
  /** ORDER BY terms, in order (`x.name COLLATE NOCASE ASC`), ending with a tie-break on the primary key. */
  orderBy: readonly string[];
  /** null: no limit. */
  top: number | null;
  skip: number;
  /**
   * SQL of the rowid of the first table in `from` (`c.rowid`), given only when every row of the query is one
   * row of that table (the catalogue providers: their joins are LEFT JOINs on unique keys; not the `dynamic`
   * provider, whose joins may repeat a row). It lets the store drive a page from a set of those rowids (a deep
   * `$skip`, a text index's candidates) instead of walking the whole ordered table.
   */
  baseRowid?: string | undefined;
  /** Subsets of the base table that hold every row the filter can match (see TextCandidates). */
  candidates?: readonly TextCandidates[] | undefined;
}

/**
 * A superset of the rows a filter can match, from a text index: `sql` selects rowids of the base table
 * as `r` (`SELECT rowid AS r FROM contacts_name_trigram WHERE contacts_name_trigram MATCH @f2`), binding only
 * the filter's own parameters and `@ctx`. The filter's conditions stay in `where`, so using it or not gives the
 * same rows.
 */
export interface TextCandidates {
  /** The base table's rowid it selects, as in ArchiveQuery.baseRowid. */
  rowid: string;
  sql: string;
  /**
   * A needle of two characters, shorter than a trigram (schema v19): `sql` selects the rows whose text ends
   * with it, and the candidates are those plus the rows of every trigram of `index` that begins with `prefix`
   * (the needle as the index folds it), which the store finds in the index's vocabulary `terms` (fts5vocab,
   * `instance`) and matches in `column`.
   */
  trigramsStartingWith?: { index: string; terms: string; column: string; prefix: string } | undefined;
}

/** One row of an archive query: the primary key, then per selected column its raw and display values. */
export interface ArchiveRow {
  primaryKey: number;
  values: unknown[];
  /** undefined for a column without display SQL. */
  displays: unknown[];
}

/**
 * An aggregate query of the `dynamic` provider (`Count(contact.contact_id)` grouped by `contact.category_idx`):
 * like ArchiveQuery, its fragments are the emulator's own SQL (catalogue columns wrapped in fixed aggregate
 * functions), the client's values only bound parameters. One row per group, ordered by the group terms.
 */
export interface ArchiveGroupQuery {
  contextIdentifier: string;
  from: string;
  where: readonly string[];
  params: Readonly<Record<string, string | number>>;
  /** GROUP BY terms (none: one row over everything, the grand total). */
  groupBy: readonly string[];
  /** Aggregate expressions, e.g. `count(DISTINCT t0.contact_id)`. */
  aggregates: readonly string[];
}

/** A table of the database as SQLite describes it, for the `dynamic` provider's generic tables. */
export interface TableShape {
  columns: { name: string; type: string }[];
}

const PARAM_NAME = /^f\d+$/;
/** Distinct archive statements kept prepared; past this (an unusual variety of filters) the cache starts over. */
const MAX_STATEMENTS = 500;
/**
 * Up to this many text-index candidates, a page is read from the candidates (rowid look-ups and a sort of
 * those rows); with more, the candidates are common enough that walking the ordered index finds a page soon.
 */
const MAX_CANDIDATES = 2000;
/** From this `$skip` on, a page's rowids are found first on the ordered index alone, then its rows read. */
const DEEP_SKIP = 200;

export function archiveQueryRepository(db: Db) {
  const statements = new Map<string, ReturnType<Db["prepare"]>>();
  // Prepared once per distinct SQL text: the list endpoints' hot path never prepares twice.
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statements.set(sql, (s = db.prepare(sql)));
    }
    return s;
  };
  const bound = (q: { params: Readonly<Record<string, string | number>>; contextIdentifier: string }): Record<string, string | number> => {
    for (const name of Object.keys(q.params)) if (!PARAM_NAME.test(name)) throw new Error(`archive query: parameter @${name} is not a filter parameter`);
    return { ctx: q.contextIdentifier, ...q.params };
  };
  const where = (q: { where: readonly string[] }) => q.where.map((w) => `(${w})`).join(" AND ");

  const limit = (q: ArchiveQuery) => ` LIMIT ${q.top === null ? -1 : "@__top"} OFFSET @__skip`;
  const paging = (q: ArchiveQuery) => ({ __skip: q.skip, ...(q.top === null ? {} : { __top: q.top }) });
  /**
   * A candidate set's statement and the parameters the store adds to it (for a short needle, its trigrams), or
   * undefined when one of those trigrams alone has more than MAX_CANDIDATES rows: a common needle (`an`), for
   * which counting the union would be spent in vain, as the plain query finds a page soon.
   * The trigrams come from the index's vocabulary (fts5vocab `instance`: a row per occurrence, in term order),
   * one seek each: the smallest term at or after the prefix, then after the last one found plus U+0001 (the next
   * possible term), so no trigram's occurrences are read. FTS5 orders terms by their UTF-8 bytes, which is code
   * point order, and so is SQLite's comparison of the bound text.
   */
  const candidateSql = (c: TextCandidates): { sql: string; params: Record<string, string> } | undefined => {
    const short = c.trigramsStartingWith;
    if (!short) return { sql: c.sql, params: {} };
    const next = prepare(`SELECT term FROM ${short.terms} WHERE term >= ? LIMIT 1`).pluck();
    const rowsOf = prepare(`SELECT count(*) FROM (SELECT rowid FROM ${short.index} WHERE ${short.index} MATCH ? LIMIT ${MAX_CANDIDATES + 1})`).pluck();
    // Each trigram as an FTS5 phrase (quotes doubled) in the needle's column.
    const phrases: string[] = [];
    for (let t = next.get(short.prefix); typeof t === "string" && t.startsWith(short.prefix); t = next.get(`${t}\u0001`)) {
      const phrase = `"${t.replace(/"/g, '""')}"`;
      if ((rowsOf.get(`${short.column} : ${phrase}`) as number) > MAX_CANDIDATES) return undefined;
      phrases.push(phrase);
    }
    if (phrases.length === 0) return { sql: c.sql, params: {} };
    // UNION: a row may be in both.
    const match = `${short.column} : (${phrases.join(" OR ")})`;
    return { sql: `SELECT rowid AS r FROM ${short.index} WHERE ${short.index} MATCH @__trigrams UNION ${c.sql}`, params: { __trigrams: match } };
  };
  /** The text-index candidates to read a page from: the fewest, if no more than MAX_CANDIDATES. */
  const fewCandidates = (q: ArchiveQuery): { sql: string; params: Record<string, string> } | undefined => {
    let best: { c: { sql: string; params: Record<string, string> }; n: number } | undefined;
    for (const c of q.candidates ?? []) {
      if (c.rowid !== q.baseRowid) continue;
      const run = candidateSql(c);
      if (!run) continue;
      const n = prepare(`SELECT count(*) FROM (${run.sql} LIMIT ${MAX_CANDIDATES + 1})`).pluck().get(Object.assign(bound(q), run.params)) as number;
      if (n <= MAX_CANDIDATES && (!best || n < best.n)) best = { c: run, n };
    }
    return best?.c;
  };

  /**
   * The statement and its parameters for a page of rows (exposed for EXPLAIN in the list benchmark). Plain:
   * the provider's FROM, WHERE, ORDER BY and LIMIT/OFFSET. Two shapes give the same rows faster where SQLite's
   * planner would walk the whole ordered index; both put a set of base rowids first with CROSS JOIN (which
   * SQLite never reorders) and look the rows up by rowid, keeping every condition of the plain query:
   * - few text-index candidates (`name contains 'xyz'` or `'xy'` matching little or nothing): the page is read
   *   from them;
   * - a deep `$skip`: the page's rowids are found with the same FROM/WHERE/ORDER BY, where SQLite leaves out
   *   the joins the conditions do not use and skips on the index alone, then only those rows are joined.
   */
  const page = (q: ArchiveQuery): { sql: string; params: Record<string, string | number> } => {
    const columns = q.columns.map((c, i) => `, ${c.sql} AS v${i}${c.displaySql ? `, ${c.displaySql} AS d${i}` : ""}`).join("");
    const orderBy = ` ORDER BY ${q.orderBy.join(", ")}`;
    const plain = (from: string, extra = "") => `SELECT ${q.primaryKey} AS __pk${columns} FROM ${from} WHERE ${where(q)}${extra}${orderBy}`;
    const candidates = q.baseRowid ? fewCandidates(q) : undefined;
    if (candidates) {
      const sql = plain(`(${candidates.sql}) AS __rows CROSS JOIN ${q.from}`, ` AND ${q.baseRowid} = __rows.r`) + limit(q);
      return { sql, params: Object.assign(bound(q), candidates.params, paging(q)) };
    }
    if (q.baseRowid && q.skip >= DEEP_SKIP) {
      const keys = `SELECT ${q.baseRowid} AS r FROM ${q.from} WHERE ${where(q)}${orderBy}${limit(q)}`;
      const sql = plain(`(${keys}) AS __rows CROSS JOIN ${q.from}`, ` AND ${q.baseRowid} = __rows.r`);
      return { sql, params: Object.assign(bound(q), paging(q)) };
    }
    return { sql: plain(q.from) + limit(q), params: Object.assign(bound(q), paging(q)) };
  };

  let shapes: Map<string, TableShape> | undefined;
  /** The statement and its parameters for an aggregate query (exposed for EXPLAIN in the list benchmark). */
  const groupStatement = (q: ArchiveGroupQuery): { sql: string; params: Record<string, string | number> } => {
    const select = [...q.groupBy, ...q.aggregates].map((e, i) => `${e} AS c${i}`).join(", ");
    const terms = q.groupBy.map((_, i) => `c${i}`).join(", ");
    const group = q.groupBy.length > 0 ? ` GROUP BY ${terms} ORDER BY ${terms}` : "";
    return { sql: `SELECT ${select} FROM ${q.from} WHERE ${where(q)}${group}`, params: bound(q) };
  };

  return {
    page,
    /** Every tenant-scoped table (one with a context_identifier column) and its columns; read once. */
    tenantTables(): ReadonlyMap<string, TableShape> {
      if (!shapes) {
        shapes = new Map();
        const rows = db
          .prepare(`SELECT m.name AS tableName, p.name AS name, p.type AS type FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid`)
          .all() as { tableName: string; name: string; type: string }[];
        for (const r of rows) {
          let shape = shapes.get(r.tableName);
          if (!shape) shapes.set(r.tableName, (shape = { columns: [] }));
          shape.columns.push({ name: r.name, type: r.type });
        }
        for (const [name, shape] of shapes) if (!shape.columns.some((c) => c.name === "context_identifier")) shapes.delete(name);
      }
      return shapes;
    },
    groupStatement,
    /** One raw row per group: the group values, then the aggregates, in order. */
    groups(q: ArchiveGroupQuery): unknown[][] {
      const { sql, params } = groupStatement(q);
      return prepare(sql).raw(true).all(params) as unknown[][];
    },
    /** The rows of one page of the query. */
    rows(q: ArchiveQuery): ArchiveRow[] {
      const { sql, params } = page(q);
      const raw = prepare(sql).raw(true).all(params) as unknown[][];
      // Raw rows: [pk, v0, (d0), v1, (d1), …] — the layout follows which columns have display SQL.
      const slots = q.columns.map((c) => c.displaySql !== undefined && c.displaySql !== "");
      return raw.map((r) => {
        const values: unknown[] = [];
        const displays: unknown[] = [];
        let at = 1;
        for (const hasDisplay of slots) {
          values.push(r[at++]);
          displays.push(hasDisplay ? r[at++] : undefined);
        }
        return { primaryKey: Number(r[0]), values, displays };
      });
    },
    /** How many rows the whole query has, paging aside (`$inlineCount`, RowCount). */
    count(q: ArchiveQuery): number {
      return (prepare(`SELECT count(*) FROM ${q.from} WHERE ${where(q)}`).pluck().get(bound(q)) as number | undefined) ?? 0;
    },
  };
}

export type ArchiveQueries = ReturnType<typeof archiveQueryRepository>;
