/**
 * `table[key]` only when `key` is one of the table's own entries. Keys that come from a request (a
 * grant_type, a filter operator, a header value) must not reach Object.prototype: `constructor`,
 * `toString` or `__proto__` would otherwise look like table entries.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
