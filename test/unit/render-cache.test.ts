import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AppRow } from "../../src/store/apps.js";
import { openDatabase } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrations.js";
import { createStore } from "../../src/store/store.js";
import { renderCache } from "../../src/tenant-api/entities/render-cache.js";

const app = (clientId: string, name: string): AppRow => ({
  client_id: clientId, name, vendor: "V", app_type: "custom", kind: "web", client_secret: null, redirect_uris: "[]", post_logout_redirect_uris: "[]",
  cors_origins: "[]", consent_text: "", system_user: 0, webhooks: 0, state_change_url: null, public_key_pem: null, private_key_pem: null, created_at: "2026-01-01T00:00:00",
});

describe("render cache", () => {
  it("reuses a rendering until any write, through this store or another process's", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sod-cache-")), "store.db");
    const db = openDatabase({ file });
    migrate(db);
    const store = createStore(db);
    store.apps.register(app("a", "v1"));
    const cache = renderCache<string>(store.dataVersion);
    let renders = 0;
    const render = () => JSON.stringify({ v: store.apps.get("a")!.name, n: ++renders });
    expect(cache.get("k", render)).toBe('{"v":"v1","n":1}');
    expect(cache.get("k", render)).toBe('{"v":"v1","n":1}');
    store.apps.remove("a");
    store.apps.register(app("a", "v2"));
    expect(cache.get("k", render)).toBe('{"v":"v2","n":2}');
    // Another connection on the same file (as the CLI opens it) moves SQLite's data_version.
    const other = createStore(openDatabase({ file }));
    other.apps.setSecret("a", "s");
    other.apps.remove("a");
    other.apps.register(app("a", "v3"));
    other.close();
    expect(cache.get("k", render)).toBe('{"v":"v3","n":3}');
    expect(cache.get("other", render)).toBe('{"v":"v3","n":4}');
    store.close();
  });
});
