import type { Db } from "../store/database.js";
import { SEED_TABLES, type Row, type SeedData } from "./seed-data.js";

/**
 * Writes generated seed data into an empty (freshly migrated) store, in one transaction: a failure
 * leaves no half-seeded store behind. Column names come from the generator's own rows, never from
 * user input.
 */
export function loadSeedData(db: Db, data: SeedData): void {
  db.transaction(() => {
    for (const table of SEED_TABLES) insertRows(db, table, data.tables[table]);
  })();
}

export function insertRows(db: Db, table: string, rows: readonly Row[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const insert = db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
  for (const row of rows) insert.run(row);
}
