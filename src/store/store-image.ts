import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "./database.js";
import { SCHEMA_VERSION } from "./migrations.js";
import { imageChanges, tableShapes, type ChangedPart, type TableShape } from "./image-changes.js";

/** A snapshot or seed image that cannot be used: the caller's mistake (a 400 or 409), not the emulator's. */
export class SnapshotError extends Error {}

/** The tables that hold one tenant's own data (its people, lists and CRM rows), parents first. */
export const TENANT_TABLES = ["associates", "list_items", "id_sequences", "contacts", "persons", "sales", "appointments", "projects", "project_members", "documents", "document_content", "udef_fields", "udef_values"] as const;

/** A tenant's own rows that apps provision (lists, web panels) and no seed holds: a reset removes them. */
const PROVISIONED_TABLES = ["ud_lists", "list_item_groups", "web_panels"] as const;

/**
 * The store as one SQLite image: snapshot, restore, reset to a keyed image (the seed's), and one tenant's rows
 * from another image. Restoring replaces rows inside the open connection, in one transaction, so the emulator
 * keeps running and its prepared statements stay valid. These bulk copies are not CRM writes of anyone: they
 * are not on the change feed, as loading the seed is not.
 */
export function storeImage(db: Db) {
  // The schema does not change while the store is open: its tables are read once, when first needed.
  let mainShapes: TableShape[] | undefined;
  const shapes = () => (mainShapes ??= tableShapes(db, "main"));
  let tracker: ReturnType<typeof imageChanges> | undefined;
  const changes = () => (tracker ??= imageChanges(db, shapes()));
  // The keyed image (the seed's) stays attached between resets, so a reset copies from it without writing it
  // out again; its temporary file is removed as soon as SQLite has it open, or else when the store closes.
  let kept: { key: string; leftover: string | undefined } | undefined;

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

  const detachKept = () => {
    if (!kept) return;
    const { leftover } = kept;
    kept = undefined;
    partStatements = new Map();
    try {
      db.prepare(`DETACH DATABASE ${KEPT}`).run();
    } finally {
      if (leftover) rmSync(leftover, { recursive: true, force: true });
    }
  };

  /** The image `key` attached as `seed_image` (once per key); its shape is checked when it is attached. */
  const attachKept = (image: Buffer, key: string): void => {
    if (kept?.key === key) return;
    detachKept();
    const dir = mkdtempSync(join(tmpdir(), "sod-seed-"));
    const file = join(dir, "seed.db");
    writeFileSync(file, image);
    try {
      db.prepare(`ATTACH DATABASE ? AS ${KEPT}`).run(file);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw asSnapshotError(err);
    }
    kept = { key, leftover: dir };
    try {
      checkShape(KEPT);
    } catch (err) {
      detachKept();
      throw asSnapshotError(err);
    }
    try {
      rmSync(dir, { recursive: true, force: true });
      kept.leftover = undefined;
    } catch {
      // A platform that cannot remove an open file: removed when the store closes.
    }
  };

  /**
   * Every row of every table is replaced, so cascades would only get in the way; SQLite's deferred
   * constraint counter also misfires on a copy this size. Enforcement is off for the copy, and the result is
   * checked as a whole before it commits (unless `checked` says why it need not be). (The pragma only takes
   * effect outside a transaction.)
   */
  const withoutForeignKeys = (what: string, copy: () => void, checked = true): void => {
    db.pragma("foreign_keys = OFF");
    try {
      db.transaction(() => {
        copy();
        if (!checked) return;
        const violations = db.pragma("main.foreign_key_check") as unknown[];
        if (violations.length > 0) throw new SnapshotError(`${what} ${violations.length} foreign keys`);
      })();
    } finally {
      db.pragma("foreign_keys = ON");
    }
  };

  /** The image's schema version and tables, with the same columns: or the copy would put values in the wrong places. */
  const checkShape = (schema: string): void => {
    const version = db.prepare<[], number>(`PRAGMA ${schema}.user_version`).pluck().get();
    if (version !== SCHEMA_VERSION) throw new SnapshotError(`the snapshot has schema version ${version}; this emulator needs ${SCHEMA_VERSION}`);
    const shapeOf = (list: readonly TableShape[]) => list.map((t) => `${t.name}(${t.columns.join(",")})`).join(";");
    if (shapeOf(tableShapes(db, schema)) !== shapeOf(shapes())) throw new SnapshotError("the file is a SQLite database, but not an emulator snapshot: its tables differ");
  };

  // Rowids are copied too (where they are not a column already): the trigram indexes are keyed by them, and a
  // copy then equals its image row for row, which lets a later reset copy back only the parts that changed.
  const columnsOf = (t: TableShape) => (t.copyRowid ? ["rowid", ...t.columns] : t.columns).map((c) => `"${c}"`).join(", ");
  const copyTable = (from: string, t: TableShape) => db.exec(`INSERT INTO main."${t.name}" (${columnsOf(t)}) SELECT ${columnsOf(t)} FROM ${from}."${t.name}"`);
  const copyAll = (from: string) => {
    for (const t of shapes()) db.exec(`DELETE FROM main."${t.name}"`);
    for (const t of shapes()) copyTable(from, t);
  };
  // One tenant's part of a table, deleted and copied back: prepared once per table (compiling them was ~2 ms of
  // every reset). They name the kept image's schema, so they are dropped with it.
  let partStatements = new Map<string, { remove: ReturnType<Db["prepare"]>; copy: ReturnType<Db["prepare"]> }>();
  const partOf = (t: TableShape) => {
    let s = partStatements.get(t.name);
    if (!s) {
      s = {
        remove: db.prepare(`DELETE FROM main."${t.name}" WHERE context_identifier = ?`),
        copy: db.prepare(`INSERT INTO main."${t.name}" (${columnsOf(t)}) SELECT ${columnsOf(t)} FROM ${KEPT}."${t.name}" WHERE context_identifier = ?`),
      };
      partStatements.set(t.name, s);
    }
    return s;
  };
  /** Only the parts that changed since the store equalled the kept image, deleted and copied back. */
  const copyChanged = (parts: readonly ChangedPart[]) => {
    const byName = new Map(shapes().map((t) => [t.name, t]));
    const known = parts.map((p) => ({ shape: byName.get(p.table)!, ...p }));
    for (const { shape, part } of known) {
      if (part === "*") db.exec(`DELETE FROM main."${shape.name}"`);
      else partOf(shape).remove.run(part);
    }
    for (const { shape, part, imageRows } of known) {
      if (imageRows === 0) continue; // a tenant made since: nothing of it to copy back
      if (part === "*") copyTable(KEPT, shape);
      else partOf(shape).copy.run(part);
    }
  };

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
          // Copying reads every table's rows but not every index page: a damaged page that only an index
          // (or an FTS shadow table) uses would be restored unnoticed and fail later queries.
          const damage = (db.prepare("PRAGMA snapshot.quick_check(1)").pluck().all() as string[]).filter((r) => r !== "ok");
          if (damage.length > 0) throw new SnapshotError(`the SQLite file is damaged (${damage[0]})`);
          checkShape("snapshot");
          for (const t of shapes()) {
            if (!t.perTenant || !t.nullableContext) continue;
            if (db.prepare(`SELECT 1 FROM snapshot."${t.name}" WHERE context_identifier IS NULL`).get()) throw new SnapshotError(`the snapshot has ${t.name} rows without a ContextIdentifier`);
          }
          withoutForeignKeys("the snapshot's rows break", () => copyAll("snapshot"));
        } catch (err) {
          throw asSnapshotError(err);
        }
      });
    },

    /**
     * Replaces every row with those of the image `key` names (the seed's, keyed by its hash): the first time by
     * copying every table, then only the tables and tenants written since (image-changes.ts). The result is
     * the same either way: every row of every table equals the image's.
     */
    reset(image: Buffer, key: string): void {
      const log = changes();
      try {
        attachKept(image, key);
        log.track();
        const parts = log.since(key);
        // Copying back what changed from a store that equalled the checked image cannot break a foreign key.
        const copy = () => {
          if (parts) copyChanged(parts);
          else copyAll(KEPT);
          log.clear();
        };
        withoutForeignKeys("the image's rows break", copy, parts === undefined);
        log.settled(key);
      } catch (err) {
        log.settled(undefined);
        throw asSnapshotError(err);
      }
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

    /** Lets go of the kept image (when the store closes). */
    close(): void {
      try {
        detachKept();
      } catch {
        // The connection is closing anyway; only the temporary file mattered, and detachKept removed it.
      }
    },
  };
}

/** The schema name of the kept image. */
const KEPT = "seed_image";

/** SQLite's own complaints about a file (not a database, corrupt pages) are the caller's 400, not our 500. */
function asSnapshotError(err: unknown): unknown {
  if (err instanceof SnapshotError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("SQLITE_")) return new SnapshotError(`the file is not a usable snapshot (${code})`);
  return err;
}
