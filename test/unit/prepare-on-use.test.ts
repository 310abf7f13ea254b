import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../src/store/database.js";
import { prepareOnUse } from "../../src/store/prepare-on-use.js";

/** src/store/prepare-on-use.ts: the eager repositories' statements, prepared when first run (issue #19). */
describe("prepareOnUse", () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase({ memory: true });
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
  });
  afterEach(() => db.close());

  it("compiles nothing until the first run: SQL that does not compile throws then, not when defined", () => {
    const broken = prepareOnUse<[], number>(db, "SELECT nope FROM nowhere");
    expect(() => broken.get()).toThrow(/no such table: nowhere/);
  });

  it("runs, gets and reads all rows as db.prepare does, with positional and named parameters", () => {
    const insert = prepareOnUse<[number, string]>(db, "INSERT INTO t (id, name) VALUES (?, ?)");
    const insertNamed = prepareOnUse<{ id: number; name: string }>(db, "INSERT INTO t (id, name) VALUES (@id, @name)");
    expect(insert.run(1, "Ada").changes).toBe(1);
    expect(insertNamed.run({ id: 2, name: "Bo" }).lastInsertRowid).toBe(2);
    const one = prepareOnUse<[number], { id: number; name: string }>(db, "SELECT * FROM t WHERE id = ?");
    expect(one.get(2)).toEqual({ id: 2, name: "Bo" });
    expect(one.get(3)).toBeUndefined();
    const all = prepareOnUse<[], { id: number; name: string }>(db, "SELECT * FROM t ORDER BY id");
    expect(all.all()).toEqual(db.prepare("SELECT * FROM t ORDER BY id").all());
  });

  it("plucks or answers arrays when told so on definition, and refuses a change of shape after its first run", () => {
    db.exec("INSERT INTO t VALUES (1, 'Ada'), (2, 'Bo')");
    const names = prepareOnUse<[], string>(db, "SELECT name FROM t ORDER BY id").pluck();
    expect(names.all()).toEqual(["Ada", "Bo"]);
    const rows = prepareOnUse<[], unknown[]>(db, "SELECT id, name FROM t ORDER BY id").raw();
    expect(rows.all()).toEqual([
      [1, "Ada"],
      [2, "Bo"],
    ]);
    expect(() => names.raw()).toThrow(/before its first run/);
  });
});
