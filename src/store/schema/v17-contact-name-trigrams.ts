/**
 * Schema v17: a trigram index of company names (SQLite FTS5 with the `trigram` tokenizer), so that an archive
 * `name contains 'xyz'` on a 100,000-contact tenant finds its candidates in the index instead of reading every
 * name (issue #19: 17 ms as a scan). External content: the index keeps no copy of the names, only their
 * trigrams keyed by the contacts row's rowid, and the triggers keep it in step with every insert, delete and
 * rename. (Rowids of a table without an INTEGER PRIMARY KEY change only on VACUUM, which the store never runs;
 * store images are page copies and keep them.) The index only narrows: the list query still applies its own
 * `LIKE` to every candidate, so the rows are exactly those of the scan (see src/store/archive-queries.ts).
 */
export const schemaV17 = /* sql */ `
CREATE VIRTUAL TABLE contacts_name_trigram USING fts5(name, content = 'contacts', content_rowid = 'rowid', tokenize = 'trigram');
INSERT INTO contacts_name_trigram (contacts_name_trigram) VALUES ('rebuild');
CREATE TRIGGER contacts_name_trigram_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_name_trigram (rowid, name) VALUES (new.rowid, new.name);
END;
CREATE TRIGGER contacts_name_trigram_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_name_trigram (contacts_name_trigram, rowid, name) VALUES ('delete', old.rowid, old.name);
END;
CREATE TRIGGER contacts_name_trigram_rename AFTER UPDATE OF name ON contacts BEGIN
  INSERT INTO contacts_name_trigram (contacts_name_trigram, rowid, name) VALUES ('delete', old.rowid, old.name);
  INSERT INTO contacts_name_trigram (rowid, name) VALUES (new.rowid, new.name);
END;
`;
