import type { Db } from "./database.js";

let nextFunctionId = 0;

/**
 * A cache of rows from small tables that every request reads and hardly anything writes (the published
 * user-defined field layout, list items, associates), emptied by any write to those tables, whoever makes it.
 *
 * Temp triggers (this connection only: not in the store file, its images or its migrations) call a JS
 * function on every insert, update and delete of the watched tables, so writes by the repositories, tenant
 * provisioning and store images (reset, snapshots) all count. The count never goes back, not even when a
 * transaction rolls back, and an entry is kept only when it was read outside a transaction: so a kept entry
 * always shows committed rows that no write has touched since. SQLite's data_version covers commits by
 * another connection to a store file (the CLI on the same data directory). Entries are frozen: callers share them.
 * With `keepMisses: false`, a key that loads as undefined is not kept, so keys a client makes up (an unknown
 * client_id) cannot grow the cache.
 */
export function watchedCache<V>(db: Db, tables: readonly string[], options: { keepMisses?: boolean } = {}): { get(key: string, load: () => V): V } {
  const keepMisses = options.keepMisses ?? true;
  let writes = 0;
  const fn = `sod_watched_write_${nextFunctionId++}`;
  db.function(fn, { varargs: false, deterministic: false }, () => {
    writes++;
    return null;
  });
  for (const table of tables) {
    for (const event of ["INSERT", "UPDATE", "DELETE"]) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS "${fn}_${table}_${event.toLowerCase()}" AFTER ${event} ON main."${table}" BEGIN SELECT ${fn}(); END`);
    }
  }
  // An in-memory store has no other connection.
  const dataVersion = db.memory ? { get: () => 0 } : db.prepare<[], number>("PRAGMA data_version").pluck();
  const entries = new Map<string, V>();
  let seen = { writes: -1, dataVersion: -1 };
  return {
    get(key, load) {
      const version = dataVersion.get()!;
      if (writes !== seen.writes || version !== seen.dataVersion) {
        entries.clear();
        seen = { writes, dataVersion: version };
      }
      const hit = entries.get(key);
      if (hit !== undefined || entries.has(key)) return hit as V;
      const value = load();
      if (!db.inTransaction && (value !== undefined || keepMisses)) entries.set(key, deepFreeze(value));
      return value;
    },
  };
}

function deepFreeze<V>(value: V): V {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
