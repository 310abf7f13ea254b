import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCache } from "../../src/tenant-api/entities/render-cache.js";

describe("render cache", () => {
  it("reuses a rendering until any write, on this connection or another", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sod-cache-")), "db.sqlite");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)");
    const cache = renderCache<string>(db);
    let renders = 0;
    const render = () => JSON.stringify({ v: db.prepare("SELECT v FROM t").pluck().get(), n: ++renders });
    expect(cache.get("k", render)).toBe('{"v":1,"n":1}');
    expect(cache.get("k", render)).toBe('{"v":1,"n":1}');
    db.exec("UPDATE t SET v = 2");
    expect(cache.get("k", render)).toBe('{"v":2,"n":2}');
    const other = new Database(file);
    other.exec("UPDATE t SET v = 3");
    other.close();
    expect(cache.get("k", render)).toBe('{"v":3,"n":3}');
    expect(cache.get("other", render)).toBe('{"v":3,"n":4}');
  });
});
