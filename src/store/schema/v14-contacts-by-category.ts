/**
 * Schema v14: live contacts by category, covering the contact id, so that counting a tenant's contacts per
 * category (`Count(contact.contact_id)` grouped by `contact.category_idx` through the `dynamic` archive
 * provider, SuperOffice's dashboard query) reads this index alone instead of every contact row.
 */
export const schemaV14 = /* sql */ `
CREATE INDEX contacts_live_by_category ON contacts (context_identifier, category_id, contact_id) WHERE deleted_date IS NULL;
`;
