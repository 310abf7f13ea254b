/**
 * Schema v4: which persons a contact's deletion took along, so undeleting the contact restores exactly
 * those (a person deleted on its own, even in the same second, stays deleted).
 */
export const schemaV4 = /* sql */ `
ALTER TABLE persons ADD COLUMN deleted_with_contact INTEGER NOT NULL DEFAULT 0;
`;
