import type { Db } from "./database.js";
import { TENANT_TABLES } from "./store-image.js";
import type { TenantRow } from "./tenants.js";

export type TenantTable = (typeof TENANT_TABLES)[number];

/** A row of one of a tenant's own tables, as a generator makes it (column names are the generator's, never user input). */
export type TenantDataRow = Readonly<Record<string, string | number | null>>;

/**
 * Generated rows for a new tenant: the same for every tenant made from one profile (only the ContextIdentifier
 * and the owner contact's name differ), so `key` names them once per set of generation inputs.
 */
export interface TenantTemplate {
  key: string;
  rows: Partial<Record<TenantTable, readonly TenantDataRow[]>>;
}

/** One table of a template as this connection holds it: its temp table and the statements that copy from it. */
interface LoadedTable {
  temp: string;
  copy: ReturnType<Db["prepare"]>;
  /** Sets the columns that reference a later table, after that table's rows are in (see below). */
  link: ReturnType<Db["prepare"]> | undefined;
}

/**
 * A new tenant with all its rows at once (the admin API's "create from a seed profile"): the tenant and
 * thousands of generated associates, list items, number series and CRM rows, in one transaction. Like
 * loading the seed, this is provisioning, not CRM writes of anyone, so it is not on the change feed.
 *
 * Binding 9,400 rows one by one from JavaScript was most of a new tenant's time (issue #19): a template's rows
 * are bound once per connection into temp tables, in their order, and each tenant is then one
 * `INSERT … SELECT` per table with its ContextIdentifier put in. Rows, their order (and so their rowids) and
 * their values are those the row-by-row inserts made. Temp tables live in this connection only: never in the
 * store file, a snapshot, a seed image or another process.
 */
export function tenantProvisioning(db: Db, transaction: <T>(fn: () => T) => T) {
  const loaded = new Map<string, Map<TenantTable, LoadedTable>>();
  const exists = db.prepare<[string], number>("SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = ?").pluck();
  const withoutRowid = (table: TenantTable) => db.prepare<[string], number>("SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?").pluck().get(table) === 1;
  let serial = 0;

  /**
   * The columns of `table` that reference a table inserted after it (sales → appointments, which refer to each
   * other through deferred foreign keys). Copied as NULL first and set once their parents are in: while a row
   * points at a parent not yet inserted, SQLite checks every later parent insert against the whole child table
   * (there is no index on the referencing column), which made a tenant's 500 appointments cost more than its
   * 2,000 other CRM rows together, and more with every tenant in the store.
   */
  const forwardColumns = (table: TenantTable, columns: readonly string[]): string[] => {
    const later = TENANT_TABLES.slice(TENANT_TABLES.indexOf(table) + 1) as readonly string[];
    return db
      .prepare<[], { table: string; from: string }>(`SELECT "table", "from" FROM pragma_foreign_key_list('${table}')`)
      .all()
      .filter((fk) => later.includes(fk.table) && fk.from !== "context_identifier" && columns.includes(fk.from))
      .map((fk) => fk.from);
  };

  const loadTable = (table: TenantTable, rows: readonly TenantDataRow[]): LoadedTable => {
    const columns = Object.keys(rows[0]!);
    const temp = `sod_tenant_template_${++serial}_${table}`;
    const list = columns.join(", ");
    // Columns with the main table's affinities, so a value bound here is stored as the main table would store it.
    db.exec(`CREATE TEMP TABLE "${temp}" AS SELECT ${list} FROM main.${table} WHERE 0`);
    const insert = db.prepare(`INSERT INTO temp."${temp}" (${list}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`);
    for (const row of rows) insert.run(row);
    const keys = db
      .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}') WHERE pk > 0 AND name <> 'context_identifier' ORDER BY pk`)
      .all()
      .map((k) => k.name);
    if (withoutRowid(table)) {
      // Rows of a WITHOUT ROWID table have no order but their key's: copied in key order, each insert appends to
      // the table's b-tree instead of landing anywhere in it (7,875 user-defined values: 20 ms -> 9 ms).
      db.exec(`CREATE TEMP TABLE "${temp}_sorted" AS SELECT * FROM temp."${temp}" ORDER BY ${keys.join(", ")}; DROP TABLE temp."${temp}"; ALTER TABLE temp."${temp}_sorted" RENAME TO "${temp}";`);
    }
    const forward = forwardColumns(table, columns);
    const value = (c: string) =>
      c === "context_identifier" ? "@context_identifier" : forward.includes(c) ? "NULL" : table === "contacts" && c === "name" ? "CASE WHEN contact_id = @owner_contact_id THEN @company_name ELSE name END" : c;
    const copy = db.prepare(`INSERT INTO main.${table} (${list}) SELECT ${columns.map(value).join(", ")} FROM temp."${temp}" ORDER BY rowid`);
    const link =
      forward.length === 0
        ? undefined
        : db.prepare(
            `UPDATE main.${table} AS r SET ${forward.map((c) => `${c} = t.${c}`).join(", ")} FROM temp."${temp}" AS t WHERE r.context_identifier = @context_identifier AND ${keys.map((k) => `r.${k} = t.${k}`).join(" AND ")} AND (${forward.map((c) => `t.${c} IS NOT NULL`).join(" OR ")})`,
          );
    return { temp, copy, link };
  };

  /** The template as temp tables of this connection, bound once (again if a rolled-back transaction took them). */
  const load = (template: TenantTemplate): Map<TenantTable, LoadedTable> => {
    const known = loaded.get(template.key);
    if (known && [...known.values()].every((t) => exists.get(t.temp) === 1)) return known;
    const tables = new Map<TenantTable, LoadedTable>();
    for (const table of TENANT_TABLES) {
      const rows = template.rows[table] ?? [];
      if (rows.length > 0) tables.set(table, loadTable(table, rows));
    }
    loaded.set(template.key, tables);
    return tables;
  };

  return {
    /**
     * Inserts the tenant and the template's rows, stamped with its ContextIdentifier, parents first; all or
     * nothing. The owner contact (`owner_contact_id`, the licensee's company) is named after the tenant's company.
     */
    provision(tenant: TenantRow, template: TenantTemplate): void {
      transaction(() => {
        const tables = load(template);
        const columns = Object.keys(tenant);
        db.prepare(`INSERT INTO tenants (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`).run(tenant);
        // Extra named parameters are ignored by better-sqlite3: one object serves every statement.
        const params = { context_identifier: tenant.context_identifier, owner_contact_id: tenant.owner_contact_id, company_name: tenant.company_name };
        for (const t of tables.values()) t.copy.run(params);
        for (const t of tables.values()) t.link?.run(params);
      });
    },
  };
}

