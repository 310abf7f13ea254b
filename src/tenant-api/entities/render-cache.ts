import type { Db } from "../../store/database.js";

/**
 * Rendered entity JSON, reused while nothing in the store has changed. The key includes the store's change
 * counters (this connection's total_changes and SQLite's data_version, which moves when another connection
 * such as the CLI commits), so any write anywhere retires every entry: an entity's JSON depends on other
 * rows (its persons, associates, list items), and this way no dependency can be missed.
 */
export function renderCache(db: Db, capacity = 5000) {
  const totalChanges = db.prepare("SELECT total_changes()").pluck();
  const entries = new Map<string, string>();
  let version = "";
  const currentVersion = () => `${totalChanges.get() as number}/${db.pragma("data_version", { simple: true }) as number}`;
  return {
    /** The cached JSON for `key`, or the result of `render`, cached while the store stays unchanged. */
    get(key: string, render: () => unknown): string {
      const now = currentVersion();
      if (now !== version) {
        entries.clear();
        version = now;
      }
      let json = entries.get(key);
      if (json === undefined) {
        json = JSON.stringify(render());
        if (entries.size >= capacity) entries.clear();
        entries.set(key, json);
      }
      return json;
    },
  };
}

export type RenderCache = ReturnType<typeof renderCache>;
