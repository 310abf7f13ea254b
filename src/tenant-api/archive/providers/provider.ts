/**
 * An archive provider (netserver.md §5.1, §5.5): the rows a list endpoint searches and the columns apps
 * put in `$select`, `$filter` and `$orderBy`. Providers differ in data only; one query builder serves all.
 */
export type ColumnType = "int" | "decimal" | "string" | "bool" | "list" | "associate" | "date" | "datetime";

export interface ArchiveColumn {
  /** The name apps use, in SuperOffice's case (matched case-insensitively); nested columns contain `/`. */
  name: string;
  /** Other names for the same column (e.g. `number` for SimpleContact's Number2). */
  aliases?: readonly string[];
  type: ColumnType;
  /** SQL expression over the provider's `from`, yielding the raw value (ids for list and associate columns; stored UTC text for dates). */
  sql: string;
  /** For list and associate columns: SQL yielding the display value Slim mode shows (item name, associate initials). */
  displaySql?: string;
  /** For list columns: which tenant list the ids belong to (for `oneOf` by name is not supported; ids only). */
  list?: string;
  /**
   * A trigram index of this column's text (an FTS5 table of the store and its column there) and the SQL of the
   * indexed table's rowid, for `contains` to narrow its candidates with (src/store/archive-queries.ts TextCandidates).
   * For two-character needles (schema v19): the indexed table (`content`, whose column of the same name has an
   * index on `context_identifier, lower(substr(column, -2))`) and the index's vocabulary (`terms`, fts5vocab).
   */
  trigram?: { table: string; column: string; rowid: string; content: string; terms: string };
}

export interface ArchiveProvider {
  /** As in `v1/Archive/{provider}`: SimpleContact, Person, FindAppointment, FindSale, InternalUsers. */
  name: string;
  /** `EntityName` of each row: contact, person, appointment, sale, associate. */
  entityName: string;
  /** FROM clause with every join the columns need; tables aliased. */
  from: string;
  /** Rows of the tenant that are visible (the tenant is the named parameter `@ctx`): e.g. not soft-deleted. */
  where: string;
  /** SQL of the primary key (an integer). */
  primaryKey: string;
  /** SQL of the rowid of the first table of `from`, when each row is one row of it (see ArchiveQuery.baseRowid). */
  baseRowid?: string;
  columns: readonly ArchiveColumn[];
  /** Columns shown when `$select` is absent. */
  defaultSelect: readonly string[];
  /** Order when `$orderBy` is absent (SQL). */
  defaultOrder: string;
}
