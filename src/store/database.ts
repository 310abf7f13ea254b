import type BetterSqlite3 from "better-sqlite3";
import { createRequire } from "node:module";

export type Db = BetterSqlite3.Database;

const requireCommonJs = createRequire(import.meta.url);

/**
 * better-sqlite3 is CommonJS. Loaded with require(), not an ES import: node then neither scans its source
 * for export names (cjs-module-lexer) nor wraps it in an ES module facade, about 4 ms of every start
 * (fresh processes: 15.0 ms imported, 11.2 ms required). Required on first use rather than on import, so
 * that openStore can read the seed image on the thread pool while this runs (open-store.ts).
 */
let Database: typeof BetterSqlite3 | undefined;

/**
 * better-sqlite3's compiled addon, named by its path. Left to itself, better-sqlite3 finds it with the
 * `bindings` package, which reads a stack trace for the caller's folder and tries require() on candidate
 * paths until one loads (each miss a thrown MODULE_NOT_FOUND): about 7 ms of every start in the start
 * profile (issue #19), for the path that every install (prebuilt or compiled by node-gyp) uses. A build
 * kept elsewhere still works: then better-sqlite3 looks it up as before.
 */
let options: BetterSqlite3.Options = {};

let addonLoaded = false;

/**
 * Loads better-sqlite3's compiled addon (dlopen, some 1-2 ms). A step of its own so that openStore can load it
 * before it starts reading the seed image: dlopen maps memory, and in the start profile it took 5-13 ms instead
 * of 1-2 while the thread pool was page-faulting the image buffer in.
 */
export function loadSqliteAddon(): void {
  if (addonLoaded) return;
  addonLoaded = true;
  let addon: string | undefined;
  try {
    addon = requireCommonJs.resolve("better-sqlite3/build/Release/better_sqlite3.node");
  } catch {
    // Not at the usual path: better-sqlite3 finds it itself.
  }
  if (addon) {
    requireCommonJs(addon); // loaded now rather than by the first database (better-sqlite3 requires the same path)
    options = { nativeBinding: addon };
  }
}

/** Loads better-sqlite3 (its JavaScript some 7 ms in a fresh process) and its addon; openDatabase does it when needed. */
export function loadSqlite(): typeof BetterSqlite3 {
  loadSqliteAddon();
  return (Database ??= requireCommonJs("better-sqlite3") as typeof BetterSqlite3);
}

/**
 * Opens the store: a file (WAL, so readers never wait on the writer), a fresh in-memory database, or an
 * in-memory copy of a serialized image (how a cached seed becomes a store in a few milliseconds).
 * Foreign keys are on in every mode: SQLite leaves them off unless asked, per connection.
 */
export function openDatabase(source: { file: string } | { image: Buffer } | { memory: true }): Db {
  const Database = loadSqlite();
  const db =
    "file" in source ? new Database(source.file, options) : "image" in source ? new Database(source.image, options) : new Database(":memory:", options);
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
