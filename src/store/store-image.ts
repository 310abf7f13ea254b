import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "./database.js";
import { SCHEMA_VERSION } from "./migrations.js";

/** A snapshot or seed image that cannot be used: the caller's mistake (a 400 or 409), not the emulator's. */
export class SnapshotError extends Error {}

/** The tables that hold one tenant's own data (its people, lists and CRM rows), parents first. */
export const TENANT_TABLES = ["associates", "list_items", "id_sequences", "contacts", "persons", "sales", "appointments", "projects", "project_members", "documents", "document_content", "udef_fields", "udef_values"] as const;

/** A tenant's own rows that apps provision (lists, web panels) and no seed holds: a reset removes them. */
const PROVISIONED_TABLES = ["ud_lists", "list_item_groups", "web_panels"] as const;

/**
 * The store as one SQLite image: snapshot, restore, and one tenant's rows from another image (the seed's).
 * Restoring replaces every table's rows inside the open connection, in one transaction, so the emulator keeps
 * running and its prepared statements stay valid. These bulk copies are not CRM writes of anyone: they are
 * not on the change feed, as loading the seed is not.
 */
export function storeImage(db: Db) {
  /** Runs fn with the image attached as `schema`; the image is a temporary file, removed afterwards. */
  const withAttached = <T>(image: Buffer, schema: "snapshot" | "seed", fn: () => T): T => {
    const dir = mkdtempSync(join(tmpdir(), `sod-${schema}-`));
    const file = join(dir, `${schema}.db`);
    writeFileSync(file, image);
    try {
      try {
        db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
      } catch (err) {
        throw asSnapshotError(err);
      }
      try {
        return fn();
      } finally {
        db.prepare(`DETACH DATABASE ${schema}`).run();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  /**
   * Every row of every table is replaced, so cascades would only get in the way; SQLite's deferred
   * constraint counter also misfires on a copy this size. Enforcement is off for the copy, and the result is
   * checked as a whole before it commits. (The pragma only takes effect outside a transaction.)
   */
  const withoutForeignKeys = (what: string, copy: () => void): void => {
    db.pragma("foreign_keys = OFF");
    try {
      db.transaction(() => {
        copy();
        const violations = db.pragma("main.foreign_key_check") as unknown[];
        if (violations.length > 0) throw new SnapshotError(`${what} ${violations.length} foreign keys`);
      })();
    } finally {
      db.pragma("foreign_keys = ON");
    }
  };

  // Ordinary tables only: a virtual table (schema v17's trigram index of contact names) and its shadow tables
  // are not copied, as the triggers on the table it indexes keep it in step with the rows copied there.
  const tableNames = (schema: string): string[] =>
    db.prepare<[string], string>("SELECT name FROM pragma_table_list WHERE schema = ? AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all(schema);

  return {
    /** The whole store as a SQLite database file. */
    snapshot: (): Buffer => db.serialize(),

    /** Replaces every row with the image's; the image must be a snapshot of this schema version. */
    restore(image: Buffer): void {
      if (image.length < 100 || image.subarray(0, 16).toString("latin1") !== "SQLite format 3\u0000") {
        throw new SnapshotError("expected a snapshot made by GET /_emulator/v1/snapshot (a SQLite database file)");
      }
      withAttached(image, "snapshot", () => {
        try {
          const version = db.prepare<[], number>("PRAGMA snapshot.user_version").pluck().get();
          if (version !== SCHEMA_VERSION) throw new SnapshotError(`the snapshot has schema version ${version}; this emulator needs ${SCHEMA_VERSION}`);
          // The same tables with the same columns, or the copy below would put values in the wrong places.
          const shapeOf = (schema: string) =>
            tableNames(schema)
              .map((t) => `${t}(${db.prepare<[], { name: string }>(`PRAGMA ${schema}.table_info("${t}")`).all().map((c) => c.name).join(",")})`)
              .join(";");
          if (shapeOf("snapshot") !== shapeOf("main")) throw new SnapshotError("the file is a SQLite database, but not an emulator snapshot: its tables differ");
          const tables = tableNames("main");
          withoutForeignKeys("the snapshot's rows break", () => {
            for (const t of tables) db.exec(`DELETE FROM main."${t}"`);
            for (const t of tables) db.exec(`INSERT INTO main."${t}" SELECT * FROM snapshot."${t}"`);
          });
        } catch (err) {
          throw asSnapshotError(err);
        }
      });
    },

    /**
     * One tenant's associates, lists, number series and CRM rows replaced by the image's, and its state, host,
     * name, serial and time zone with them. Everything else (SuperID users, apps, consents, tokens) stays.
     */
    resetTenant(image: Buffer, contextIdentifier: string): void {
      withAttached(image, "seed", () => {
        const inSeed = db.prepare("SELECT 1 FROM seed.tenants WHERE context_identifier = ?").get(contextIdentifier);
        if (!inSeed) throw new SnapshotError(`${contextIdentifier} is not in the seed file; delete it and create it again instead`);
        withoutForeignKeys(`resetting ${contextIdentifier} would break`, () => {
          for (const t of PROVISIONED_TABLES) db.prepare(`DELETE FROM main."${t}" WHERE context_identifier = ?`).run(contextIdentifier);
          for (const t of [...TENANT_TABLES].reverse()) db.prepare(`DELETE FROM main."${t}" WHERE context_identifier = ?`).run(contextIdentifier);
          for (const t of TENANT_TABLES) db.prepare(`INSERT INTO main."${t}" SELECT * FROM seed."${t}" WHERE context_identifier = ?`).run(contextIdentifier);
          db.prepare(
            "UPDATE main.tenants SET (state, host, company_name, serial, time_zone, owner_contact_id) = (SELECT state, host, company_name, serial, time_zone, owner_contact_id FROM seed.tenants WHERE context_identifier = ?) WHERE context_identifier = ?",
          ).run(contextIdentifier, contextIdentifier);
        });
      });
    },
  };
}

/** SQLite's own complaints about a file (not a database, corrupt pages) are the caller's 400, not our 500. */
function asSnapshotError(err: unknown): unknown {
  if (err instanceof SnapshotError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) return new SnapshotError(`the file is not a usable snapshot (${code})`);
  return err;
}
