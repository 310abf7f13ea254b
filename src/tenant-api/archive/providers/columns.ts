import type { ArchiveColumn, ArchiveProvider, ColumnType } from "./provider.js";

/**
 * Building blocks for the provider catalogues: column constructors, join snippets and the SQL for
 * composite values (full names, "name, department", the first element of a phone/e-mail collection).
 *
 * A `Part` is a group of columns with the joins they need. Groups nest (`contact/…` inside
 * FindAppointment, `contactAssociate/…` inside a contact), so a part's joins are keyed by alias:
 * the same join reached twice is emitted once. Every join is a LEFT JOIN on a unique key, so SQLite
 * leaves out the ones a query's columns do not use.
 */
export interface Part {
  joins: string[];
  columns: ArchiveColumn[];
}

type Extra = Pick<ArchiveColumn, "aliases" | "displaySql" | "list" | "trigram">;
const make =
  (type: ColumnType) =>
  (name: string, sql: string, extra: Extra = {}): ArchiveColumn => ({ name, type, sql, ...extra });

export const int = make("int");
export const dec = make("decimal");
export const str = make("string");
export const bool = make("bool");
export const date = make("date");
export const datetime = make("datetime");

/** A list column: the raw value is the item id, the display value the joined item's name. */
export const list = (name: string, sql: string, join: string, listName: string): ArchiveColumn => ({
  name,
  type: "list",
  sql,
  displaySql: `${join}.name`,
  list: listName,
});

/** An associate column: the raw value is the associate id, the display value its Name (initials). */
export const assoc = (name: string, sql: string, join: string): ArchiveColumn => ({ name, type: "associate", sql, displaySql: `${join}.name` });

/** The `…FullName` variant of an associate column: same id, displayed as the associate's full name. */
export const assocFull = (name: string, sql: string, join: string): ArchiveColumn => ({
  name,
  type: "associate",
  sql,
  displaySql: fullName(`${join}.first_name`, "''", `${join}.last_name`),
});

/**
 * A constant 0 that is not an integer literal: `ORDER BY 0` would mean "the 0th result column" to SQLite.
 * Constant columns spell their numbers this way so a query builder can order by any column's SQL.
 */
export const ZERO = "CAST(0 AS INTEGER)";

/**
 * Who registered and updated a row, and when: the same six columns on every provider, from a row alias and
 * the aliases of its creator's and updater's associate joins.
 */
export const stampColumns = (row: string, reg = "reg", upd = "upd"): ArchiveColumn[] => [
  assoc("registeredBy", `${row}.created_by`, reg),
  assocFull("registeredByFullName", `${row}.created_by`, reg),
  date("registeredDate", `${row}.created_date`),
  assoc("updatedBy", `${row}.updated_by`, upd),
  assocFull("updatedByFullName", `${row}.updated_by`, upd),
  date("updatedDate", `${row}.updated_date`),
];

/**
 * Columns whose values the emulator does not store (interests, ERP links, priorities, stop flags, …):
 * a constant of the column's type, so selecting, ordering and filtering them works and matches what an
 * empty value would in SuperOffice.
 */
export const unstored = {
  bool: (name: string) => bool(name, ZERO),
  int: (name: string) => int(name, "NULL"),
  str: (name: string) => str(name, "''"),
  date: (name: string) => date(name, "NULL"),
  list: (name: string, listName?: string): ArchiveColumn => ({ name, type: "list", sql: "NULL", displaySql: "NULL", ...(listName ? { list: listName } : {}) }),
};

/** `LEFT JOIN {table} {alias}` on the parent's tenant and `{alias}.{key} = {idSql}`. */
export const leftJoin = (table: string, alias: string, parent: string, key: string, idSql: string, extra = "") =>
  `LEFT JOIN ${table} ${alias} ON ${alias}.context_identifier = ${parent}.context_identifier AND ${alias}.${key} = ${idSql}${extra}`;

export const listJoin = (alias: string, listName: string, parent: string, idSql: string) =>
  `LEFT JOIN list_items ${alias} ON ${alias}.context_identifier = ${parent}.context_identifier AND ${alias}.list_name = '${listName}' AND ${alias}.item_id = ${idSql}`;

export const assocJoin = (alias: string, parent: string, idSql: string) => leftJoin("associates", alias, parent, "associate_id", idSql);

/** Soft-deleted contacts and persons are invisible everywhere: references to them resolve to nothing. */
export const contactJoin = (alias: string, parent: string, idSql: string) =>
  leftJoin("contacts", alias, parent, "contact_id", idSql, ` AND ${alias}.deleted_date IS NULL`);
export const personJoin = (alias: string, parent: string, idSql: string) =>
  leftJoin("persons", alias, parent, "person_id", idSql, ` AND ${alias}.deleted_date IS NULL`);

/** "first middle last" without double spaces (NULL when the row is missing). */
export const fullName = (first: string, middle: string, last: string) =>
  `trim(${first} || CASE WHEN ${middle} <> '' THEN ' ' || ${middle} ELSE '' END || CASE WHEN ${last} <> '' THEN ' ' || ${last} ELSE '' END)`;

/** "name, department", or the name alone when there is no department. */
export const nameDepartment = (c: string) => `CASE WHEN ${c}.department <> '' THEN ${c}.name || ', ' || ${c}.department ELSE ${c}.name END`;

/** A field of the first element of a JSON collection of {Value, Description}; '' when empty. */
export const first = (json: string, field: "Value" | "Description" = "Value") => `COALESCE(json_extract(${json}, '$[0].${field}'), '')`;

/** Prefixes a group's column names (and aliases) with `group/`. */
export function nest(prefix: string, part: Part): Part {
  if (!prefix) return part;
  return {
    joins: part.joins,
    columns: part.columns.map((c) => Object.assign({}, c, { name: prefix + c.name }, c.aliases ? { aliases: c.aliases.map((a) => prefix + a) } : {})),
  };
}

/** Joins and columns of several parts, each join once (first occurrence wins the position). */
export function combine(...parts: Part[]): Part {
  const joins: string[] = [];
  for (const part of parts) for (const join of part.joins) if (!joins.includes(join)) joins.push(join);
  return { joins, columns: parts.flatMap((p) => p.columns) };
}

/**
 * A provider from its root table, its parts and the rest of the contract. Its joins are LEFT JOINs on unique
 * keys, so each row is one row of the root table: the root's rowid identifies it (baseRowid).
 * The parts come as a function and are combined on first use of `from` or `columns`: building every
 * provider's column catalogue at module load was several ms of each start (#19), and a request that lists
 * contacts needs only the contact provider's.
 */
export function defineProvider(def: Omit<ArchiveProvider, "from" | "columns" | "baseRowid"> & { root: string; parts: () => Part[] }): ArchiveProvider {
  const { root, parts, ...rest } = def;
  let all: { from: string; columns: ArchiveProvider["columns"] } | undefined;
  const built = () => {
    if (!all) {
      const combined = combine(...parts());
      all = { from: [root, ...combined.joins].join("\n"), columns: combined.columns };
    }
    return all;
  };
  const alias = root.trim().split(/\s+/).at(-1)!;
  return Object.defineProperties(Object.assign(rest, { baseRowid: `${alias}.rowid` }) as ArchiveProvider, {
    from: { get: () => built().from, enumerable: true },
    columns: { get: () => built().columns, enumerable: true },
  });
}
