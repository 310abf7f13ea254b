import { describe, expect, it } from "vitest";
import { grantRepository } from "../../src/store/grants.js";
import { migrate } from "../../src/store/migrations.js";
import { storeBefore } from "../support/store-before.js";

/**
 * Schema v22 (issue #19, target 7): the access-token indexes by code and by refresh token keep only rows
 * that have one, a store migrating to it keeps its tokens findable, and revocation still reads the indexes
 * rather than the whole table.
 */
describe("schema v22: access-token indexes without NULL entries", () => {
  it("keeps only tokens issued from a code or refresh token in those indexes, and revocation finds them", () => {
    const { db, version } = storeBefore("access-token-indexes"); // tokens only: no apps, users or tenants behind them
    const add = db.prepare("INSERT INTO access_tokens (token_hash, client_id, user_id, context_identifier, code_hash, refresh_hash, expires_at) VALUES (?, 'app', 1, 'Cust1', ?, ?, 9e12)");
    add.run("from-code", "code-1", "refresh-1"); // a code exchange's token, stored before the migration
    add.run("implicit", null, null);
    expect(migrate(db).to).toBeGreaterThanOrEqual(version);
    add.run("from-refresh", null, "refresh-1"); // a refresh grant's token: no code

    const entries = (index: string, column: string) => db.prepare(`SELECT token_hash FROM access_tokens INDEXED BY ${index} WHERE ${column} IS NOT NULL ORDER BY 1`).pluck().all();
    expect(entries("access_tokens_by_code", "code_hash")).toEqual(["from-code"]);
    expect(entries("access_tokens_by_refresh", "refresh_hash")).toEqual(["from-code", "from-refresh"]);
    for (const [column, index] of [["code_hash", "access_tokens_by_code"], ["refresh_hash", "access_tokens_by_refresh"]] as const) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN UPDATE access_tokens SET revoked_at = 1 WHERE ${column} = ? AND revoked_at IS NULL`).all("x");
      expect(plan).toEqual([expect.objectContaining({ detail: expect.stringContaining(index) })]);
    }

    const grants = grantRepository(db);
    const revoked = () => db.prepare("SELECT token_hash FROM access_tokens WHERE revoked_at IS NOT NULL ORDER BY 1").pluck().all();
    grants.revokeIssuedFromCode("code-1", 1000);
    expect(revoked()).toEqual(["from-code"]);
    grants.revokeRefreshToken("refresh-1", 2000);
    expect(revoked()).toEqual(["from-code", "from-refresh"]);
    expect(grants.findAccessToken("implicit")?.revokedAt).toBeNull();
  });
});
