import type { Statement } from "better-sqlite3";
import type { Db } from "./database.js";

/** One table's part that may differ from the image: one tenant's rows, or (`*`) the whole table. */
export interface ChangedPart {
  table: string;
  /** A ContextIdentifier, or `*` for every row of the table. */
  part: string;
  /** The image's rows of the part: none for a tenant made since, whose rows need only be deleted. */
  imageRows: number;
}

/** What a copy needs to know of an ordinary table. */
export interface TableShape {
  name: string;
  columns: readonly string[];
  /** False for WITHOUT ROWID tables and for tables whose INTEGER PRIMARY KEY is the rowid (copied as a column). */
  copyRowid: boolean;
  /**
   * Changes are noted per tenant: the table has a context_identifier that every unique key contains, so no
   * write (not even a REPLACE, whose deletes fire no trigger here) reaches another tenant's rows, and that is
   * NOT NULL or the whole primary key (the tenants table).
   */
  perTenant: boolean;
  /**
   * The tenants table's key may be NULL to SQLite (a TEXT PRIMARY KEY of a rowid table); only the repositories
   * and snapshots write it, and a snapshot with a NULL one is refused (store-image.ts), as such a row would be
   * in no tenant's part.
   */
  nullableContext: boolean;
}

/**
 * Tables that triggers keep from other tables' rows (schema v21): a copy of their source rows rebuilds them, so
 * copying them as well would count every row twice.
 */
const DERIVED_TABLES = new Set(["webhook_queue_sizes"]);

/** Ordinary tables only: virtual tables (the trigram indexes), their shadow tables and derived tables follow their triggers. */
export function tableShapes(db: Db, schema: string): TableShape[] {
  const names = db
    .prepare<[string], { name: string; wr: number }>("SELECT name, wr FROM pragma_table_list WHERE schema = ? AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all(schema)
    .filter(({ name }) => !DERIVED_TABLES.has(name));
  return names.map(({ name, wr }) => {
    const info = db.prepare<[], { name: string; type: string; notnull: number; pk: number }>(`PRAGMA ${schema}.table_info("${name}")`).all();
    const keys = info.filter((c) => c.pk > 0);
    const rowidAlias = keys.length === 1 && keys[0]!.type.toUpperCase() === "INTEGER";
    const ctx = info.find((c) => c.name === "context_identifier");
    const uniqueKeys = db
      .prepare<[], { name: string }>(`SELECT name FROM pragma_index_list('${name}', '${schema}') WHERE "unique" = 1`)
      .all()
      .map((i) => db.prepare<[], string>(`SELECT name FROM pragma_index_info('${i.name}', '${schema}')`).pluck().all());
    if (rowidAlias) uniqueKeys.push([keys[0]!.name]);
    return {
      name,
      columns: info.map((c) => c.name),
      copyRowid: wr === 0 && !rowidAlias,
      // Counting the tenants table per tenant spares a reset after a tenant was added from deleting and copying
      // back every tenant's row (issue #19: 0.6 of an 11 ms reset).
      perTenant:
        ctx !== undefined &&
        (ctx.notnull === 1 || (keys.length === 1 && keys[0]!.name === "context_identifier")) &&
        uniqueKeys.every((k) => k.includes("context_identifier")),
      nullableContext: ctx !== undefined && ctx.notnull !== 1,
    };
  });
}

/**
 * Which parts of the store changed since it last equalled an image (the seed's), so that a reset to that image
 * copies back only those instead of every row (issue #19). Temp triggers note the table and tenant of every
 * row inserted or updated through this connection, including cascades and upserts; they live in this
 * connection's temp schema, never in the store file, a snapshot or another process. Deletes are not noted
 * row by row (a trigger doubles the cost of a bulk delete, and a reset deletes a whole tenant): a part
 * that lost rows without gaining or changing any has fewer rows than the image's, so its count tells.
 * A commit by another connection (the CLI on a data directory) moves SQLite's data_version, and then nothing
 * is known. A rolled-back write rolls its note back with it.
 */
export function imageChanges(db: Db, tables: readonly TableShape[]) {
  let installed = false;
  let baseline: { key: string; dataVersion: number; counts: Map<string, number>; totals: Map<string, number> } | undefined;
  const dataVersion = db.prepare<[], number>("PRAGMA main.data_version").pluck();
  const countsSql = (schema: string) =>
    tables
      .map((t) => `SELECT '${t.name}' AS tbl, ${t.perTenant ? "context_identifier" : "'*'"} AS part, count(*) AS n FROM ${schema}."${t.name}"${t.perTenant ? " GROUP BY context_identifier" : ""}`)
      .join(" UNION ALL ");
  /** Rows per part, keyed `table part`. */
  const counts = (schema: string) =>
    new Map(db.prepare<[], { tbl: string; part: string; n: number }>(countsSql(schema)).all().map((r) => [`${r.tbl} ${r.part}`, r.n]));
  // Rows per table: SQLite counts a table from its smallest index's pages, several times faster than counting
  // per tenant (issue #19: the per-part counts were ~20 % of a reset). Prepared when first needed.
  let totals: Statement<[], { tbl: string; n: number }> | undefined;
  const totalsNow = () =>
    new Map(
      (totals ??= db.prepare(tables.map((t) => `SELECT '${t.name}' AS tbl, count(*) AS n FROM main."${t.name}"`).join(" UNION ALL ")))
        .all()
        .map((r) => [r.tbl, r.n]),
    );
  const partStatements = new Map<string, { one: Statement<[string], number>; each: Statement<[], { part: string; n: number }> }>();
  const partCounts = (table: string) => {
    let s = partStatements.get(table);
    if (!s) {
      s = {
        one: db.prepare<[string], number>(`SELECT count(*) FROM main."${table}" WHERE context_identifier = ?`).pluck(),
        each: db.prepare<[], { part: string; n: number }>(`SELECT context_identifier AS part, count(*) AS n FROM main."${table}" GROUP BY context_identifier`),
      };
      partStatements.set(table, s);
    }
    return s;
  };

  /**
   * The parts of each table that differ from the baseline. Noted parts differ; a part that was not noted gained
   * and changed no rows, so it differs only if it lost some. Those losses show in the table's total less its
   * noted parts (a noted part's own rows compared by their own count); only when that differs are the table's
   * parts counted one by one.
   */
  const differing = (notes: ReadonlySet<string>, base: ReadonlyMap<string, number>, baseTotals: ReadonlyMap<string, number>): Set<string> => {
    const changed = new Set(notes);
    const notedParts = new Map<string, string[]>();
    for (const k of notes) {
      const at = k.indexOf(" ");
      const list = notedParts.get(k.slice(0, at)) ?? [];
      list.push(k.slice(at + 1));
      notedParts.set(k.slice(0, at), list);
    }
    const now = totalsNow();
    for (const t of tables) {
      const total = now.get(t.name) ?? 0;
      if (!t.perTenant) {
        if (total !== (base.get(`${t.name} *`) ?? 0)) changed.add(`${t.name} *`);
        continue;
      }
      const noted = notedParts.get(t.name) ?? [];
      const statements = partCounts(t.name);
      let rest = total;
      for (const p of noted) rest -= statements.one.get(p) ?? 0;
      if (rest === (baseTotals.get(t.name) ?? 0) - noted.reduce((n, p) => n + (base.get(`${t.name} ${p}`) ?? 0), 0)) continue;
      const parts = new Map(statements.each.all().map((r) => [r.part, r.n]));
      for (const [p, n] of parts) if ((base.get(`${t.name} ${p}`) ?? 0) !== n) changed.add(`${t.name} ${p}`);
      for (const k of base.keys()) if (k.startsWith(`${t.name} `) && !parts.has(k.slice(t.name.length + 1))) changed.add(k);
    }
    return changed;
  };
  /** Rows per table, from rows per part. */
  const summed = (parts: ReadonlyMap<string, number>) => {
    const sums = new Map<string, number>();
    for (const [k, n] of parts) {
      const table = k.slice(0, k.indexOf(" "));
      sums.set(table, (sums.get(table) ?? 0) + n);
    }
    return sums;
  };
  let notes: Statement<[], string> | undefined;

  /** Starts noting changes (once per connection; outside a transaction, as a rollback would undo it). */
  const track = () => {
    if (installed) return;
    const noted = (table: string, part: string) => `EXISTS (SELECT 1 FROM temp.sod_image_changes WHERE tbl = '${table}' AND part = ${part})`;
    const note = (table: string, part: string) => `INSERT INTO temp.sod_image_changes (tbl, part) SELECT '${table}', ${part} WHERE NOT ${noted(table, part)};`;
    // No unique key on the notes: an outer INSERT OR ROLLBACK would otherwise impose its conflict policy on them.
    const sql = ["CREATE TEMP TABLE sod_image_changes (tbl TEXT, part TEXT);", "CREATE INDEX temp.sod_image_changes_by_part ON sod_image_changes (tbl, part);"];
    for (const t of tables) {
      const [oldPart, newPart] = t.perTenant ? ["old.context_identifier", "new.context_identifier"] : ["'*'", "'*'"];
      // The WHEN clause skips the trigger's body for every row after a part's first: a bulk insert of one
      // tenant's rows (a new tenant's 9,400) then costs ~0.5 µs a row instead of ~1.7 (issue #19).
      sql.push(
        `CREATE TEMP TRIGGER "sod_image_changes_${t.name}_insert" AFTER INSERT ON main."${t.name}" WHEN NOT ${noted(t.name, newPart)} BEGIN ${note(t.name, newPart)} END;`,
        `CREATE TEMP TRIGGER "sod_image_changes_${t.name}_update" AFTER UPDATE ON main."${t.name}" WHEN NOT ${noted(t.name, oldPart)} OR NOT ${noted(t.name, newPart)} BEGIN ${note(t.name, oldPart)} ${t.perTenant ? note(t.name, newPart) : ""} END;`,
      );
    }
    db.exec(sql.join("\n"));
    installed = true;
  };

  return {
    track,
    /** The parts changed since the store equalled the image `key`; undefined when that is not known. */
    since(key: string): ChangedPart[] | undefined {
      if (!installed || baseline?.key !== key || baseline.dataVersion !== dataVersion.get()) return undefined;
      notes ??= db.prepare<[], string>("SELECT tbl || ' ' || part FROM temp.sod_image_changes").pluck();
      const changed = differing(new Set(notes.all()), baseline.counts, baseline.totals);
      return [...changed].sort().map((k) => {
        const at = k.indexOf(" ");
        return { table: k.slice(0, at), part: k.slice(at + 1), imageRows: baseline!.counts.get(k) ?? 0 };
      });
    },
    /** Inside the copy's transaction, after it: its own writes are no change from the image. */
    clear(): void {
      if (installed) db.exec("DELETE FROM temp.sod_image_changes");
    },
    /** After the copy committed: the store equals the image `key` (undefined: not known). */
    settled(key: string | undefined): void {
      if (key === undefined || !installed) baseline = undefined;
      else if (baseline?.key === key) baseline.dataVersion = dataVersion.get()!;
      else {
        const parts = counts("main");
        baseline = { key, dataVersion: dataVersion.get()!, counts: parts, totals: summed(parts) };
      }
    },
  };
}
