import type { Db } from "../../store/database.js";

/**
 * Rendered entities, reused while nothing in the store has changed. The key includes the store's change
 * counters (this connection's total_changes and SQLite's data_version, which moves when another connection
 * such as the CLI commits), so any write anywhere retires every entry: an entity's JSON depends on other
 * rows (its persons, associates, list items), and this way no dependency can be missed.
 */
export function renderCache<T>(db: Db, capacity = 5000) {
  const totalChanges = db.prepare("SELECT total_changes()").pluck();
  const dataVersion = db.prepare("PRAGMA data_version").pluck();
  const entries = new Map<string, T>();
  let version = "";
  const currentVersion = () => `${totalChanges.get() as number}/${dataVersion.get() as number}`;
  return {
    /** The cached value for `key`, or what `produce` makes, kept while the store stays unchanged. */
    get(key: string, produce: () => T): T {
      const now = currentVersion();
      if (now !== version) {
        entries.clear();
        version = now;
      }
      let value = entries.get(key);
      if (value === undefined) {
        value = produce();
        if (entries.size >= capacity) entries.clear();
        entries.set(key, value);
      }
      return value;
    },
  };
}

export type RenderCache = ReturnType<typeof renderCache>;
