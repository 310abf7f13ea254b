/**
 * Schema v2: SuperID's transient state. Secrets (codes, tokens, session ids) are stored only as SHA-256
 * hashes; times are epoch milliseconds of the emulator's clock.
 */
export const schemaV2 = /* sql */ `
-- An authorize request in progress: what the app asked for, and what the user has answered so far.
CREATE TABLE interactions (
  interaction_id     TEXT PRIMARY KEY,
  client_id          TEXT NOT NULL REFERENCES apps ON DELETE CASCADE,
  request            TEXT NOT NULL,
  user_id            INTEGER REFERENCES users ON DELETE CASCADE,
  context_identifier TEXT REFERENCES tenants ON DELETE CASCADE,
  csrf_token         TEXT NOT NULL,
  expires_at         INTEGER NOT NULL
);

-- The SuperID single sign-on session behind the session cookie.
CREATE TABLE sso_sessions (
  session_hash TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,
  expires_at   INTEGER NOT NULL
);

CREATE TABLE authorization_codes (
  code_hash             TEXT PRIMARY KEY,
  client_id             TEXT NOT NULL REFERENCES apps ON DELETE CASCADE,
  user_id               INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,
  context_identifier    TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  redirect_uri          TEXT NOT NULL,
  code_challenge        TEXT,
  code_challenge_method TEXT,
  nonce                 TEXT,
  expires_at            INTEGER NOT NULL,
  used_at               INTEGER
);

CREATE TABLE refresh_tokens (
  token_hash         TEXT PRIMARY KEY,
  client_id          TEXT NOT NULL REFERENCES apps ON DELETE CASCADE,
  user_id            INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  code_hash          TEXT,
  created_at         INTEGER NOT NULL,
  revoked_at         INTEGER
);
CREATE INDEX refresh_tokens_by_grant ON refresh_tokens (client_id, context_identifier);
CREATE INDEX refresh_tokens_by_code ON refresh_tokens (code_hash);

CREATE TABLE access_tokens (
  token_hash         TEXT PRIMARY KEY,
  client_id          TEXT NOT NULL REFERENCES apps ON DELETE CASCADE,
  user_id            INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  code_hash          TEXT,
  refresh_hash       TEXT,
  expires_at         INTEGER NOT NULL,
  revoked_at         INTEGER
);
CREATE INDEX access_tokens_by_code ON access_tokens (code_hash);
CREATE INDEX access_tokens_by_refresh ON access_tokens (refresh_hash);
`;
