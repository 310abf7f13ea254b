/**
 * Schema v7: entity members the official client sets and expects back (netserver.md §6.2-6.5): a contact's
 * faxes; a person's faxes, private and other phones and URLs; an appointment's agenda and internal notes;
 * a sale's Done flag (NULL for rows from before: their Completed follows the status, as it did).
 */
export const schemaV7 = /* sql */ `
ALTER TABLE contacts ADD COLUMN faxes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE persons ADD COLUMN faxes TEXT NOT NULL DEFAULT '[]';
ALTER TABLE persons ADD COLUMN private_phones TEXT NOT NULL DEFAULT '[]';
ALTER TABLE persons ADD COLUMN other_phones TEXT NOT NULL DEFAULT '[]';
ALTER TABLE persons ADD COLUMN urls TEXT NOT NULL DEFAULT '[]';
ALTER TABLE appointments ADD COLUMN agenda TEXT NOT NULL DEFAULT '';
ALTER TABLE appointments ADD COLUMN internal_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN done INTEGER;
`;
