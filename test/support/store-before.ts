import { openDatabase, type Db } from "../../src/store/database.js";
import { MIGRATIONS } from "../../src/store/migrations.js";

/**
 * An in-memory store as it was just before the migration named `name`: every earlier migration applied and
 * its user_version set, so `migrate()` runs that one and the later ones on whatever rows a test puts in
 * first. Foreign keys are off for those rows (a test adds only the rows it is about); `migrate()` does not
 * switch them back on, so a test that needs them does.
 */
export function storeBefore(name: string): { db: Db; version: number } {
  const target = MIGRATIONS.find((m) => m.name === name);
  if (!target) throw new Error(`no migration named ${name}`);
  const db = openDatabase({ memory: true });
  for (const m of MIGRATIONS.filter((m) => m.version < target.version)) db.exec(m.sql);
  db.pragma(`user_version = ${target.version - 1}`);
  db.pragma("foreign_keys = OFF");
  return { db, version: target.version };
}
