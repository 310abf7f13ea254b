import type { ArchiveColumn, ArchiveProvider } from "./providers/provider.js";

/** What `$metadata` and `GetAvailableColumns` say about a column (docs: api/search/odata/metadata.md). */
export function columnInfo(column: ArchiveColumn) {
  const restriction: Record<ArchiveColumn["type"], string> = {
    int: "int",
    decimal: "decimal",
    string: "string",
    bool: "bool",
    list: "listAny",
    associate: "associate",
    date: "date",
    datetime: "datetime",
  };
  return {
    // No resource strings here: the column's own name is its display name.
    DisplayName: column.name,
    DisplayTooltip: "",
    DisplayType: column.type === "bool" ? "checkbox" : column.type === "list" || column.type === "associate" ? "string" : column.type,
    CanOrderBy: true,
    Name: column.name,
    CanRestrictBy: true,
    RestrictionType: restriction[column.type],
    RestrictionListName: column.list ?? null,
    IsVisible: true,
    ExtraInfo: "",
    Width: "",
    IconHint: "",
    HeadingIconHint: "",
  };
}

/** GetAll and GetNone, the special restrictions every provider takes. */
const SPECIAL = [
  { ...columnInfo({ name: "getAllRows", type: "bool", sql: "" }), DisplayName: "GetAll", CanOrderBy: false, IsVisible: false },
  { ...columnInfo({ name: "getNoRows", type: "bool", sql: "" }), DisplayName: "GetNone", CanOrderBy: false, IsVisible: false },
];

export function providerColumns(provider: ArchiveProvider) {
  return [...SPECIAL, ...provider.columns.map(columnInfo)];
}
