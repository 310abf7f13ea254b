import type { Db } from "./database.js";

export type CrmRow = Record<string, string | number | null>;

/** The CRM tables an entity description may name; nothing else reaches the SQL below. */
export type CrmTable = "contacts" | "persons" | "appointments" | "sales";

export interface ListItemRow {
  item_id: number;
  name: string;
  tooltip: string;
  rank: number;
  deleted: number;
  attributes: Record<string, string | number | boolean>;
}

export interface AssociateRow {
  associate_id: number;
  user_id: number | null;
  name: string;
  first_name: string;
  last_name: string;
  person_id: number | null;
  is_administrator: number;
  type: string;
  group_id: number;
  deleted: number;
}

/**
 * Row access for the tenant API, always scoped by ContextIdentifier: a tenant's request can only ever
 * reach its own rows. Statements are prepared once per distinct SQL text.
 */
export function crmRepository(db: Db) {
  const statements = new Map<string, ReturnType<Db["prepare"]>>();
  // Statements of varying SQL take any parameters; typed wrappers below pin what callers pass.
  const prepared = (sql: string): { get(...p: unknown[]): unknown; all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown } => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s as never;
  };
  const listItem = db.prepare<[string, string, number], Omit<ListItemRow, "attributes"> & { attributes: string }>(
    "SELECT item_id, name, tooltip, rank, deleted, attributes FROM list_items WHERE context_identifier = ? AND list_name = ? AND item_id = ?",
  );
  const listItems = db.prepare<[string, string], Omit<ListItemRow, "attributes"> & { attributes: string }>(
    "SELECT item_id, name, tooltip, rank, deleted, attributes FROM list_items WHERE context_identifier = ? AND list_name = ? ORDER BY rank, item_id",
  );
  const associate = db.prepare<[string, number], AssociateRow>("SELECT * FROM associates WHERE context_identifier = ? AND associate_id = ?");
  const associates = db.prepare<[string], AssociateRow>("SELECT * FROM associates WHERE context_identifier = ? ORDER BY associate_id");
  const nextId = db.prepare<[string, string], { id: number }>(
    "UPDATE id_sequences SET next_id = next_id + 1 WHERE context_identifier = ? AND entity = ? RETURNING next_id - 1 AS id",
  );
  const peekId = db.prepare<[string, string], number>("SELECT next_id FROM id_sequences WHERE context_identifier = ? AND entity = ?").pluck();
  const withAttributes = (r: Omit<ListItemRow, "attributes"> & { attributes: string }): ListItemRow => ({ ...r, attributes: JSON.parse(r.attributes) });

  return {
    get(table: CrmTable, idColumn: string, ctx: string, id: number, includeDeleted = false): CrmRow | undefined {
      const live = table === "contacts" || table === "persons" ? (includeDeleted ? "" : " AND deleted_date IS NULL") : "";
      return prepared(`SELECT * FROM ${table} WHERE context_identifier = ? AND ${idColumn} = ?${live}`).get(ctx, id) as CrmRow | undefined;
    },
    /** Rows whose `column` equals `value`, e.g. a contact's persons. */
    where(table: CrmTable, column: string, ctx: string, value: number): CrmRow[] {
      const live = table === "contacts" || table === "persons" ? " AND deleted_date IS NULL" : "";
      return prepared(`SELECT * FROM ${table} WHERE context_identifier = ? AND ${column} = ?${live} ORDER BY rowid`).all(ctx, value) as CrmRow[];
    },
    /** Live companies whose name contains `needle` (any case, Unicode-aware), by name, at most `limit`. */
    contactsNamed(ctx: string, needle: string, limit: number): { contact_id: number; name: string; department: string }[] {
      return prepared(
        "SELECT contact_id, name, department FROM contacts WHERE context_identifier = ? AND deleted_date IS NULL AND instr(unicode_lower(name), unicode_lower(?)) > 0 ORDER BY name COLLATE NOCASE, contact_id LIMIT ?",
      ).all(ctx, needle, limit) as { contact_id: number; name: string; department: string }[];
    },
    insert(table: CrmTable, row: CrmRow): void {
      const columns = Object.keys(row);
      prepared(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`).run(row);
    },
    update(table: CrmTable, idColumn: string, ctx: string, id: number, changes: CrmRow): void {
      const columns = Object.keys(changes).filter((c) => c !== "context_identifier" && c !== idColumn);
      if (columns.length === 0) return;
      prepared(`UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(", ")} WHERE context_identifier = @__ctx AND ${idColumn} = @__id`).run({
        ...Object.fromEntries(columns.map((c) => [c, changes[c]])),
        __ctx: ctx,
        __id: id,
      });
    },
    remove(table: CrmTable, idColumn: string, ctx: string, id: number): void {
      prepared(`DELETE FROM ${table} WHERE context_identifier = ? AND ${idColumn} = ?`).run(ctx, id);
    },
    /** Clears references to a removed row (`appointments.sale_id = 7` → NULL). */
    clearReferences(table: CrmTable, column: string, ctx: string, id: number): void {
      prepared(`UPDATE ${table} SET ${column} = NULL WHERE context_identifier = ? AND ${column} = ?`).run(ctx, id);
    },
    nextId(ctx: string, entity: string): number {
      const row = nextId.get(ctx, entity);
      if (!row) throw new Error(`no id sequence ${entity} for ${ctx}`);
      return row.id;
    },
    /** The id the next nextId() will hand out, without taking it. */
    peekId(ctx: string, entity: string): number {
      const id = peekId.get(ctx, entity);
      if (id === undefined) throw new Error(`no id sequence ${entity} for ${ctx}`);
      return id;
    },
    listItem(ctx: string, list: string, id: number): ListItemRow | undefined {
      const r = listItem.get(ctx, list, id);
      return r && withAttributes(r);
    },
    listItems: (ctx: string, list: string): ListItemRow[] => listItems.all(ctx, list).map(withAttributes),
    associate: (ctx: string, id: number): AssociateRow | undefined => associate.get(ctx, id),
    associates: (ctx: string): AssociateRow[] => associates.all(ctx),
  };
}

export type CrmRepository = ReturnType<typeof crmRepository>;
