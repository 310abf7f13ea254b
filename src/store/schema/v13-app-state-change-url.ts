/**
 * Schema v13: an app's "Customer state change URL" (the Developer Portal's integration endpoint,
 * identity.md §11): where the emulator posts a tenant's state changes and moves (identity.md §9.4).
 * NULL: the app asked for none.
 */
export const schemaV13 = /* sql */ `
ALTER TABLE apps ADD COLUMN state_change_url TEXT;
`;
