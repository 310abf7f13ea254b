/**
 * Schema v16: user-defined fields (SuperOffice's UDefField table and its UDxxxSmall/Large value tables).
 * A field belongs to one owner entity (contact, person, project, sale, appointment, document) and is
 * known to apps by its ProgId, `SuperOffice:{udef_identity}` unless an app gave it one of its own.
 * New fields are on the admin layout only until published (`published`); a deleted field leaves the
 * published layout at the next publish (`pending_delete`).
 *
 * Values are one row per (record, field), typed as the field is (the column has no type, so SQLite keeps each value's own): INTEGER for numbers, list item ids and
 * check boxes (0/1), REAL for decimals, TEXT for texts and dates ('YYYY-MM-DD'). No row: the field is empty.
 * Like SuperOffice's udef tables they are child rows of the entity: writing them raises no root-table change.
 */
export const schemaV16 = /* sql */ `
CREATE TABLE udef_fields (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  udef_field_id      INTEGER NOT NULL,
  owner              TEXT NOT NULL,
  udef_identity      INTEGER NOT NULL,
  prog_id            TEXT NOT NULL DEFAULT '',
  field_type         INTEGER NOT NULL,
  label              TEXT NOT NULL,
  short_label        TEXT NOT NULL DEFAULT '',
  tooltip            TEXT NOT NULL DEFAULT '',
  text_length        INTEGER NOT NULL DEFAULT 0,
  list_name          TEXT,
  field_default      TEXT NOT NULL DEFAULT '',
  is_mandatory       INTEGER NOT NULL DEFAULT 0,
  is_read_only       INTEGER NOT NULL DEFAULT 0,
  is_indexed         INTEGER NOT NULL DEFAULT 0,
  hide_label         INTEGER NOT NULL DEFAULT 0,
  tab_order          INTEGER NOT NULL DEFAULT 0,
  published          INTEGER NOT NULL DEFAULT 0,
  pending_delete     INTEGER NOT NULL DEFAULT 0,
  version            INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (context_identifier, udef_field_id)
);
CREATE UNIQUE INDEX udef_fields_by_identity ON udef_fields (context_identifier, owner, udef_identity);
CREATE TABLE udef_values (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  owner              TEXT NOT NULL,
  record_id          INTEGER NOT NULL,
  udef_field_id      INTEGER NOT NULL,
  value,
  PRIMARY KEY (context_identifier, owner, record_id, udef_field_id)
) WITHOUT ROWID;
CREATE INDEX udef_values_by_field ON udef_values (context_identifier, udef_field_id, value);
`;
