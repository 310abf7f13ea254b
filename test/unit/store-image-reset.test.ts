import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { keyedSeedImage, openStore } from "../../src/store/open-store.js";
import { createStore, databaseOf, type Store } from "../../src/store/store.js";

/**
 * store.image.reset (store/store-image.ts): the first reset copies every table from the seed's image, later
 * ones only the tables and tenants written since (store/image-changes.ts). Whichever way, afterwards every
 * row of every table, rowids included, equals the image's, and the trigram indexes answer as on the image.
 * The oracle is the image itself, opened as a database of its own.
 */
const cacheDir = mkdtempSync(join(tmpdir(), "sod-image-reset-"));
const loc = { dataDir: null, seedFile: DEFAULT_SEED_FILE, cacheDir };
let image: Buffer;
let key: string;
let oracle: Database.Database;
let store: Store;

beforeAll(async () => {
  ({ image, key } = await keyedSeedImage(loc));
  oracle = new Database(image, { readonly: true });
  store = createStore((await openStore(loc)).db);
}, 60_000);
afterAll(() => {
  store.close();
  oracle.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

const tables = () =>
  oracle.prepare<[], { name: string; wr: number; ncol: number }>("SELECT name, wr, ncol FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
const rowsOf = (db: Database.Database, t: { name: string; wr: number; ncol: number }) =>
  db.prepare(`SELECT ${t.wr ? "" : "rowid AS _rowid, "}* FROM "${t.name}" ORDER BY ${t.wr ? [1, 2, 3, 4].slice(0, t.ncol).join(", ") : "rowid"}`).all();
const contains = (db: Database.Database, needle: string) =>
  db.prepare("SELECT rowid FROM contacts_name_trigram WHERE contacts_name_trigram MATCH ? ORDER BY rowid").pluck().all(`"${needle}"`);

function expectSeedRows(): void {
  const db = databaseOf(store);
  for (const t of tables()) expect(rowsOf(db, t), t.name).toEqual(rowsOf(oracle, t));
  for (const needle of ["ans", "AS ", "sen"]) expect(contains(db, needle), needle).toEqual(contains(oracle, needle));
  db.exec("INSERT INTO contacts_name_trigram (contacts_name_trigram) VALUES ('integrity-check')");
  db.exec("INSERT INTO persons_name_trigram (persons_name_trigram) VALUES ('integrity-check')");
}

describe("reset to the seed's image", () => {
  it("copies everything back the first time, and after writes of every kind only what changed, to the same rows", () => {
    const db = databaseOf(store);
    store.image.reset(image, key);
    expectSeedRows();
    const [first, second] = oracle.prepare<[], string>("SELECT context_identifier FROM tenants ORDER BY 1").pluck().all();
    // Inserts, updates, upserts, deletes, a cascade of a whole tenant, a new tenant, SuperID rows.
    db.exec(`INSERT INTO tenants (context_identifier, company_name, serial, state, time_zone, host, owner_contact_id, created_at)
             SELECT 'Cust99001', 'New AS', serial, state, time_zone, NULL, owner_contact_id, created_at FROM tenants WHERE context_identifier = '${first}'`);
    db.exec("INSERT INTO associates (context_identifier, associate_id, name, first_name, last_name) VALUES ('Cust99001', 1, 'Ada Lovelace', 'Ada', 'Lovelace')");
    db.exec(`UPDATE contacts SET name = name || ' renamed' WHERE context_identifier = '${first}' AND contact_id IN (SELECT contact_id FROM contacts WHERE context_identifier = '${first}' LIMIT 3)`);
    db.exec(`DELETE FROM document_content WHERE rowid IN (SELECT rowid FROM document_content WHERE context_identifier = '${first}' LIMIT 2)`); // only deletes: told by the count
    db.exec(`INSERT INTO udef_values (context_identifier, owner, record_id, udef_field_id, value)
             SELECT context_identifier, owner, record_id, udef_field_id, 'changed' FROM udef_values WHERE context_identifier = '${first}' LIMIT 1
             ON CONFLICT DO UPDATE SET value = excluded.value`);
    db.exec(`DELETE FROM tenants WHERE context_identifier = '${second}'`); // cascades to all its rows
    db.exec("DELETE FROM store_meta");
    store.image.reset(image, key);
    expectSeedRows();
    // Nothing written: nothing copied, still the same.
    store.image.reset(image, key);
    expectSeedRows();
  });

  it("finds a tenant's lost rows in a table where another tenant gained as many, and a new tenant's rows", () => {
    const db = databaseOf(store);
    store.image.reset(image, key);
    const [first, second] = oracle.prepare<[], string>("SELECT context_identifier FROM tenants ORDER BY 1").pluck().all();
    // udef_values: two rows of the first tenant gone (not noted), two more for the second (noted): same total.
    db.exec(`DELETE FROM udef_values WHERE (context_identifier, owner, record_id, udef_field_id) IN
             (SELECT context_identifier, owner, record_id, udef_field_id FROM udef_values WHERE context_identifier = '${first}' LIMIT 2)`);
    db.exec(`INSERT INTO udef_values (context_identifier, owner, record_id, udef_field_id, value) VALUES ('${second}', 'contact', 999001, 1, 'x'), ('${second}', 'contact', 999002, 1, 'y')`);
    // project_members: a row of the second tenant gone, and one changed (noted) in the same part.
    db.exec(`DELETE FROM project_members WHERE rowid = (SELECT max(rowid) FROM project_members WHERE context_identifier = '${second}')`);
    db.exec(`UPDATE project_members SET comment = 'Changed' WHERE rowid = (SELECT min(rowid) FROM project_members WHERE context_identifier = '${second}')`);
    // A tenant as the admin API makes them: every tenant table's rows copied at once.
    store.provisioning.provision(
      { context_identifier: "Cust99002", company_name: "Copy AS", serial: "1", state: "Running", time_zone: "Europe/Oslo", host: null, owner_contact_id: 1, created_at: "2026-01-01 00:00:00" },
      { key: "copy", rows: { associates: oracle.prepare(`SELECT * FROM associates WHERE context_identifier = '${first}'`).all() as never, contacts: oracle.prepare(`SELECT * FROM contacts WHERE context_identifier = '${first}'`).all() as never } },
    );
    store.image.reset(image, key);
    expectSeedRows();
  });

  it("refuses a snapshot with a tenants row without a ContextIdentifier (it would be in no tenant's part)", () => {
    const crafted = new Database(store.image.snapshot());
    crafted.exec("INSERT INTO tenants (context_identifier, company_name, serial, state, time_zone, created_at) VALUES (NULL, 'No one', '1', 'Running', 'UTC', '2026-01-01 00:00:00')");
    const bytes = crafted.serialize();
    crafted.close();
    expect(() => store.image.restore(bytes)).toThrow("tenants rows without a ContextIdentifier");
    store.image.reset(image, key);
    expectSeedRows();
  });

  it("after a restore of another image, and after writes rolled back, still ends as the image", () => {
    const db = databaseOf(store);
    const snapshot = store.image.snapshot();
    db.exec("UPDATE persons SET firstname = 'Altered' WHERE rowid IN (SELECT rowid FROM persons LIMIT 5)");
    db.exec("DELETE FROM udef_values WHERE record_id = 1");
    const altered = store.image.snapshot();
    store.image.restore(snapshot);
    store.image.restore(altered);
    expect(() =>
      store.transaction(() => {
        db.exec("UPDATE contacts SET name = 'rolled back'");
        throw new Error("no");
      }),
    ).toThrow("no");
    store.image.reset(image, key);
    expectSeedRows();
  });
});
