import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateTenantCrm } from "../../src/seed/crm-data.js";
import { readSeedFile } from "../../src/seed/seed-file.js";
import { generateTenantUdefs } from "../../src/seed/udef-data.js";
import { openStore } from "../../src/store/open-store.js";
import { TENANT_TABLES } from "../../src/store/store-image.js";
import { createStore, databaseOf, type Store } from "../../src/store/store.js";
import type { TenantDataRow, TenantTemplate } from "../../src/store/tenant-provisioning.js";
import type { TenantRow } from "../../src/store/tenants.js";

/**
 * store.provisioning (store/tenant-provisioning.ts) copies a template's rows from temp tables with one
 * INSERT … SELECT per table. The oracle is the plain way: a second store, opened from the same seed, gets the
 * same rows stamped in JavaScript and inserted one by one, parents first. Every row of every tenant table,
 * rowids included, must be equal, with no broken foreign key and the trigram indexes answering alike.
 */
const cacheDir = mkdtempSync(join(tmpdir(), "sod-provisioning-"));
const loc = { dataDir: null, seedFile: DEFAULT_SEED_FILE, cacheDir };
let store: Store;
let oracle: Store;
let template: TenantTemplate;

beforeAll(async () => {
  store = createStore((await openStore(loc)).db);
  oracle = createStore((await openStore(loc)).db);
  const { seed } = readSeedFile(DEFAULT_SEED_FILE);
  const referenceMs = Date.parse(seed.referenceDate);
  const crm = generateTenantCrm({ seed: seed.seed, referenceMs, contextIdentifier: "Cust0", companyName: "Template", timeZone: "Europe/Oslo", counts: seed.profiles.standard!, members: [] });
  const udefs = generateTenantUdefs({ seed: seed.seed, referenceMs, contextIdentifier: "Cust0", fields: seed.userDefinedFields, rows: crm });
  template = { key: "standard", rows: { ...crm, ...udefs } };
}, 60_000);
afterAll(() => {
  store.close();
  oracle.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

const tenantRow = (ctx: string): TenantRow => ({
  context_identifier: ctx,
  company_name: `${ctx} Testing AS`,
  serial: "1234567890",
  state: "Running",
  time_zone: "Europe/Oslo",
  host: null,
  owner_contact_id: 1,
  created_at: "2026-01-01 00:00:00",
});

/** Today's way, row by row: the template stamped with the tenant, its owner contact named after the company. */
function provisionRowByRow(tenant: TenantRow): void {
  const db = databaseOf(oracle);
  const insert = (table: string, row: TenantDataRow) => {
    const columns = Object.keys(row);
    db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`).run(row);
  };
  db.transaction(() => {
    insert("tenants", tenant as unknown as TenantDataRow);
    for (const table of TENANT_TABLES) {
      for (const r of template.rows[table] ?? []) {
        const owner = table === "contacts" && r.contact_id === tenant.owner_contact_id;
        insert(table, { ...r, context_identifier: tenant.context_identifier, ...(owner ? { name: tenant.company_name } : {}) });
      }
    }
  })();
}

function expectSameTenantRows(): void {
  const [a, b] = [databaseOf(store), databaseOf(oracle)];
  for (const table of ["tenants", ...TENANT_TABLES]) {
    const withoutRowid = a.prepare<[string], number>("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").pluck().get(table) === 1;
    const sql = `SELECT ${withoutRowid ? "" : "rowid AS _rowid, "}* FROM ${table} ORDER BY ${withoutRowid ? "1, 2, 3, 4" : "rowid"}`;
    expect(a.prepare(sql).all(), table).toEqual(b.prepare(sql).all());
  }
  expect(a.pragma("foreign_key_check")).toEqual([]);
  for (const fts of ["contacts_name_trigram", "persons_name_trigram"]) a.exec(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`);
  const match = (db: typeof a, needle: string) => db.prepare("SELECT rowid FROM persons_name_trigram WHERE persons_name_trigram MATCH ? ORDER BY rowid").pluck().all(`"${needle}"`);
  for (const needle of ["sen", "Tes", "ard"]) expect(match(a, needle), needle).toEqual(match(b, needle));
}

describe("a new tenant from a template", () => {
  it("has the rows, rowids and links that inserting the stamped rows one by one gives, tenant after tenant", () => {
    for (const ctx of ["Cust70001", "Cust70002"]) {
      store.provisioning.provision(tenantRow(ctx), template);
      provisionRowByRow(tenantRow(ctx));
    }
    expectSameTenantRows();
    // Sales and appointments refer to each other: the sales' links were set once their appointments were in.
    const linked = databaseOf(store).prepare("SELECT count(*) FROM sales WHERE context_identifier = 'Cust70002' AND appointment_id IS NOT NULL").pluck().get();
    expect(linked).toBe((template.rows.sales ?? []).filter((s) => s.appointment_id !== null && s.appointment_id !== undefined).length);
    expect(linked).toBeGreaterThan(0);
  });

  it("is all or nothing, and a template lost with a rolled-back transaction is bound again", () => {
    expect(() => store.provisioning.provision(tenantRow("Cust70001"), template)).toThrow(/UNIQUE/);
    const other: TenantTemplate = { key: "other", rows: template.rows };
    expect(() =>
      store.transaction(() => {
        store.provisioning.provision(tenantRow("Cust70003"), other); // binds "other" inside this transaction
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(store.tenants.get("Cust70003")).toBeUndefined();
    store.provisioning.provision(tenantRow("Cust70003"), other);
    provisionRowByRow(tenantRow("Cust70003"));
    expectSameTenantRows();
  });
});
