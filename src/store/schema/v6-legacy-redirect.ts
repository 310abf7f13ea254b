/**
 * Schema v6: whether an authorization request named its redirect_uri. A legacy request without one gets
 * the app's default (identity.md §4.2), and RFC 6749 §4.1.3 then does not ask the token request to repeat it.
 */
export const schemaV6 = /* sql */ `
ALTER TABLE authorization_codes ADD COLUMN redirect_uri_given INTEGER NOT NULL DEFAULT 1;
`;
