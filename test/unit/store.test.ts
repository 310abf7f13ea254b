import { describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateSeedData } from "../../src/seed/generate.js";
import { loadSeedData } from "../../src/seed/load.js";
import { readSeedFile } from "../../src/seed/seed-file.js";
import { openDatabase } from "../../src/store/database.js";
import { migrate, SCHEMA_VERSION } from "../../src/store/migrations.js";
import { createStore } from "../../src/store/store.js";

const schemaOf = (db: ReturnType<typeof openDatabase>) =>
  db.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").all();

describe("store", () => {
  it("applies migrations once and is idempotent", () => {
    const db = openDatabase({ memory: true });
    expect(migrate(db)).toEqual({ from: 0, to: SCHEMA_VERSION });
    const schema = schemaOf(db);
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(schemaOf(db)).toEqual(schema);
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    for (const table of ["tenants", "users", "associates", "apps", "consents", "list_items", "contacts", "persons", "appointments", "sales"]) {
      expect(schema.some((s: any) => s.type === "table" && s.name === table), table).toBe(true);
    }
  });

  it("refuses a store made by a newer emulator", () => {
    const db = openDatabase({ memory: true });
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this emulator/);
  });

  it("enforces foreign keys within a tenant", () => {
    const db = openDatabase({ memory: true });
    migrate(db);
    loadSeedData(db, generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed));
    const insertPerson = db.prepare("INSERT INTO persons (context_identifier, person_id, contact_id, created_date) VALUES (?, ?, ?, '2026-01-01T00:00:00')");
    // Contact 2 exists in Cust12345; contact 999999 does not, in any tenant.
    expect(() => insertPerson.run("Cust12345", 900001, 2)).not.toThrow();
    expect(() => insertPerson.run("Cust12345", 900002, 999_999)).toThrow(/FOREIGN KEY/);
    expect(() => insertPerson.run("Cust77777", 900003, 2)).toThrow(/FOREIGN KEY/);
  });

  it("writes a seed in one transaction: a failure leaves no rows behind", () => {
    const db = openDatabase({ memory: true });
    migrate(db);
    const data = generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed);
    data.tables.sales.push({ ...data.tables.sales[0]!, contact_id: 999_999 });
    expect(() => loadSeedData(db, data)).toThrow(/FOREIGN KEY|UNIQUE/);
    for (const table of ["tenants", "contacts", "persons", "appointments", "sales"]) {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
  });

  it("reads tenants, users with memberships and apps", () => {
    const db = openDatabase({ memory: true });
    migrate(db);
    loadSeedData(db, generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed));
    const store = createStore(db);
    expect(store.tenants.get("cust12345")?.contextIdentifier).toBe("Cust12345");
    expect(store.tenants.get("Cust00000")).toBeUndefined();
    expect(store.users.findByUsername("ADA.ADMIN@example.com")?.memberships).toEqual([
      { contextIdentifier: "Cust12345", associateId: 1, isAdministrator: true },
      { contextIdentifier: "Cust54321", associateId: 1, isAdministrator: true },
    ]);
    expect(store.apps.list().map((a) => a.name)).toEqual(["Workshop Web App", "Desktop Native App", "Nightly Sync Service"]);
    expect(store.tenants.setState("Cust99999", "Running")).toBe(true);
    expect(store.tenants.get("Cust99999")?.state).toBe("Running");
  });
});
