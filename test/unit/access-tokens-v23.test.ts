import { describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateSeedData } from "../../src/seed/generate.js";
import { loadSeedData } from "../../src/seed/load.js";
import { readSeedFile } from "../../src/seed/seed-file.js";
import { openDatabase } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrations.js";
import { createStore } from "../../src/store/store.js";
import { storeBefore } from "../support/store-before.js";

/**
 * Schema v23 (issue #19, target 7): access tokens carry no foreign keys, a store migrating to it keeps its
 * tokens and their indexes, and deleting an app or a tenant still takes its access tokens along.
 */
describe("schema v23: access tokens without foreign keys", () => {
  it("keeps a migrating store's tokens, in order, with v22's indexes and no foreign keys", () => {
    const { db, version } = storeBefore("access-tokens-without-foreign-keys");
    const add = db.prepare("INSERT INTO access_tokens (token_hash, client_id, user_id, context_identifier, code_hash, refresh_hash, expires_at, revoked_at) VALUES (?, 'app', 1, 'Cust1', ?, 'r', 9e12, ?)");
    add.run("second", "code", null);
    add.run("first", null, 1000);
    const before = db.prepare("SELECT rowid, * FROM access_tokens ORDER BY rowid").all();
    db.pragma("foreign_keys = ON");
    expect(migrate(db).to).toBeGreaterThanOrEqual(version);
    expect(db.prepare("SELECT rowid, * FROM access_tokens ORDER BY rowid").all()).toEqual(before);
    expect(db.prepare("SELECT * FROM pragma_foreign_key_list('access_tokens')").all()).toEqual([]);
    const indexes = db.prepare("SELECT name, partial FROM pragma_index_list('access_tokens') ORDER BY name").all();
    expect(indexes).toEqual([
      { name: "access_tokens_by_code", partial: 1 },
      { name: "access_tokens_by_expiry", partial: 0 },
      { name: "access_tokens_by_refresh", partial: 1 },
      { name: "sqlite_autoindex_access_tokens_1", partial: 0 },
    ]);
  });

  it("deletes an app's or a tenant's access tokens with it", () => {
    const db = openDatabase({ memory: true });
    migrate(db);
    loadSeedData(db, generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed));
    const store = createStore(db);
    const [web, native] = store.apps.list();
    const ada = store.users.findByUsername("ada.admin@example.com")!;
    const token = (hash: string, clientId: string, contextIdentifier: string) =>
      store.grants.saveAccessToken({ tokenHash: hash, clientId, userId: ada.userId, contextIdentifier, codeHash: null, refreshHash: null, expiresAt: 9e12 });
    token("web-12345", web!.clientId, "Cust12345");
    token("web-54321", web!.clientId, "Cust54321");
    token("native-12345", native!.clientId, "Cust12345");
    token("native-54321", native!.clientId, "Cust54321");
    const left = () => db.prepare("SELECT token_hash FROM access_tokens ORDER BY 1").pluck().all();

    expect(store.apps.remove(web!.clientId)).toBe(true);
    expect(left()).toEqual(["native-12345", "native-54321"]);
    expect(store.tenants.remove("Cust54321")).toBe(true);
    expect(left()).toEqual(["native-12345"]);
    expect(store.apps.remove("no-such-app")).toBe(false);
    expect(left()).toEqual(["native-12345"]);
  });
});
