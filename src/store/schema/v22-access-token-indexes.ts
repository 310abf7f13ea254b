/**
 * Schema v22: the access-token indexes on the code and refresh token a token was issued from hold only the
 * rows that have one. Every token grant inserts an access-token row; a refresh grant's token has no code, so
 * its row was an entry in the code index that nothing ever finds (revocation looks tokens up by a code or
 * refresh-token hash, never by NULL). Measured under the refresh grant's load (issue #19, target 7), that
 * entry was about 11 µs of the insert. `code_hash = ?` implies `code_hash IS NOT NULL`, so SQLite still uses
 * the index for the revocations (https://sqlite.org/partialindex.html, §2.1).
 */
export const schemaV22 = /* sql */ `
DROP INDEX access_tokens_by_code;
CREATE INDEX access_tokens_by_code ON access_tokens (code_hash) WHERE code_hash IS NOT NULL;
DROP INDEX access_tokens_by_refresh;
CREATE INDEX access_tokens_by_refresh ON access_tokens (refresh_hash) WHERE refresh_hash IS NOT NULL;
`;
