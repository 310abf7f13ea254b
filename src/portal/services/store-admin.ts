import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorContext } from "../../emulator-context.js";
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
    db.prepare("ATTACH DATABASE ? AS snapshot").run(file);
    try {
      const version = db.prepare("PRAGMA snapshot.user_version").pluck().get() as number;
      if (version !== SCHEMA_VERSION) throw new SnapshotError(`the snapshot has schema version ${version}; this emulator needs ${SCHEMA_VERSION}`);
      const tablesOf = (schema: string) => (db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]).join(",");
      if (tablesOf("snapshot") !== tablesOf("main")) throw new SnapshotError("the file is a SQLite database, but not an emulator snapshot: its tables differ");
      copyAllTables(ctx, "snapshot");
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
