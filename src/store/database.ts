import Database from "better-sqlite3";

export type Db = Database.Database;

/**
 * Opens the store: a file (WAL, so readers never wait on the writer), a fresh in-memory database, or an
 * in-memory copy of a serialized image (how a cached seed becomes a store in a few milliseconds).
 * Foreign keys are on in every mode: SQLite leaves them off unless asked, per connection.
 */
export function openDatabase(source: { file: string } | { image: Buffer } | { memory: true }): Db {
  const db =
    "file" in source ? new Database(source.file) : "image" in source ? new Database(source.image) : new Database(":memory:");
  if ("file" in source) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 2000");
  // SQLite's NOCASE and LIKE fold only A-Z; searches for "øst" must find "Østby" too.
  db.function("unicode_lower", { deterministic: true }, (value: unknown) => (typeof value === "string" ? value.toLocaleLowerCase("nb") : value));
  return db;
}
