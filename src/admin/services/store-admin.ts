import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { SCHEMA_VERSION } from "../../store/migrations.js";

/**
 * Whole-store operations for test suites: snapshot (the store as one SQLite file), restore (from such a
 * file) and reset (back to the seed). Restoring replaces every table's rows inside the open connection, in
 * one transaction, so the emulator keeps running and its prepared statements stay valid. The signing key is
 * not part of the store and never changes.
 */
export function snapshot(ctx: EmulatorContext): Buffer {
  return ctx.store.db.serialize();
}

export class SnapshotError extends Error {}

export function restore(ctx: EmulatorContext, image: Buffer): void {
  if (image.length < 100 || image.subarray(0, 16).toString("latin1") !== "SQLite format 3\u0000") {
    throw new SnapshotError("expected a snapshot made by GET /_emulator/v1/snapshot (a SQLite database file)");
  }
  const dir = mkdtempSync(join(tmpdir(), "sod-restore-"));
  const file = join(dir, "snapshot.db");
  writeFileSync(file, image);
  const db = ctx.store.db;
  try {
    try {
      db.prepare("ATTACH DATABASE ? AS snapshot").run(file);
    } catch (err) {
      throw asSnapshotError(err);
    }
    try {
      const version = db.prepare("PRAGMA snapshot.user_version").pluck().get() as number;
      if (version !== SCHEMA_VERSION) throw new SnapshotError(`the snapshot has schema version ${version}; this emulator needs ${SCHEMA_VERSION}`);
      // The same tables with the same columns, or the copy below would put values in the wrong places.
      const shapeOf = (schema: string) =>
        (db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[])
          .map((t) => `${t}(${(db.prepare(`PRAGMA ${schema}.table_info("${t}")`).all() as { name: string }[]).map((c) => c.name).join(",")})`)
          .join(";");
      if (shapeOf("snapshot") !== shapeOf("main")) throw new SnapshotError("the file is a SQLite database, but not an emulator snapshot: its tables differ");
      copyAllTables(ctx, "snapshot");
    } catch (err) {
      throw asSnapshotError(err);
    } finally {
      db.prepare("DETACH DATABASE snapshot").run();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Back to the seed: the seed's image (cached, or generated now) restored over the current rows. */
export async function resetToSeed(ctx: EmulatorContext): Promise<void> {
  const { seedImageFor } = await import("../../store/open-store.js");
  restore(ctx, await seedImageFor(ctx.config));
}

/** The tables that hold one tenant's own data (its people, lists and CRM rows). */
const TENANT_TABLES = ["associates", "list_items", "id_sequences", "contacts", "persons", "sales", "appointments"] as const;

/**
 * One tenant back to the seed: its associates (its people), lists, number series and CRM rows are replaced
 * by the seed's, and its state, host, name, serial and time zone return to the seed's. SuperID users, apps, consents and tokens
 * stay. Only tenants the seed file defines can be reset; a tenant made through the admin API is deleted
 * and created again instead.
 */
export async function resetTenant(ctx: EmulatorContext, contextIdentifier: string): Promise<void> {
  const { seedImageFor } = await import("../../store/open-store.js");
  const dir = mkdtempSync(join(tmpdir(), "sod-reset-"));
  const file = join(dir, "seed.db");
  writeFileSync(file, await seedImageFor(ctx.config));
  const db = ctx.store.db;
  try {
    db.prepare("ATTACH DATABASE ? AS seed").run(file);
    try {
      const inSeed = db.prepare("SELECT 1 FROM seed.tenants WHERE context_identifier = ?").get(contextIdentifier);
      if (!inSeed) throw new SnapshotError(`${contextIdentifier} is not in the seed file; delete it and create it again instead`);
      db.pragma("foreign_keys = OFF");
      try {
        db.transaction(() => {
          for (const t of [...TENANT_TABLES].reverse()) db.prepare(`DELETE FROM main."${t}" WHERE context_identifier = ?`).run(contextIdentifier);
          for (const t of TENANT_TABLES) db.prepare(`INSERT INTO main."${t}" SELECT * FROM seed."${t}" WHERE context_identifier = ?`).run(contextIdentifier);
          db.prepare(
            "UPDATE main.tenants SET (state, host, company_name, serial, time_zone, owner_contact_id) = (SELECT state, host, company_name, serial, time_zone, owner_contact_id FROM seed.tenants WHERE context_identifier = ?) WHERE context_identifier = ?",
          ).run(contextIdentifier, contextIdentifier);
          const violations = db.pragma("main.foreign_key_check") as unknown[];
          if (violations.length > 0) throw new SnapshotError(`resetting ${contextIdentifier} would break ${violations.length} foreign keys`);
        })();
      } finally {
        db.pragma("foreign_keys = ON");
      }
    } finally {
      db.prepare("DETACH DATABASE seed").run();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SQLite's own complaints about a file (not a database, corrupt pages) are the caller's 400, not our 500. */
function asSnapshotError(err: unknown): unknown {
  if (err instanceof SnapshotError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) return new SnapshotError(`the file is not a usable snapshot (${code})`);
  return err;
}

function copyAllTables(ctx: EmulatorContext, schema: string): void {
  const db = ctx.store.db;
  const tables = (db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]).sort();
  // Every row of every table is replaced, so cascades would only get in the way; SQLite's deferred
  // constraint counter also misfires on a copy this size. Enforcement is off for the copy, and the result
  // is checked as a whole before it commits. (The pragma only takes effect outside a transaction.)
  db.pragma("foreign_keys = OFF");
  try {
    db.transaction(() => {
      for (const t of tables) db.exec(`DELETE FROM main."${t}"`);
      for (const t of tables) db.exec(`INSERT INTO main."${t}" SELECT * FROM ${schema}."${t}"`);
      const violations = db.pragma("main.foreign_key_check") as unknown[];
      if (violations.length > 0) throw new SnapshotError(`the snapshot's rows break ${violations.length} foreign keys`);
    })();
  } finally {
    db.pragma("foreign_keys = ON");
  }
}
