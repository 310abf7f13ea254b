/**
 * Schema v9: ArchiveAgent's per-user archive configurations (GetArchiveConfiguration, SetChosenColumns,
 * SetChosenEntities, SetColumnWidths). A configuration is keyed by the user, the provider name as the app
 * spells it (lower-cased), the GUI name, and V2's context and owner keys; a NULL choice means "the
 * provider's defaults". SetColumnWidths without a provider stores its widths under provider name ''.
 */
export const schemaV9 = /* sql */ `
CREATE TABLE archive_configurations (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  associate_id       INTEGER NOT NULL,
  provider_name      TEXT NOT NULL,
  gui_name           TEXT NOT NULL,
  archive_context    TEXT NOT NULL DEFAULT '',
  owner_keys         TEXT NOT NULL DEFAULT '',
  chosen_columns     TEXT,
  chosen_entities    TEXT,
  column_widths      TEXT,
  PRIMARY KEY (context_identifier, associate_id, provider_name, gui_name, archive_context, owner_keys)
) WITHOUT ROWID;
`;
