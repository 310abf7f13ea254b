/**
 * Schema v5: indexes for the archive lists at scale (measured on a 100,000-contact tenant). Lists only
 * see live rows, so the indexes are partial on `deleted_date IS NULL`, and carry the id the lists use to
 * break ties, so `$orderBy=name` with `$top`/`$skip` reads the index in order without a sort.
 */
export const schemaV5 = /* sql */ `
CREATE INDEX contacts_live_by_name ON contacts (context_identifier, name COLLATE NOCASE, contact_id) WHERE deleted_date IS NULL;
DROP INDEX contacts_by_name;
CREATE INDEX contacts_live_by_created ON contacts (context_identifier, created_date) WHERE deleted_date IS NULL;
`;
