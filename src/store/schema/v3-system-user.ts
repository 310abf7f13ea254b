/**
 * Schema v3: system-user tickets (identity.md §8.6), stored as SHA-256 hashes. A ticket belongs to one
 * app and tenant; each use pushes its expiry (6 h sliding).
 */
export const schemaV3 = /* sql */ `
CREATE TABLE tickets (
  ticket_hash        TEXT PRIMARY KEY,
  client_id          TEXT NOT NULL REFERENCES apps ON DELETE CASCADE,
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  created_at         INTEGER NOT NULL,
  expires_at         INTEGER NOT NULL,
  revoked_at         INTEGER
);
CREATE INDEX tickets_by_grant ON tickets (client_id, context_identifier);
`;
