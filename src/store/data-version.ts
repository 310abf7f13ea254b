import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";

/**
 * A token that changes whenever any write to the store commits: this connection's total_changes() and
 * SQLite's data_version, which moves when another connection (such as the CLI) commits. Caches of things
 * derived from many rows (rendered entities) compare it instead of tracking which rows they read.
 */
export function dataVersion(db: Db): () => string {
  const totalChanges = prepareOnUse<[], number>(db, "SELECT total_changes()").pluck();
  const version = prepareOnUse<[], number>(db, "PRAGMA data_version").pluck();
  return () => `${totalChanges.get()}/${version.get()}`;
}
