/**
 * Schema v15: what apps provision into a tenant's lists (issue #15).
 * - `ud_lists`: user-defined list definitions (SuperOffice's udlistdefinition); their items live in
 *   `list_items` under the list name `udlist:{id}`, so every list reads the same way.
 * - `list_item_groups`: the user groups a list item is offered to. No rows for an item: every group
 *   sees it (a new item's default in SuperOffice); rows: only those groups (group 0 alone: none).
 * - `web_panels`: web panels, each owned by the app (client id) that created it; NULL owner for
 *   panels made outside any app (none today).
 */
export const schemaV15 = /* sql */ `
CREATE TABLE ud_lists (
  context_identifier      TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  list_id                 INTEGER NOT NULL,
  name                    TEXT NOT NULL,
  tooltip                 TEXT NOT NULL DEFAULT '',
  rank                    INTEGER NOT NULL DEFAULT 0,
  deleted                 INTEGER NOT NULL DEFAULT 0,
  use_groups_and_headings INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (context_identifier, list_id)
);

CREATE TABLE list_item_groups (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  list_name          TEXT NOT NULL,
  item_id            INTEGER NOT NULL,
  group_id           INTEGER NOT NULL,
  PRIMARY KEY (context_identifier, list_name, item_id, group_id)
);

CREATE TABLE web_panels (
  context_identifier TEXT NOT NULL REFERENCES tenants ON DELETE CASCADE,
  web_panel_id       INTEGER NOT NULL,
  owner_client_id    TEXT,
  name               TEXT NOT NULL,
  prog_id            TEXT NOT NULL DEFAULT '',
  url                TEXT NOT NULL DEFAULT '',
  visible_in         TEXT NOT NULL DEFAULT 'Invisible',
  rank               INTEGER NOT NULL DEFAULT 0,
  deleted            INTEGER NOT NULL DEFAULT 0,
  settings           TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (context_identifier, web_panel_id)
);
CREATE INDEX web_panels_by_owner ON web_panels (context_identifier, owner_client_id);
`;
