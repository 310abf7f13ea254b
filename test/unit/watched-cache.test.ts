import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { watchedCache, watchedCacheOnFirstUse } from "../../src/store/watched-cache.js";

/** A store-like database with one watched table and one that is not watched. */
function setUp(file?: string) {
  const db = openDatabase(file ? { file } : { memory: true });
  db.exec("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE TABLE IF NOT EXISTS other (id INTEGER PRIMARY KEY)");
  const cache = watchedCache<{ name: string } | undefined>(db, ["items"]);
  let loads = 0;
  const byId = db.prepare<[number], { name: string }>("SELECT name FROM items WHERE id = ?");
  const read = (id: number) =>
    cache.get(String(id), () => {
      loads++;
      return byId.get(id);
    });
  return { db, read, loads: () => loads };
}

describe("watched cache", () => {
  it("reads once until any insert, update or delete of a watched table, however it is made", () => {
    const { db, read, loads } = setUp();
    db.prepare("INSERT INTO items VALUES (1, 'a')").run();
    expect(read(1)).toEqual({ name: "a" });
    expect(read(1)).toEqual({ name: "a" });
    expect(read(2)).toBeUndefined();
    expect(read(2)).toBeUndefined();
    expect(loads()).toBe(2);
    db.prepare("INSERT INTO other VALUES (1)").run();
    expect(read(1)).toEqual({ name: "a" });
    expect(loads()).toBe(2);
    db.prepare("UPDATE items SET name = 'b' WHERE id = 1").run();
    expect(read(1)).toEqual({ name: "b" });
    db.prepare("INSERT INTO items VALUES (2, 'c')").run();
    expect(read(2)).toEqual({ name: "c" });
    db.exec("DELETE FROM items");
    expect(read(1)).toBeUndefined();
    expect(read(2)).toBeUndefined();
  });

  it("keeps what a transaction read only while its watched writes stand: a rollback leaves no uncommitted row behind", () => {
    const { db, read, loads } = setUp();
    db.prepare("INSERT INTO items VALUES (1, 'a')").run();
    expect(read(1)).toEqual({ name: "a" });
    expect(() =>
      db.transaction(() => {
        db.prepare("UPDATE items SET name = 'uncommitted' WHERE id = 1").run();
        expect(read(1)).toEqual({ name: "uncommitted" });
        throw new Error("roll back");
      })(),
    ).toThrow("roll back");
    expect(read(1)).toEqual({ name: "a" });
    // A transaction that writes nothing watched still reads the kept entry.
    const before = loads();
    db.transaction(() => expect(read(1)).toEqual({ name: "a" }))();
    expect(loads()).toBe(before);
  });

  it("keeps rows read inside a transaction that wrote nothing watched, and rows its committed writes made", () => {
    const { db, read, loads } = setUp();
    db.prepare("INSERT INTO items VALUES (1, 'a')").run();
    db.transaction(() => {
      db.prepare("INSERT INTO other VALUES (1)").run();
      expect(read(1)).toEqual({ name: "a" });
    })();
    const afterFirst = loads();
    expect(read(1)).toEqual({ name: "a" });
    db.transaction(() => expect(read(1)).toEqual({ name: "a" }))();
    expect(loads()).toBe(afterFirst);
    db.transaction(() => {
      db.prepare("UPDATE items SET name = 'committed' WHERE id = 1").run();
      expect(read(1)).toEqual({ name: "committed" });
    })();
    const afterCommit = loads();
    expect(read(1)).toEqual({ name: "committed" });
    expect(loads()).toBe(afterCommit);
  });

  it("drops what was read after a savepoint's writes that were rolled back, inside the same transaction", () => {
    const { db, read } = setUp();
    db.prepare("INSERT INTO items VALUES (1, 'a')").run();
    db.transaction(() => {
      expect(() =>
        db.transaction(() => {
          db.prepare("UPDATE items SET name = 'inner' WHERE id = 1").run();
          expect(read(1)).toEqual({ name: "inner" });
          throw new Error("roll back the savepoint");
        })(),
      ).toThrow("roll back the savepoint");
      expect(read(1)).toEqual({ name: "a" });
    })();
    expect(read(1)).toEqual({ name: "a" });
  });

  it("with `columns`, counts updates of those columns only", () => {
    const db = openDatabase({ memory: true });
    db.exec("CREATE TABLE hooks (id INTEGER PRIMARY KEY, state TEXT NOT NULL, calls INTEGER NOT NULL DEFAULT 0)");
    db.prepare("INSERT INTO hooks (id, state) VALUES (1, 'Active')").run();
    const cache = watchedCache<string | undefined>(db, ["hooks"], { columns: ["state"] });
    let loads = 0;
    const state = () => cache.get("1", () => (loads++, db.prepare<[], string>("SELECT state FROM hooks WHERE id = 1").pluck().get()));
    expect(state()).toBe("Active");
    db.prepare("UPDATE hooks SET calls = calls + 1").run();
    expect(state()).toBe("Active");
    expect(loads).toBe(1);
    db.prepare("UPDATE hooks SET state = 'Stopped'").run();
    expect(state()).toBe("Stopped");
    db.prepare("DELETE FROM hooks").run();
    expect(state()).toBeUndefined();
  });

  it("is made outside a transaction only (a rollback would drop its triggers)", () => {
    const db = openDatabase({ memory: true });
    db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY)");
    expect(() => db.transaction(() => watchedCache(db, ["items"]))()).toThrow("outside a transaction");
  });

  it("sees commits of another connection to the same file", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sod-watched-")), "store.db");
    const { db, read } = setUp(file);
    db.prepare("INSERT INTO items VALUES (1, 'a')").run();
    expect(read(1)).toEqual({ name: "a" });
    const other = openDatabase({ file });
    other.prepare("UPDATE items SET name = 'from the CLI' WHERE id = 1").run();
    other.close();
    expect(read(1)).toEqual({ name: "from the CLI" });
    db.close();
  });

  it("hands out frozen entries, so no caller can change what the next one reads", () => {
    const { db, read } = setUp();
    db.prepare("INSERT INTO items VALUES (1, 'a')").run();
    const entry = read(1)!;
    expect(Object.isFrozen(entry)).toBe(true);
    expect(() => Object.assign(entry, { name: "changed" })).toThrow(TypeError);
    expect(read(1)).toEqual({ name: "a" });
  });
  it("with updatesAndDeletesOf, an insert into that table leaves kept entries, an update or delete empties them", () => {
    const db = openDatabase({ memory: true });
    db.exec("CREATE TABLE tokens (hash TEXT PRIMARY KEY, revoked INTEGER NOT NULL DEFAULT 0)");
    expect(() => watchedCache(db, [], { updatesAndDeletesOf: ["tokens"] })).toThrow(/no misses/);
    const cache = watchedCache<{ revoked: number } | undefined>(db, [], { keepMisses: false, updatesAndDeletesOf: ["tokens"] });
    let loads = 0;
    const byHash = db.prepare<[string], { revoked: number }>("SELECT revoked FROM tokens WHERE hash = ?");
    const read = (hash: string) => cache.get(hash, () => (loads++, byHash.get(hash)));
    db.prepare("INSERT INTO tokens (hash) VALUES ('a')").run();
    expect(read("a")).toEqual({ revoked: 0 });
    expect(read("b")).toBeUndefined(); // not kept: the insert below need not be seen
    db.prepare("INSERT INTO tokens (hash) VALUES ('b')").run();
    expect(read("b")).toEqual({ revoked: 0 });
    expect(read("a")).toEqual({ revoked: 0 });
    expect(loads).toBe(3);
    db.prepare("UPDATE tokens SET revoked = 1 WHERE hash = 'a'").run();
    expect(read("a")).toEqual({ revoked: 1 });
    db.prepare("DELETE FROM tokens WHERE hash = 'b'").run();
    expect(read("b")).toBeUndefined();
  });
  it("on first use: a cache first used inside a transaction loads without keeping, then keeps once used outside one", () => {
    const db = openDatabase({ memory: true });
    db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO items VALUES (1, 'a')");
    const cache = watchedCacheOnFirstUse<string | undefined>(db, ["items"]);
    let loads = 0;
    const read = () => cache.get("1", () => (loads++, db.prepare<[], string>("SELECT name FROM items WHERE id = 1").pluck().get()));
    db.transaction(() => {
      expect(read()).toBe("a");
      expect(read()).toBe("a");
    })();
    expect(loads).toBe(2); // no cache could be made inside the transaction
    expect(read()).toBe("a");
    expect(read()).toBe("a");
    expect(loads).toBe(3);
    db.prepare("UPDATE items SET name = 'b' WHERE id = 1").run();
    expect(read()).toBe("b");
  });
});
