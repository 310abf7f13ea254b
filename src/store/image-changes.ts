import type { Db } from "./database.js";

/** One table's part that may differ from the image: one tenant's rows, or (`*`) the whole table. */
export interface ChangedPart {
  table: string;
  /** A ContextIdentifier, or `*` for every row of the table. */
  part: string;
}

/** What a copy needs to know of an ordinary table. */
export interface TableShape {
  name: string;
  columns: readonly string[];
  /** False for WITHOUT ROWID tables and for tables whose INTEGER PRIMARY KEY is the rowid (copied as a column). */
  copyRowid: boolean;
  /**
   * Changes are noted per tenant: the table has a NOT NULL context_identifier and every unique key contains
   * it, so no write (not even a REPLACE, whose deletes fire no trigger here) reaches another tenant's rows.
   */
  perTenant: boolean;
}

/** Ordinary tables only: virtual tables (the trigram indexes) and their shadow tables follow their triggers. */
export function tableShapes(db: Db, schema: string): TableShape[] {
  const names = db
    .prepare<[string], { name: string; wr: number }>("SELECT name, wr FROM pragma_table_list WHERE schema = ? AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all(schema);
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
      perTenant: ctx !== undefined && ctx.notnull === 1 && uniqueKeys.every((k) => k.includes("context_identifier")),
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
  let baseline: { key: string; dataVersion: number; counts: Map<string, number> } | undefined;
  const dataVersion = db.prepare<[], number>("PRAGMA main.data_version").pluck();
  const countsSql = (schema: string) =>
    tables
      .map((t) => `SELECT '${t.name}' AS tbl, ${t.perTenant ? "context_identifier" : "'*'"} AS part, count(*) AS n FROM ${schema}."${t.name}"${t.perTenant ? " GROUP BY context_identifier" : ""}`)
      .join(" UNION ALL ");
  /** Rows per part, keyed `table part`. */
  const counts = (schema: string) =>
    new Map(db.prepare<[], { tbl: string; part: string; n: number }>(countsSql(schema)).all().map((r) => [`${r.tbl} ${r.part}`, r.n]));

  /** Starts noting changes (once per connection; outside a transaction, as a rollback would undo it). */
  const track = () => {
    if (installed) return;
    const note = (table: string, part: string) =>
      `INSERT INTO temp.sod_image_changes (tbl, part) SELECT '${table}', ${part} WHERE NOT EXISTS (SELECT 1 FROM temp.sod_image_changes WHERE tbl = '${table}' AND part = ${part});`;
    // No unique key on the notes: an outer INSERT OR ROLLBACK would otherwise impose its conflict policy on them.
    const sql = ["CREATE TEMP TABLE sod_image_changes (tbl TEXT, part TEXT);", "CREATE INDEX temp.sod_image_changes_by_part ON sod_image_changes (tbl, part);"];
    for (const t of tables) {
      const [oldPart, newPart] = t.perTenant ? ["old.context_identifier", "new.context_identifier"] : ["'*'", "'*'"];
      sql.push(
        `CREATE TEMP TRIGGER "sod_image_changes_${t.name}_insert" AFTER INSERT ON main."${t.name}" BEGIN ${note(t.name, newPart)} END;`,
        `CREATE TEMP TRIGGER "sod_image_changes_${t.name}_update" AFTER UPDATE ON main."${t.name}" BEGIN ${note(t.name, oldPart)} ${t.perTenant ? note(t.name, newPart) : ""} END;`,
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
      const changed = new Set(db.prepare<[], string>("SELECT tbl || ' ' || part FROM temp.sod_image_changes").pluck().all());
      const now = counts("main");
      for (const [k, n] of baseline.counts) if (now.get(k) !== n) changed.add(k);
      for (const k of now.keys()) if (!baseline.counts.has(k)) changed.add(k);
      return [...changed].sort().map((k) => {
        const at = k.indexOf(" ");
        return { table: k.slice(0, at), part: k.slice(at + 1) };
      });
    },
    /** Inside the copy's transaction, after it: its own writes are no change from the image. */
    clear(): void {
      if (installed) db.exec("DELETE FROM temp.sod_image_changes");
    },
    /** After the copy committed: the store equals the image `key` (undefined: not known). */
    settled(key: string | undefined): void {
      if (key === undefined || !installed) baseline = undefined;
      else baseline = { key, dataVersion: dataVersion.get()!, counts: baseline?.key === key ? baseline.counts : counts("main") };
    },
  };
}
