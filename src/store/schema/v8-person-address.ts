/** Schema v8: a person's private address (netserver.md §6.3), the structured parts as one JSON object. */
export const schemaV8 = /* sql */ `
ALTER TABLE persons ADD COLUMN private_address TEXT NOT NULL DEFAULT '{}';
`;
