import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "../../src/store/migrations.js";
import { storeBefore } from "../support/store-before.js";

/**
 * Schema v19 (issue #19): a store that already had contacts and persons gets their 2-character tails indexed
 * when it migrates, and the trigram indexes' vocabularies list the trigrams that begin with a prefix, in
 * term order, for every tenant, following later inserts and deletes.
 */
const V19 = MIGRATIONS.find((m) => m.name === "name-tails")!;

describe("schema v19: name tails and trigram vocabularies", () => {
  it("indexes the rows a store had before, and the vocabulary follows writes", () => {
    const { db } = storeBefore(V19.name);
    const add = db.prepare("INSERT INTO contacts (context_identifier, contact_id, name, created_date) VALUES (?, ?, ?, '2025-01-01 00:00:00')");
    add.run("Cust1", 1, "Krabbe AS");
    add.run("Cust1", 2, "Hansen xAB");
    add.run("Cust2", 1, "ab");
    db.prepare("INSERT INTO persons (context_identifier, person_id, firstname, lastname, created_date) VALUES ('Cust1', 1, 'Al', 'Ng', '2025-01-01 00:00:00')").run();
    expect(migrate(db).to).toBeGreaterThanOrEqual(V19.version);

    const tail = (ctx: string, ending: string) =>
      db.prepare("SELECT contact_id FROM contacts WHERE context_identifier = ? AND lower(substr(name, -2)) = ? ORDER BY 1").pluck().all(ctx, ending);
    expect(tail("Cust1", "ab")).toEqual([2]);
    expect(tail("Cust2", "ab")).toEqual([1]);
    expect(db.prepare("EXPLAIN QUERY PLAN SELECT rowid FROM contacts WHERE context_identifier = 'Cust1' AND lower(substr(name, -2)) = 'ab'").all()).toEqual(
      [expect.objectContaining({ detail: expect.stringContaining("contacts_name_tail") })],
    );
    expect(db.prepare("SELECT person_id FROM persons WHERE context_identifier = 'Cust1' AND lower(substr(firstname, -2)) = 'al'").pluck().all()).toEqual([1]);

    const startingWith = (prefix: string) =>
      db.prepare("SELECT DISTINCT term FROM contacts_name_trigram_terms WHERE term >= ? AND term < ?").pluck().all(prefix, `${prefix}\u{10ffff}`);
    expect(startingWith("ab")).toEqual(["abb"]);
    add.run("Cust2", 2, "Abel");
    expect(startingWith("ab")).toEqual(["abb", "abe"]);
    db.prepare("DELETE FROM contacts WHERE context_identifier = 'Cust1' AND contact_id = 1").run();
    expect(startingWith("ab")).toEqual(["abe"]);
    expect(db.prepare("SELECT DISTINCT term FROM persons_name_trigram_terms WHERE term >= 'ng' AND term < 'nh'").pluck().all()).toEqual([]);
  });
});
