import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateSeedData } from "../../src/seed/generate.js";
import { insertRows, loadSeedData } from "../../src/seed/load.js";
import { SEED_TABLES } from "../../src/seed/seed-data.js";
import { parseSeedBytes } from "../../src/seed/seed-file.js";
import { openDatabase } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrations.js";

/**
 * loadSeedData (seed/load.ts) holds back the sales' links to appointments until the appointments are in, and
 * merges the trigram indexes afterwards. The oracle is the plain way: every table's rows inserted one by one in
 * order, with foreign keys checked at commit. The rows, rowids included, must be the same.
 */
describe("loading generated seed data into a store", () => {
  it("gives the rows of plain inserts, links included, with every foreign key whole and each trigram index in one segment", () => {
    const data = generateSeedData(parseSeedBytes(readFileSync(DEFAULT_SEED_FILE), DEFAULT_SEED_FILE));
    const loaded = openDatabase({ memory: true });
    const plain = openDatabase({ memory: true });
    try {
      migrate(loaded);
      migrate(plain);
      loadSeedData(loaded, data);
      plain.transaction(() => {
        for (const table of SEED_TABLES) insertRows(plain, table, data.tables[table]);
      })();
      for (const table of SEED_TABLES) {
        const withoutRowid = loaded.prepare<[string], number>("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").pluck().get(table) === 1;
        const sql = `SELECT ${withoutRowid ? "" : "rowid AS _rowid, "}* FROM ${table} ORDER BY ${withoutRowid ? "1, 2, 3, 4" : "rowid"}`;
        expect(loaded.prepare(sql).all(), table).toEqual(plain.prepare(sql).all());
      }
      expect(loaded.prepare("SELECT count(*) FROM sales WHERE appointment_id IS NOT NULL").pluck().get()).toBeGreaterThan(0);
      expect(loaded.pragma("foreign_key_check")).toEqual([]);
      for (const fts of ["contacts_name_trigram", "persons_name_trigram"]) {
        loaded.exec(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`);
        // FTS5 keys a segment's pages by rowid: the segment id is above bit 37 (structure rows are below).
        const segments = loaded.prepare(`SELECT count(DISTINCT rowid >> 37) FROM ${fts}_data WHERE rowid >= 1 << 37`).pluck().get();
        expect(segments, fts).toBe(1);
      }
      const match = (db: typeof loaded) => db.prepare("SELECT rowid FROM contacts_name_trigram WHERE contacts_name_trigram MATCH '\"ans\"' ORDER BY rowid").pluck().all();
      expect(match(loaded)).toEqual(match(plain));
    } finally {
      loaded.close();
      plain.close();
    }
  });
});
