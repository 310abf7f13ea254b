import type { Db } from "../store/database.js";
import { SEED_TABLES, type Row, type SeedData } from "./seed-data.js";

/**
 * Writes generated seed data into an empty (freshly migrated) store, in one transaction: a failure
 * leaves no half-seeded store behind. Column names come from the generator's own rows, never from
 * user input.
 *
 * Sales and appointments refer to each other through deferred foreign keys, and sales come first. While any
 * row points at a parent not yet inserted, SQLite checks every later parent insert against the whole child
 * table (sales have no index on appointment_id): quadratic in a large tenant. So a column that references a
 * later table is inserted as NULL and set once every table is in; the rows end the same.
 * Then the trigram indexes are merged into one segment each (FTS5 'optimize'): the triggers built them a
 * batch at a time, and a large tenant's lookups read every segment (issue #19: 16 segments, 5-10x slower).
 */
export function loadSeedData(db: Db, data: SeedData): void {
  db.transaction(() => {
    const links: { table: string; columns: string[]; rows: readonly Row[] }[] = [];
    for (const table of SEED_TABLES) {
      const rows = data.tables[table];
      const forward = rows.length === 0 ? [] : forwardColumns(db, table, Object.keys(rows[0]!));
      const nulls = Object.fromEntries(forward.map((c) => [c, null]));
      insertRows(db, table, forward.length === 0 ? rows : rows.map((r) => Object.assign({}, r, nulls)));
      if (forward.length > 0) links.push({ table, columns: forward, rows });
    }
    for (const link of links) setLinks(db, link.table, link.columns, link.rows);
    optimizeTextIndexes(db);
  })();
}

export function insertRows(db: Db, table: string, rows: readonly Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
  for (const row of rows) insert.run(row);
}

/** The columns of `table` (among `columns`) whose foreign key names a table loaded after it. */
function forwardColumns(db: Db, table: string, columns: readonly string[]): string[] {
  const later = SEED_TABLES.slice(SEED_TABLES.indexOf(table as (typeof SEED_TABLES)[number]) + 1) as readonly string[];
  return db
    .prepare<[], { table: string; from: string }>(`SELECT "table", "from" FROM pragma_foreign_key_list('${table}')`)
    .all()
    .filter((fk) => later.includes(fk.table) && fk.from !== "context_identifier" && columns.includes(fk.from))
    .map((fk) => fk.from);
}

/** Sets the forward columns held back by loadSeedData, row by row by primary key, where they have a value. */
function setLinks(db: Db, table: string, columns: readonly string[], rows: readonly Row[]): void {
  const keys = db.prepare<[], string>(`SELECT name FROM pragma_table_info('${table}') WHERE pk > 0 ORDER BY pk`).pluck().all();
  const update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(", ")} WHERE ${keys.map((k) => `${k} = @${k}`).join(" AND ")}`);
  for (const row of rows) if (columns.some((c) => row[c] !== null && row[c] !== undefined)) update.run(row);
}

/** Every FTS5 index of the store merged into one segment (its vocabulary tables are not indexes of their own). */
function optimizeTextIndexes(db: Db): void {
  const indexes = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE % USING fts5(%'").pluck().all();
  for (const name of indexes) db.prepare(`INSERT INTO "${name}" ("${name}") VALUES ('optimize')`).run();
}
