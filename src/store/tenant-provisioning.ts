import type { Db } from "./database.js";
import { TENANT_TABLES } from "./store-image.js";
import type { TenantRow } from "./tenants.js";

export type TenantTable = (typeof TENANT_TABLES)[number];

/** A row of one of a tenant's own tables, as a generator makes it (column names are the generator's, never user input). */
export type TenantDataRow = Readonly<Record<string, string | number | null>>;

/**
 * A new tenant with all its rows at once (the admin API's "create from a seed profile"): the tenant and
 * thousands of generated associates, list items, number series and CRM rows, in one transaction. Like
 * loading the seed, this is provisioning, not CRM writes of anyone, so it is not on the change feed.
 * Inserts are prepared once per table and column set.
 */
export function tenantProvisioning(db: Db, transaction: <T>(fn: () => T) => T) {
  const statements = new Map<string, ReturnType<Db["prepare"]>>();
  const insertInto = (table: "tenants" | TenantTable, columns: readonly string[]) => {
    const sql = `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`;
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const insertRows = (table: TenantTable, rows: readonly TenantDataRow[]) => {
    if (rows.length === 0) return;
    const insert = insertInto(table, Object.keys(rows[0]!));
    for (const row of rows) insert.run(row);
  };

  return {
    /** Inserts the tenant and its rows, parents first; all or nothing. */
    provision(tenant: TenantRow, rows: Partial<Record<TenantTable, readonly TenantDataRow[]>>): void {
      transaction(() => {
        insertInto("tenants", Object.keys(tenant)).run(tenant);
        for (const table of TENANT_TABLES) insertRows(table, rows[table] ?? []);
      });
    },
  };
}
