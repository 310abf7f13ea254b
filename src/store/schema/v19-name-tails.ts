/**
 * Schema v19: what a two-character `contains` needs to use the trigram indexes of v17/v18 (issue #19: `name
 * contains 'ab'` read all 100,000 names of a tenant). Every occurrence of a 2-character needle in a text lies
 * in a trigram that begins with it, except one at the very end of the text (and a text of two characters has
 * no trigram at all). So the candidates are the rows of the index's trigrams that begin with the needle, found
 * in the index's vocabulary (an fts5vocab table: one row per indexed occurrence, in term order, so a seek to
 * the needle lists those trigrams without reading their rows), plus the rows whose last two characters are the
 * needle, from an index on that tail. `lower()` folds A-Z only, as LIKE does. The tails cost one index entry
 * per insert (and rename); they are not partial, so a soft delete writes nothing to them. The list query still
 * applies its own LIKE to every candidate (src/store/archive-queries.ts).
 */
export const schemaV19 = /* sql */ `
CREATE VIRTUAL TABLE contacts_name_trigram_terms USING fts5vocab(contacts_name_trigram, instance);
CREATE VIRTUAL TABLE persons_name_trigram_terms USING fts5vocab(persons_name_trigram, instance);
CREATE INDEX contacts_name_tail ON contacts (context_identifier, lower(substr(name, -2)));
CREATE INDEX persons_firstname_tail ON persons (context_identifier, lower(substr(firstname, -2)));
CREATE INDEX persons_lastname_tail ON persons (context_identifier, lower(substr(lastname, -2)));
`;
