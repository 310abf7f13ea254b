import type { Db } from "./database.js";

let nextFunctionId = 0;

/**
 * A cache of rows from small tables that every request reads and hardly anything writes (the published
 * user-defined field layout, list items, associates, apps, Active webhooks), emptied by any write to those
 * tables, whoever makes it.
 *
 * Temp triggers (this connection only: not in the store file, its images or its migrations) call a JS
 * function on every insert, update and delete of the watched tables, so writes by the repositories, tenant
 * provisioning and store images (reset, snapshots) all count. That count never goes back, not even when a
 * transaction rolls back, so an entry read outside a transaction always shows committed rows that no write
 * has touched since. An entry read inside a transaction may show that transaction's own uncommitted writes:
 * the triggers also count in a temp table, whose count a rollback takes back, and such an entry is used only
 * while that count is what it was when the entry was read (a transaction that wrote nothing watched reads
 * committed rows, and its entry outlives it either way). The CRM write path reads Active webhooks only inside
 * its transaction, so without this they would never be kept. SQLite's data_version covers commits by another
 * connection to a store file (the CLI on the same data directory). Entries are frozen: callers share them.
 *
 * Options: `keepMisses: false` keeps no key that loads as undefined, so keys a client makes up (an unknown
 * client_id) cannot grow the cache. `columns` counts updates of those columns only, for a table whose other
 * columns are statistics that change on every use (a webhook's call counts). `updatesAndDeletesOf` names
 * tables whose inserts need not count: with `keepMisses: false`, a new row can only be a key that was never
 * kept (access tokens: a grant inserts one, and must not empty the cache of the tokens in use).
 */
export function watchedCache<V>(
  db: Db,
  tables: readonly string[],
  options: { keepMisses?: boolean; columns?: readonly string[]; updatesAndDeletesOf?: readonly string[] } = {},
): { get(key: string, load: () => V): V } {
  // A rollback would take the triggers made here with it.
  if (db.inTransaction) throw new Error("a watched cache must be made outside a transaction");
  const keepMisses = options.keepMisses ?? true;
  if (options.updatesAndDeletesOf?.length && keepMisses) throw new Error("inserts may be ignored only by a cache that keeps no misses");
  let writes = 0;
  const fn = `sod_watched_write_${nextFunctionId++}`;
  db.function(fn, { varargs: false, deterministic: false }, () => {
    writes++;
    return null;
  });
  db.exec("CREATE TEMP TABLE IF NOT EXISTS sod_watched_writes (fn TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID");
  db.prepare("INSERT OR REPLACE INTO temp.sod_watched_writes (fn, n) VALUES (?, 0)").run(fn);
  const updateOf = options.columns ? ` OF ${options.columns.map((c) => `"${c}"`).join(", ")}` : "";
  for (const table of [...tables, ...(options.updatesAndDeletesOf ?? [])]) {
    for (const event of tables.includes(table) ? ["INSERT", "UPDATE", "DELETE"] : ["UPDATE", "DELETE"]) {
      db.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS "${fn}_${table}_${event.toLowerCase()}" AFTER ${event}${event === "UPDATE" ? updateOf : ""} ON main."${table}"
         BEGIN SELECT ${fn}(); UPDATE temp.sod_watched_writes SET n = n + 1 WHERE fn = '${fn}'; END`,
      );
    }
  }
  const rollbackAware = db.prepare<[string], number>("SELECT n FROM temp.sod_watched_writes WHERE fn = ?").pluck();
  // An in-memory store has no other connection.
  const dataVersion = db.memory ? { get: () => 0 } : db.prepare<[], number>("PRAGMA data_version").pluck();
  /** `count`: the rollback-aware count when read inside a transaction; undefined when read outside one. */
  const entries = new Map<string, { value: V; count: number | undefined }>();
  let seen = { writes: -1, dataVersion: -1 };
  return {
    get(key, load) {
      const version = dataVersion.get()!;
      if (writes !== seen.writes || version !== seen.dataVersion) {
        entries.clear();
        seen = { writes, dataVersion: version };
      }
      const hit = entries.get(key);
      if (hit !== undefined) {
        if (hit.count === undefined || hit.count === rollbackAware.get(fn)) return hit.value;
        entries.delete(key); // read after writes that were then rolled back
      }
      const value = load();
      if (value !== undefined || keepMisses) entries.set(key, { value: deepFreeze(value), count: db.inTransaction ? rollbackAware.get(fn) : undefined });
      return value;
    },
  };
}

/**
 * A watched cache made on its first use outside a transaction (one cannot be made inside one, see above), for
 * repositories that are themselves made lazily and may first be used inside one; until then it loads every time.
 */
export function watchedCacheOnFirstUse<V>(
  db: Db,
  tables: readonly string[],
  options: Parameters<typeof watchedCache>[2] = {},
): { get(key: string, load: () => V): V } {
  let cache: { get(key: string, load: () => V): V } | undefined;
  return {
    get(key, load) {
      if (!cache && !db.inTransaction) cache = watchedCache<V>(db, tables, options);
      return cache ? cache.get(key, load) : load();
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
