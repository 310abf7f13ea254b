/**
 * Schema v18: a trigram index of person first and last names, as v17 indexes company names, so that the
 * Person archive's `firstName contains …` / `lastName contains …` on a 100,000-person tenant narrow their
 * candidates in the index (issue #19). External content keyed by the persons row's rowid, kept in step by
 * triggers; the list query still applies its own `LIKE`, so the rows are exactly those of the scan.
 */
export const schemaV18 = /* sql */ `
CREATE VIRTUAL TABLE persons_name_trigram USING fts5(firstname, lastname, content = 'persons', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO persons_name_trigram (persons_name_trigram) VALUES ('rebuild');
CREATE TRIGGER persons_name_trigram_insert AFTER INSERT ON persons BEGIN
  INSERT INTO persons_name_trigram (rowid, firstname, lastname) VALUES (new.rowid, new.firstname, new.lastname);
END;
CREATE TRIGGER persons_name_trigram_delete AFTER DELETE ON persons BEGIN
  INSERT INTO persons_name_trigram (persons_name_trigram, rowid, firstname, lastname) VALUES ('delete', old.rowid, old.firstname, old.lastname);
END;
CREATE TRIGGER persons_name_trigram_rename AFTER UPDATE OF firstname, lastname ON persons BEGIN
  INSERT INTO persons_name_trigram (persons_name_trigram, rowid, firstname, lastname) VALUES ('delete', old.rowid, old.firstname, old.lastname);
  INSERT INTO persons_name_trigram (rowid, firstname, lastname) VALUES (new.rowid, new.firstname, new.lastname);
END;
`;
