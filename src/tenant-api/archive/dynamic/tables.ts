import type { TableShape } from "../../../store/archive-queries.js";
import { SUPEROFFICE_COLUMNS } from "../../../store/superoffice-columns.js";
import { LIST_NAMES } from "../../../store/list-catalogue.js";
import type { ColumnType } from "../providers/provider.js";

/**
 * The tables the `dynamic` provider reaches (SuperOffice's dot syntax, `contact.category_idx.name`), by the
 * names SuperOffice's database reference gives tables and columns. Built from the database's own shape
 * (so a table another part of the emulator adds — projects, documents, user-defined tables — appears when it
 * exists) and the emulator→SuperOffice column names of store/superoffice-columns.ts.
 *
 * Every SQL fragment here is from the emulator's schema, never from a request: table and column names come
 * from sqlite_master and are checked to be plain identifiers before use.
 */
export interface DynamicColumn {
  /** SuperOffice's name (`category_idx`). */
  name: string;
  /** The emulator's column in `table`. */
  column: string;
  type: ColumnType;
  /** The SuperOffice table this column is a foreign key to (`category`), when that table exists. */
  references?: string;
}

export interface DynamicTable {
  /** SuperOffice's table name: contact, person, category, webhook_usage, … */
  name: string;
  /** `EntityName` of its rows. */
  entityName: string;
  /** The emulator's table. */
  table: string;
  /** The emulator's primary key column (an integer, unique within a tenant and `condition`). */
  key: string;
  /** Which rows of `table` are this table's (list tables share list_items), as SQL over an alias. */
  condition: (alias: string) => string;
  columns: DynamicColumn[];
}

type Rename = Readonly<Record<string, string | null>>;

/** SuperOffice's list tables and the emulator's list names (salestage is SuperOffice's probability table). */
const LIST_TABLES: Record<string, string> = Object.fromEntries(LIST_NAMES.map((l) => [l === "salestage" ? "probability" : l, l]));

/** Foreign keys by SuperOffice column name: the table each refers to. */
const FOREIGN_KEYS: Record<string, string> = {
  category_idx: "category",
  business_idx: "business",
  country_id: "country",
  currency_id: "currency",
  position_idx: "position",
  task_idx: "task",
  probability_idx: "probability",
  saleType_id: "saletype",
  source_id: "source",
  associate_id: "associate",
  registered_associate_id: "associate",
  updated_associate_id: "associate",
  contact_id: "contact",
  person_id: "person",
  appointment_id: "appointment",
  sale_id: "sale",
  project_id: "project",
  document_id: "document",
};

/** Tables of other parts of the emulator, used with their own column names when they exist. */
const GENERIC: Record<string, string> = { project: "projects", document: "documents", projectmember: "project_members" };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DATES = /(^|_)(date|registered|updated|deleted|saledate|do_by)$|Date$/;

function typeOf(column: string, soName: string, declared: string): ColumnType {
  if (column === "birth_date") return "date";
  // Dates are stored as text; an integer `deleted` is a flag (associates, list items), not a date.
  if (/INT/i.test(declared)) return "int";
  if (DATES.test(column) || DATES.test(soName)) return "datetime";
  if (/REAL|NUM|DEC|FLOA|DOUB/i.test(declared)) return "decimal";
  return "string";
}

function columnsOf(shape: TableShape, rename: Rename, keep: (name: string) => boolean = () => true): DynamicColumn[] {
  const out: DynamicColumn[] = [];
  const seen = new Set<string>();
  for (const c of shape.columns) {
    if (c.name === "context_identifier" || !IDENTIFIER.test(c.name)) continue;
    const name = Object.hasOwn(rename, c.name) ? rename[c.name] : c.name;
    if (!name || seen.has(name.toLowerCase()) || !keep(c.name)) continue;
    seen.add(name.toLowerCase());
    out.push({ name, column: c.name, type: typeOf(c.name, name, c.type) });
  }
  return out;
}

const live = (shape: TableShape) => (alias: string) => (shape.columns.some((c) => c.name === "deleted_date") ? `${alias}.deleted_date IS NULL` : "1 = 1");

function build(shapes: ReadonlyMap<string, TableShape>): Map<string, DynamicTable> {
  const tables: DynamicTable[] = [];
  const add = (name: string, table: string, key: string, rename: Rename, opts: { entityName?: string; condition?: (a: string) => string; keep?: (c: string) => boolean } = {}) => {
    const shape = shapes.get(table);
    if (!shape || !shape.columns.some((c) => c.name === key)) return;
    tables.push({ name, entityName: opts.entityName ?? name, table, key, condition: opts.condition ?? live(shape), columns: columnsOf(shape, rename, opts.keep) });
  };
  const crm = { contact: "contacts", person: "persons", appointment: "appointments", sale: "sales" } as const;
  for (const [name, table] of Object.entries(crm)) add(name, table, `${name}_id`, SUPEROFFICE_COLUMNS[name as keyof typeof crm]);
  add("associate", "associates", "associate_id", { group_id: "group_idx", user_id: null, is_administrator: null });
  for (const [name, list] of Object.entries(LIST_TABLES)) {
    add(name, "list_items", "item_id", { item_id: `${name}_id`, list_name: null, attributes: null }, {
      entityName: name[0]!.toUpperCase() + name.slice(1),
      // The list's name is the emulator's own constant, never request text.
      condition: (a) => `${a}.list_name = '${list}'`,
    });
  }
  // SuperOffice keeps a webhook's definition and its usage counters in two tables; the emulator in one.
  const usage = new Set(["webhook_id", "total_calls", "total_errors", "consecutive_errors", "last_error"]);
  add("webhook", "webhooks", "webhook_id", { secret: null, headers: null, client_id: null, registered_associate_id: "registered_associate_id" }, { keep: (c) => !usage.has(c) || c === "webhook_id" });
  add("webhook_usage", "webhooks", "webhook_id", { webhook_id: "webhook_usage_id" }, { keep: (c) => usage.has(c) });
  for (const [name, table] of Object.entries(GENERIC)) {
    const shape = shapes.get(table);
    const key = shape?.columns.find((c) => c.name === `${name}_id` || c.name === `${table.replace(/s$/, "")}_id`)?.name;
    // Their SuperOffice column names when the change feed knows them (store/superoffice-columns.ts).
    if (key) add(name, table, key, (SUPEROFFICE_COLUMNS as Partial<Record<string, Rename>>)[name] ?? {});
  }
  // User-defined field tables (udcontactsmall, …), if the emulator keeps them, under their own names.
  for (const [table, shape] of shapes) {
    const key = shape.columns.find((c) => /_id$/.test(c.name) && c.name !== "context_identifier")?.name;
    if (/^ud/.test(table) && key) add(table, table, key, {});
  }

  const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
  for (const t of tables) {
    for (const c of t.columns) {
      const target = FOREIGN_KEYS[c.name];
      if (target && byName.has(target) && c.column !== t.key) c.references = target;
    }
  }
  return byName;
}

const cache = new WeakMap<ReadonlyMap<string, TableShape>, Map<string, DynamicTable>>();

/** The dynamic provider's tables by lower-cased SuperOffice name, for the database's current shape. */
export function dynamicTables(shapes: ReadonlyMap<string, TableShape>): ReadonlyMap<string, DynamicTable> {
  let tables = cache.get(shapes);
  if (!tables) cache.set(shapes, (tables = build(shapes)));
  return tables;
}

/** A column of a table by SuperOffice's name, in any case. */
export function dynamicColumn(table: DynamicTable, name: string): DynamicColumn | undefined {
  const lower = name.toLowerCase();
  return table.columns.find((c) => c.name.toLowerCase() === lower);
}
