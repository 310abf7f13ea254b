import BundledSqlite3 from "better-sqlite3";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Db = BundledSqlite3.Database;

const requireCommonJs = createRequire(import.meta.url);

/**
 * The version of better-sqlite3 whose JavaScript the bundle carries (scripts/bundle.mjs defines it); not
 * defined when the sources run (tests), where the import above is the installed package itself.
 */
declare const SOD_BUNDLED_BETTER_SQLITE3: string | undefined;
const bundledVersion = typeof SOD_BUNDLED_BETTER_SQLITE3 === "string" ? SOD_BUNDLED_BETTER_SQLITE3 : undefined;

/**
 * better-sqlite3's JavaScript, as openDatabase uses it. In the bundle it is the copy esbuild put there: node
 * resolving, reading and compiling the package's 12 CommonJS files took some 7 ms of every start in a fresh
 * process, 3 ms as one ES module, and nothing measurable inside a chunk that is loaded anyway (issue #19).
 * That copy talks to the installed addon, so it is used only when the installed package is the same version;
 * otherwise (an install that resolved a newer better-sqlite3 than the bundle was built with, or an addon kept
 * elsewhere, which only the package's own lookup finds) the installed package is required as before.
 */
let Database: typeof BundledSqlite3 | undefined;

/**
 * better-sqlite3's compiled addon, named by its path. Left to itself, better-sqlite3 finds it with the
 * `bindings` package, which reads a stack trace for the caller's folder and tries require() on candidate
 * paths until one loads (each miss a thrown MODULE_NOT_FOUND): about 7 ms of every start in the start
 * profile (issue #19), for the path that every install (prebuilt or compiled by node-gyp) uses. A build
 * kept elsewhere still works: then better-sqlite3 looks it up as before.
 */
let options: BundledSqlite3.Options = {};

/** The addon's path when it is where every install puts it; false before loadSqliteAddon. */
let addonPath: string | undefined | false = false;

/**
 * Loads better-sqlite3's compiled addon (dlopen, some 1-2 ms). A step of its own so that openStore can load it
 * before it starts reading the seed image: dlopen maps memory, and in the start profile it took 5-13 ms instead
 * of 1-2 while the thread pool was page-faulting the image buffer in.
 */
export function loadSqliteAddon(): void {
  if (addonPath !== false) return;
  addonPath = undefined;
  try {
    addonPath = requireCommonJs.resolve("better-sqlite3/build/Release/better_sqlite3.node");
  } catch {
    // Not at the usual path: better-sqlite3 finds it itself.
  }
  if (addonPath) {
    requireCommonJs(addonPath); // loaded now rather than by the first database (better-sqlite3 requires the same path)
    options = { nativeBinding: addonPath };
  }
}

/** Loads better-sqlite3 and its addon; openDatabase does it when needed. */
export function loadSqlite(): typeof BundledSqlite3 {
  loadSqliteAddon();
  return (Database ??= bundledVersion === undefined || (addonPath && installedVersion(addonPath) === bundledVersion) ? BundledSqlite3 : (requireCommonJs("better-sqlite3") as typeof BundledSqlite3));
}

/** The version in the package.json of the better-sqlite3 that holds the addon (build/Release/ is two folders down). */
function installedVersion(addon: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dirname(addon), "..", "..", "package.json"), "utf8")) as { version?: string }).version;
  } catch {
    return undefined;
  }
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
