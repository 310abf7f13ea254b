/**
 * Schema v23: access tokens without foreign keys. Every token grant inserts one access-token row, and SQLite
 * checked its three foreign keys on each insert by looking up the app, the user and the tenant in their
 * primary-key indexes: about 11 µs of a refresh grant's CPU under load, measured in rotated A/B rounds
 * (issue #19, target 7). The rows are only ever inserted by a grant that has just read that app, user and
 * tenant, and what the cascades did is now done where apps and tenants are deleted (store/apps.ts,
 * store/tenants.ts; users are never deleted). A token whose app, user or tenant is gone is refused anyway:
 * its consent and membership are gone with them. The table is rebuilt with the same columns in the same
 * order, and v22's indexes.
 */
export const schemaV23 = /* sql */ `
CREATE TABLE access_tokens_v23 (
  token_hash         TEXT PRIMARY KEY,
  client_id          TEXT NOT NULL,
  user_id            INTEGER NOT NULL,
  context_identifier TEXT NOT NULL,
  code_hash          TEXT,
  refresh_hash       TEXT,
  expires_at         INTEGER NOT NULL,
  revoked_at         INTEGER
);
INSERT INTO access_tokens_v23 (token_hash, client_id, user_id, context_identifier, code_hash, refresh_hash, expires_at, revoked_at)
  SELECT token_hash, client_id, user_id, context_identifier, code_hash, refresh_hash, expires_at, revoked_at FROM access_tokens ORDER BY rowid;
DROP TABLE access_tokens;
ALTER TABLE access_tokens_v23 RENAME TO access_tokens;
CREATE INDEX access_tokens_by_code ON access_tokens (code_hash) WHERE code_hash IS NOT NULL;
CREATE INDEX access_tokens_by_refresh ON access_tokens (refresh_hash) WHERE refresh_hash IS NOT NULL;
CREATE INDEX access_tokens_by_expiry ON access_tokens (expires_at);
`;
