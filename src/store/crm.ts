import type { Clock } from "../shared/clock.js";
import type { ChangeKind, ChangeRecorder, CrmEntity } from "./change-feed.js";
import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";
import type { CrmChanges, CrmColumn, CrmIdColumns, CrmTable, CrmTableRows, CrmValue, CrmValues } from "./crm-rows.js";
import { superOfficeColumns } from "./superoffice-columns.js";
import { watchedCache } from "./watched-cache.js";

export type * from "./crm-rows.js";

/** Each CRM table's entity on the change feed and its key column. */
export const CRM_TABLES: Readonly<Record<CrmTable, { entity: CrmEntity; idColumn: string }>> = {
  contacts: { entity: "contact", idColumn: "contact_id" },
  persons: { entity: "person", idColumn: "person_id" },
  appointments: { entity: "appointment", idColumn: "appointment_id" },
  sales: { entity: "sale", idColumn: "sale_id" },
  projects: { entity: "project", idColumn: "project_id" },
  project_members: { entity: "projectmember", idColumn: "projectmember_id" },
  documents: { entity: "document", idColumn: "document_id" },
};

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
 * reach its own rows. Statements are prepared once per distinct SQL text. Every write names the associate
 * who made it (`actor`, 0 for the system) and is recorded on the change feed (change-feed.ts), inside the
 * caller's transaction when there is one.
 */
export function crmRepository(db: Db, feed: ChangeRecorder, clock: Clock) {
  const statements = new Map<string, ReturnType<Db["prepare"]>>();
  // Statements of varying SQL take any parameters; typed wrappers below pin what callers pass.
  const prepared = (sql: string): { get(...p: unknown[]): unknown; all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown } => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = db.prepare(sql)));
    return s as never;
  };
  const listItem = prepareOnUse<[string, string, number], Omit<ListItemRow, "attributes"> & { attributes: string }>(
    db,
    "SELECT item_id, name, tooltip, rank, deleted, attributes FROM list_items WHERE context_identifier = ? AND list_name = ? AND item_id = ?",
  );
  const setListItemDeleted = prepareOnUse<[number, string, string, number]>(db, "UPDATE list_items SET deleted = ? WHERE context_identifier = ? AND list_name = ? AND item_id = ?");
  const listItems = prepareOnUse<[string, string], Omit<ListItemRow, "attributes"> & { attributes: string }>(
    db,
    "SELECT item_id, name, tooltip, rank, deleted, attributes FROM list_items WHERE context_identifier = ? AND list_name = ? ORDER BY rank, item_id",
  );
  const associate = prepareOnUse<[string, number], AssociateRow>(db, "SELECT * FROM associates WHERE context_identifier = ? AND associate_id = ?");
  const associates = prepareOnUse<[string], AssociateRow>(db, "SELECT * FROM associates WHERE context_identifier = ? ORDER BY associate_id");
  const nextId = prepareOnUse<[string, string], { id: number }>(
    db,
    "UPDATE id_sequences SET next_id = next_id + 1 WHERE context_identifier = ? AND entity = ? RETURNING next_id - 1 AS id",
  );
  const peekId = prepareOnUse<[string, string], number>(db, "SELECT next_id FROM id_sequences WHERE context_identifier = ? AND entity = ?").pluck();
  // Entities show their owner, creator, category, country … on every read and write: cached until those tables change.
  const listItemCache = watchedCache<ListItemRow | undefined>(db, ["list_items"]);
  const associateCache = watchedCache<AssociateRow | undefined>(db, ["associates"]);
  const withAttributes = (r: Omit<ListItemRow, "attributes"> & { attributes: string }): ListItemRow => Object.assign(r, { attributes: JSON.parse(r.attributes) });
  const readRow = (table: CrmTable, ctx: string, id: number) =>
    prepared(`SELECT * FROM ${table} WHERE context_identifier = ? AND ${CRM_TABLES[table].idColumn} = ?`).get(ctx, id) as CrmValues | undefined;
  const record = (table: CrmTable, row: CrmValues, kind: ChangeKind, columns: string[], actor: number, status?: { from: string; to: string }) => {
    const { entity, idColumn } = CRM_TABLES[table];
    feed.record({ contextIdentifier: String(row.context_identifier), entity, id: Number(row[idColumn]), kind, changes: superOfficeColumns(entity, columns), status, associateId: actor, at: clock.now(), row });
  };
  // A save stamps `updated` even when it lands in the same second as the last one (NetServer touches
  // contact.updated on every save), so the stamp columns count as changed whenever they were written.
  const STAMPS = ["updated_date", "updated_by"];
  const recordUpdate = (table: CrmTable, before: CrmValues, after: CrmValues, written: string[], actor: number) => {
    const changed = Object.keys(after).filter((c) => after[c] !== before[c] || (STAMPS.includes(c) && written.includes(c)));
    if (changed.length === 0) return;
    const deleted = "deleted_date" in after && before.deleted_date !== after.deleted_date;
    const kind: ChangeKind = deleted ? (after.deleted_date === null ? "undeleted" : "softdeleted") : "changed";
    const status = table === "sales" && before.status !== after.status ? { from: String(before.status), to: String(after.status) } : undefined;
    record(table, after, kind, changed, actor, status);
  };

  /** Changes columns of one row; a change of `deleted_date` is reported as a soft delete or undelete. */
  const update = (table: CrmTable, idColumn: string, ctx: string, id: number, changes: CrmValues, actor = 0): void => {
    const columns = Object.keys(changes).filter((c) => c !== "context_identifier" && c !== idColumn);
    if (columns.length === 0) return;
    // The read before is a plain SELECT and the UPDATE one statement that answers the row as stored after
    // it (RETURNING *): nothing to undo if it fails, so no savepoint inside the caller's transaction.
    feed.atomic(() => {
      const before = readRow(table, ctx, id);
      if (!before) return;
      const after = prepared(
        `UPDATE ${table} SET ${columns.map((c) => `${c} = @${c}`).join(", ")} WHERE context_identifier = @__ctx AND ${idColumn} = @__id RETURNING *`,
      ).get(Object.assign(Object.fromEntries(columns.map((c) => [c, changes[c]])), { __ctx: ctx, __id: id })) as CrmValues | undefined;
      if (after) recordUpdate(table, before, after, columns, actor);
    });
  };

  /** The document's updated stamp for a content write, without a `changed`: the write is one `edited`. */
  const stampEdited = (ctx: string, documentId: number, stamp: { updated_date: string; updated_by: number }, actor: number) => {
    prepared("UPDATE documents SET updated_date = ?, updated_by = ? WHERE context_identifier = ? AND document_id = ?").run(stamp.updated_date, stamp.updated_by, ctx, documentId);
    const row = readRow("documents", ctx, documentId);
    if (row) record("documents", row, "edited", ["updated_date", "updated_by"], actor);
  };

  return {
    // SELECT * of `table` answers that table's columns, so the row is typed by the table asked for.
    get<T extends CrmTable>(table: T, idColumn: CrmIdColumns[T], ctx: string, id: number, includeDeleted = false): CrmTableRows[T] | undefined {
      const live = table === "contacts" || table === "persons" ? (includeDeleted ? "" : " AND deleted_date IS NULL") : "";
      return prepared(`SELECT * FROM ${table} WHERE context_identifier = ? AND ${idColumn} = ?${live}`).get(ctx, id) as CrmTableRows[T] | undefined;
    },
    /** Rows whose `column` equals `value`, e.g. a contact's persons. */
    where<T extends CrmTable>(table: T, column: CrmColumn<T>, ctx: string, value: number): CrmTableRows[T][] {
      const live = table === "contacts" || table === "persons" ? " AND deleted_date IS NULL" : "";
      return prepared(`SELECT * FROM ${table} WHERE context_identifier = ? AND ${column} = ?${live} ORDER BY rowid`).all(ctx, value) as CrmTableRows[T][];
    },
    /** Live companies whose name contains `needle` (any case, Unicode-aware), by name, at most `limit`. */
    contactsNamed(ctx: string, needle: string, limit: number): { contact_id: number; name: string; department: string }[] {
      return prepared(
        "SELECT contact_id, name, department FROM contacts WHERE context_identifier = ? AND deleted_date IS NULL AND instr(unicode_lower(name), unicode_lower(?)) > 0 ORDER BY name COLLATE NOCASE, contact_id LIMIT ?",
      ).all(ctx, needle, limit) as { contact_id: number; name: string; department: string }[];
    },
    /**
     * Inserts a row; columns left out get their SQL default (a NOT NULL column without one must be given).
     * Answers the row as stored, a copy of its own: the event keeps the one it was given.
     */
    insert<T extends CrmTable>(table: T, row: CrmChanges<T>, actor = 0): CrmTableRows[T] {
      const values = columnValues(row);
      // One statement that answers the row as stored (SQL defaults filled in): the event's row and the
      // caller's without a second read, and nothing to undo if it fails, so no savepoint inside the caller's transaction.
      return feed.atomic(() => {
        const columns = Object.keys(values);
        const stored = prepared(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")}) RETURNING *`).get(values) as CrmValues;
        record(table, stored, "created", Object.keys(stored), actor);
        return Object.assign({}, stored) as CrmTableRows[T];
      });
    },
    update: <T extends CrmTable>(table: T, idColumn: CrmIdColumns[T], ctx: string, id: number, changes: CrmChanges<T>, actor = 0): void => update(table, idColumn, ctx, id, columnValues(changes), actor),
    /** Soft-deletes a company or person (netserver.md §10): stamps `deleted_date`, reported as a soft delete. */
    softDelete(table: "contacts" | "persons", ctx: string, id: number, when: string, actor = 0): void {
      update(table, CRM_TABLES[table].idColumn, ctx, id, { deleted_date: when }, actor);
    },
    /** Deletes a row for good (appointments and sales; contacts and persons only by the retention purge). */
    remove<T extends CrmTable>(table: T, idColumn: CrmIdColumns[T], ctx: string, id: number, actor = 0): void {
      feed.transaction(() => {
        const before = readRow(table, ctx, id);
        prepared(`DELETE FROM ${table} WHERE context_identifier = ? AND ${idColumn} = ?`).run(ctx, id);
        if (before) record(table, before, "deleted", [], actor);
      });
    },
    /** Clears references to a removed row (`appointments.sale_id = 7` → NULL); each row so changed is reported. */
    clearReferences<T extends CrmTable>(table: T, column: CrmColumn<T>, ctx: string, id: number, actor = 0): void {
      const { idColumn } = CRM_TABLES[table];
      feed.transaction(() => {
        const ids = prepared(`SELECT ${idColumn} FROM ${table} WHERE context_identifier = ? AND ${column} = ?`).all(ctx, id) as Record<string, number>[];
        for (const r of ids) update(table, idColumn, ctx, r[idColumn]!, { [column]: null }, actor);
      });
    },
    /**
     * Brings back a soft-deleted contact with the persons its deletion took along (persons deleted on their
     * own stay deleted). False when there is no such contact, deleted or not.
     */
    undeleteContact(ctx: string, id: number, actor = 0): boolean {
      const contact = readRow("contacts", ctx, id);
      if (!contact) return false;
      if (contact.deleted_date === null) return true;
      feed.transaction(() => {
        const persons = prepared("SELECT person_id FROM persons WHERE context_identifier = ? AND contact_id = ? AND deleted_with_contact = 1").all(ctx, id) as { person_id: number }[];
        for (const p of persons) update("persons", "person_id", ctx, p.person_id, { deleted_date: null, deleted_with_contact: 0 }, actor);
        update("contacts", "contact_id", ctx, id, { deleted_date: null }, actor);
      });
      return true;
    },
    /** Brings back a soft-deleted person. False when there is no such person, deleted or not. */
    undeletePerson(ctx: string, id: number, actor = 0): boolean {
      const person = readRow("persons", ctx, id);
      if (!person) return false;
      update("persons", "person_id", ctx, id, { deleted_date: null, deleted_with_contact: 0 }, actor);
      return true;
    },
    /** A document's bytes (documents.ts of the tenant API), kept apart from its row; seeded text reads as bytes too. */
    documentContent(ctx: string, documentId: number): { contentType: string; content: Buffer } | undefined {
      const r = prepared("SELECT content_type, CAST(content AS BLOB) AS content FROM document_content WHERE context_identifier = ? AND document_id = ?").get(ctx, documentId) as { content_type: string; content: Buffer } | undefined;
      return r && { contentType: r.content_type, content: r.content };
    },
    /**
     * Writes a document's content and stamps the document as updated by `actor`: one `edited` on the change
     * feed (webhooks' document.edited: content, as against document.changed for its properties).
     */
    setDocumentContent(ctx: string, documentId: number, contentType: string, content: Uint8Array, stamp: { updated_date: string; updated_by: number }, actor = 0): void {
      feed.transaction(() => {
        prepared(
          "INSERT INTO document_content (context_identifier, document_id, content_type, content) VALUES (?, ?, ?, ?) ON CONFLICT (context_identifier, document_id) DO UPDATE SET content_type = excluded.content_type, content = excluded.content",
        ).run(ctx, documentId, contentType, Buffer.from(content));
        stampEdited(ctx, documentId, stamp, actor);
      });
    },
    /** Removes a document's content (an `edited` when there was some). False when it had none. */
    deleteDocumentContent(ctx: string, documentId: number, stamp: { updated_date: string; updated_by: number }, actor = 0): boolean {
      return feed.transaction(() => {
        const r = prepared("DELETE FROM document_content WHERE context_identifier = ? AND document_id = ?").run(ctx, documentId) as { changes: number };
        if (r.changes > 0) stampEdited(ctx, documentId, stamp, actor);
        return r.changes > 0;
      });
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
    /** Shared with other callers: do not change it. */
    listItem(ctx: string, list: string, id: number): ListItemRow | undefined {
      return listItemCache.get(`${ctx}\0${list}\0${id}`, () => {
        const r = listItem.get(ctx, list, id);
        return r && withAttributes(r);
      });
    },
    listItems: (ctx: string, list: string): ListItemRow[] => listItems.all(ctx, list).map(withAttributes),
    /** Marks a list item deleted (or not): lists keep deleted items, shown only when asked for (includeDeleted). */
    setListItemDeleted: (ctx: string, list: string, id: number, deleted: boolean): boolean => setListItemDeleted.run(deleted ? 1 : 0, ctx, list, id).changes === 1,
    /** Shared with other callers: do not change it. */
    associate: (ctx: string, id: number): AssociateRow | undefined => associateCache.get(`${ctx}\0${id}`, () => associate.get(ctx, id)),
    associates: (ctx: string): AssociateRow[] => associates.all(ctx),
  };
}

export type CrmRepository = ReturnType<typeof crmRepository>;

/** A typed row's columns as SQL parameters by name; members left undefined are not written. */
function columnValues(row: object): CrmValues {
  const values: CrmValues = {};
  for (const [column, value] of Object.entries(row) as [string, CrmValue | undefined][]) if (value !== undefined) values[column] = value;
  return values;
}
