/**
 * Schema v10: indexes for the purge of expired SuperID state (store/expiry-purge.ts). The purge deletes by
 * expiry every few hundred inserts; without these it would scan every live token to find the few dead ones.
 * Revoked refresh tokens are a small part of the table, so that index is partial.
 */
export const schemaV10 = /* sql */ `
CREATE INDEX access_tokens_by_expiry ON access_tokens (expires_at);
CREATE INDEX authorization_codes_by_expiry ON authorization_codes (expires_at);
CREATE INDEX interactions_by_expiry ON interactions (expires_at);
CREATE INDEX sso_sessions_by_expiry ON sso_sessions (expires_at);
CREATE INDEX tickets_by_expiry ON tickets (expires_at);
CREATE INDEX refresh_tokens_by_revocation ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
`;
