/**
 * Rendered entities, reused while nothing in the store has changed. `storeVersion` is the store's change
 * token (store/data-version.ts), which any write anywhere moves, so every entry retires on any write: an
 * entity's JSON depends on other rows (its persons, associates, list items), and this way no dependency
 * can be missed.
 */
export function renderCache<T>(storeVersion: () => string, capacity = 5000) {
  const entries = new Map<string, T>();
  let version = "";
  return {
    /** The cached value for `key`, or what `produce` makes, kept while the store stays unchanged. */
    get(key: string, produce: () => T): T {
      const now = storeVersion();
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
