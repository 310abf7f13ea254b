import { describe, expect, it } from "vitest";
import type { Db } from "../../src/store/database.js";
import { MIGRATIONS, migrate } from "../../src/store/migrations.js";
import { storeBefore } from "../support/store-before.js";

/**
 * Schema v17 and v18 (issue #19): the trigram index of company names is built from the contacts a store already has
 * when it migrates, and follows every later insert, rename and delete, for every tenant. Checked with FTS5's
 * own integrity-check against the contacts table and with MATCH results against a plain substring search.
 */
const V17 = MIGRATIONS.find((m) => m.name === "contact-name-trigrams")!;

function storeBefore17(): Db {
  // v17 and on: the person-name index (v18) is built and kept the same way; its test is below.
  // Contacts alone, without the tenants, associates and lists they point at (storeBefore turns foreign keys off).
  return storeBefore(V17.name).db;
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

describe("schema v18: persons_name_trigram", () => {
  it("indexes existing first and last names by column and follows renames and deletes", () => {
    const db = storeBefore17();
    const addPerson = (id: number, first: string, last: string) =>
      db.prepare("INSERT INTO persons (context_identifier, person_id, firstname, lastname, created_date) VALUES ('Cust1', ?, ?, ?, '2025-01-01 00:00:00')").run(id, first, last);
    addPerson(1, "Anders", "Hansen");
    migrate(db);
    addPerson(2, "Hans", "Berg");
    const find = (query: string) =>
      db.prepare<[string], number>("SELECT p.person_id FROM persons_name_trigram t JOIN persons p ON p.rowid = t.rowid WHERE persons_name_trigram MATCH ? ORDER BY 1").pluck().all(query);
    expect(find('lastname : "hans"')).toEqual([1]);
    expect(find('firstname : "hans"')).toEqual([2]);
    db.prepare("UPDATE persons SET lastname = 'Hanssen' WHERE person_id = 2").run();
    expect(find('lastname : "hans"')).toEqual([1, 2]);
    db.prepare("DELETE FROM persons WHERE person_id = 1").run();
    expect(find('lastname : "hans"')).toEqual([2]);
    expect(() => db.prepare("INSERT INTO persons_name_trigram (persons_name_trigram, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });
});
