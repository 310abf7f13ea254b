import { describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/store/database.js";
import { MIGRATIONS, migrate } from "../../src/store/migrations.js";

/**
 * Schema v17 (issue #19): the trigram index of company names is built from the contacts a store already has
 * when it migrates, and follows every later insert, rename and delete, for every tenant. Checked with FTS5's
 * own integrity-check against the contacts table and with MATCH results against a plain substring search.
 */
const V17 = MIGRATIONS.find((m) => m.name === "contact-name-trigrams")!;

function storeBefore17(): Db {
  const db = openDatabase({ memory: true });
  for (const m of MIGRATIONS.filter((m) => m.version < V17.version)) db.exec(m.sql);
  db.pragma(`user_version = ${V17.version - 1}`);
  db.pragma("foreign_keys = OFF"); // contacts alone, without the tenants, associates and lists they point at
  return db;
}

const addContact = (db: Db, ctx: string, id: number, name: string) =>
  db.prepare("INSERT INTO contacts (context_identifier, contact_id, name, created_date) VALUES (?, ?, ?, '2025-01-01 00:00:00')").run(ctx, id, name);
const matching = (db: Db, needle: string) =>
  db
    .prepare<[string], { ctx: string; id: number }>(
      "SELECT c.context_identifier AS ctx, c.contact_id AS id FROM contacts_name_trigram t JOIN contacts c ON c.rowid = t.rowid WHERE contacts_name_trigram MATCH ? ORDER BY 1, 2",
    )
    .all(`"${needle}"`)
    .map((r) => `${r.ctx}/${r.id}`);
const integrity = (db: Db) => db.prepare("INSERT INTO contacts_name_trigram (contacts_name_trigram, rank) VALUES ('integrity-check', 1)").run();

describe("schema v17: contacts_name_trigram", () => {
  it("indexes the names a store had before the migration", () => {
    const db = storeBefore17();
    addContact(db, "Cust1", 1, "Hansen Fisk AS");
    addContact(db, "Cust1", 2, "Nærbø Bygg");
    addContact(db, "Cust2", 1, "hanSEN & co");
    expect(migrate(db)).toEqual({ from: V17.version - 1, to: expect.any(Number) });
    expect(() => integrity(db)).not.toThrow();
    expect(matching(db, "hansen")).toEqual(["Cust1/1", "Cust2/1"]);
    expect(matching(db, "rbø b")).toEqual(["Cust1/2"]);
    expect(matching(db, "fisk as")).toEqual(["Cust1/1"]);
    expect(matching(db, "zzz")).toEqual([]);
  });

  it("follows inserts, renames and deletes", () => {
    const db = storeBefore17();
    migrate(db);
    addContact(db, "Cust1", 1, "Alpha Omega");
    addContact(db, "Cust1", 2, "Beta Gamma");
    expect(matching(db, "omeg")).toEqual(["Cust1/1"]);
    db.prepare("UPDATE contacts SET name = 'Delta Epsilon' WHERE contact_id = 1").run();
    expect(matching(db, "omeg")).toEqual([]);
    expect(matching(db, "a eps")).toEqual(["Cust1/1"]);
    // Writes that leave the name alone do not touch the index (and leave it consistent).
    db.prepare("UPDATE contacts SET department = 'Sales' WHERE contact_id = 2").run();
    db.prepare("DELETE FROM contacts WHERE contact_id = 2").run();
    expect(matching(db, "gamma")).toEqual([]);
    expect(() => integrity(db)).not.toThrow();
    // A corrupted index is what integrity-check is for: it does notice a missing entry.
    db.prepare("INSERT INTO contacts_name_trigram (contacts_name_trigram, rowid, name) VALUES ('delete', (SELECT rowid FROM contacts WHERE contact_id = 1), 'Delta Epsilon')").run();
    expect(() => integrity(db)).toThrow();
  });
});
