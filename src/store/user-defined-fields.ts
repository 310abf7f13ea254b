import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";
import { watchedCache } from "./watched-cache.js";

/** The entities that carry user-defined fields (SuperOffice's UDefType), lower case as stored. */
export const UDEF_OWNERS = ["contact", "person", "project", "sale", "appointment", "document"] as const;
export type UdefOwner = (typeof UDEF_OWNERS)[number];

/** SuperOffice's field types, by their number in the UDefField table (1 Number … 8 Decimal). */
export const UDEF_FIELD_TYPES = ["Number", "ShortText", "LongText", "Date", "UnlimitedDate", "Checkbox", "List", "Decimal"] as const;
export type UdefFieldType = (typeof UDEF_FIELD_TYPES)[number];

export interface UdefFieldRow {
  context_identifier: string;
  udef_field_id: number;
  owner: UdefOwner;
  udef_identity: number;
  prog_id: string;
  field_type: number;
  label: string;
  short_label: string;
  tooltip: string;
  text_length: number;
  list_name: string | null;
  field_default: string;
  is_mandatory: number;
  is_read_only: number;
  is_indexed: number;
  hide_label: number;
  tab_order: number;
  published: number;
  pending_delete: number;
  version: number;
}

/** What a caller may set on a field; ids, identity, publishing state and version are the store's. */
export type UdefFieldValues = Omit<UdefFieldRow, "context_identifier" | "udef_field_id" | "owner" | "udef_identity" | "published" | "pending_delete" | "version">;

/** A stored value: INTEGER (numbers, list ids, check boxes), REAL (decimals) or TEXT (texts, 'YYYY-MM-DD' dates). */
export type UdefValue = string | number;

/** The ProgId apps use: the field's own, else `SuperOffice:{identity}`. */
export function progIdOf(field: Pick<UdefFieldRow, "prog_id" | "udef_identity">): string {
  return field.prog_id || `SuperOffice:${field.udef_identity}`;
}

/**
 * User-defined fields of a tenant: their definitions (the admin layout and the published one) and their
 * values per entity row. Values are child rows of the entity, written inside the entity's transaction;
 * they are not on the change feed (webhooks.md §6: only root-table changes raise events).
 */
export function udefRepository(db: Db) {
  const fieldsOf = prepareOnUse<[string, string], UdefFieldRow>(db, "SELECT * FROM udef_fields WHERE context_identifier = ? AND owner = ? ORDER BY tab_order, udef_field_id");
  const fieldById = prepareOnUse<[string, number], UdefFieldRow>(db, "SELECT * FROM udef_fields WHERE context_identifier = ? AND udef_field_id = ?");
  const nextFieldId = prepareOnUse<[string], number>(db, "SELECT COALESCE(MAX(udef_field_id), 0) + 1 FROM udef_fields WHERE context_identifier = ?").pluck();
  const nextIdentity = prepareOnUse<[string, string], number>(db, "SELECT COALESCE(MAX(udef_identity), 0) + 1 FROM udef_fields WHERE context_identifier = ? AND owner = ?").pluck();
  const nextTabOrder = prepareOnUse<[string, string], number>(db, "SELECT COALESCE(MAX(tab_order), 0) + 1 FROM udef_fields WHERE context_identifier = ? AND owner = ?").pluck();
  const insertField = prepareOnUse(
    db,
    `INSERT INTO udef_fields (context_identifier, udef_field_id, owner, udef_identity, prog_id, field_type, label, short_label, tooltip, text_length, list_name, field_default, is_mandatory, is_read_only, is_indexed, hide_label, tab_order, published, pending_delete, version)
     VALUES (@context_identifier, @udef_field_id, @owner, @udef_identity, @prog_id, @field_type, @label, @short_label, @tooltip, @text_length, @list_name, @field_default, @is_mandatory, @is_read_only, @is_indexed, @hide_label, @tab_order, 0, 0, 1)`,
  );
  const updateField = prepareOnUse(
    db,
    `UPDATE udef_fields SET prog_id = @prog_id, field_type = @field_type, label = @label, short_label = @short_label, tooltip = @tooltip, text_length = @text_length, list_name = @list_name,
       field_default = @field_default, is_mandatory = @is_mandatory, is_read_only = @is_read_only, is_indexed = @is_indexed, hide_label = @hide_label, tab_order = @tab_order, version = version + 1
     WHERE context_identifier = @context_identifier AND udef_field_id = @udef_field_id`,
  );
  const markDeleted = prepareOnUse<[string, number]>(db, "UPDATE udef_fields SET pending_delete = 1 WHERE context_identifier = ? AND udef_field_id = ?");
  const removeField = prepareOnUse<[string, number]>(db, "DELETE FROM udef_fields WHERE context_identifier = ? AND udef_field_id = ?");
  const removeFieldValues = prepareOnUse<[string, number]>(db, "DELETE FROM udef_values WHERE context_identifier = ? AND udef_field_id = ?");
  const pendingDeletes = prepareOnUse<[string, string], number>(db, "SELECT udef_field_id FROM udef_fields WHERE context_identifier = ? AND owner = ? AND pending_delete = 1").pluck();
  const publishAll = prepareOnUse<[string, string]>(db, "UPDATE udef_fields SET published = 1 WHERE context_identifier = ? AND owner = ?");
  const unpublished = prepareOnUse<[string, string], number>(db, "SELECT udef_field_id FROM udef_fields WHERE context_identifier = ? AND owner = ? AND published = 0").pluck();
  const undelete = prepareOnUse<[string, string]>(db, "UPDATE udef_fields SET pending_delete = 0 WHERE context_identifier = ? AND owner = ?");
  const changes = prepareOnUse<[string, string], number>(db, "SELECT count(*) FROM udef_fields WHERE context_identifier = ? AND owner = ? AND (published = 0 OR pending_delete = 1)").pluck();

  const valuesOf = prepareOnUse<[string, string, number], { udef_field_id: number; value: UdefValue }>(
    db,
    "SELECT udef_field_id, value FROM udef_values WHERE context_identifier = ? AND owner = ? AND record_id = ?",
  );
  const upsertValue = prepareOnUse<[string, string, number, number, UdefValue]>(
    db,
    "INSERT INTO udef_values (context_identifier, owner, record_id, udef_field_id, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value",
  );
  const removeValue = prepareOnUse<[string, string, number, number]>(db, "DELETE FROM udef_values WHERE context_identifier = ? AND owner = ? AND record_id = ? AND udef_field_id = ?");
  const removeRecordValues = prepareOnUse<[string, string, number]>(db, "DELETE FROM udef_values WHERE context_identifier = ? AND owner = ? AND record_id = ?");
  // Every entity an API shows carries its fields: the layout is read on every request and written by admins only.
  const layouts = watchedCache<UdefFieldRow[]>(db, ["udef_fields"]);

  /** Deletes fields with their values. */
  const drop = (ctx: string, ids: readonly number[]) => {
    for (const id of ids) {
      removeFieldValues.run(ctx, id);
      removeField.run(ctx, id);
    }
  };

  return {
    /** Every field of an owner (the admin layout), deleted-but-unpublished ones included, in tab order. Shared: do not change it. */
    fields(ctx: string, owner: UdefOwner): readonly UdefFieldRow[] {
      return layouts.get(`${ctx}\0${owner}`, () => fieldsOf.all(ctx, owner));
    },
    field(ctx: string, id: number): UdefFieldRow | undefined {
      return fieldById.get(ctx, id);
    },
    /** A new, unpublished field; a ProgId left empty becomes `SuperOffice:{identity}`. */
    create(ctx: string, owner: UdefOwner, values: UdefFieldValues): UdefFieldRow {
      const id = nextFieldId.get(ctx)!;
      const tabOrder = values.tab_order > 0 ? values.tab_order : nextTabOrder.get(ctx, owner)!;
      insertField.run(Object.assign({}, values, { tab_order: tabOrder, context_identifier: ctx, udef_field_id: id, owner, udef_identity: nextIdentity.get(ctx, owner)! }));
      return fieldById.get(ctx, id)!;
    },
    update(ctx: string, id: number, values: UdefFieldValues): UdefFieldRow | undefined {
      updateField.run(Object.assign({}, values, { context_identifier: ctx, udef_field_id: id }));
      return fieldById.get(ctx, id);
    },
    /** Deleting a field that was never published removes it at once; a published one goes at the next publish. */
    remove(ctx: string, id: number): boolean {
      const field = fieldById.get(ctx, id);
      if (!field) return false;
      if (field.published) markDeleted.run(ctx, id);
      else drop(ctx, [id]);
      return true;
    },
    /** Publishes an owner's admin layout: pending deletes go (with their values), new fields become published. */
    publish(ctx: string, owner: UdefOwner): void {
      drop(ctx, pendingDeletes.all(ctx, owner));
      publishAll.run(ctx, owner);
    },
    /** Back to the published layout: unpublished fields go, pending deletes are cancelled. */
    revert(ctx: string, owner: UdefOwner): void {
      drop(ctx, unpublished.all(ctx, owner));
      undelete.run(ctx, owner);
    },
    /** Whether the admin layout differs from the published one. */
    hasUnpublishedChanges(ctx: string, owner: UdefOwner): boolean {
      return (changes.get(ctx, owner) ?? 0) > 0;
    },
    /** A record's stored values by field id. */
    values(ctx: string, owner: UdefOwner, recordId: number): Map<number, UdefValue> {
      return new Map(valuesOf.all(ctx, owner, recordId).map((r) => [r.udef_field_id, r.value]));
    },
    /** Sets (or, with null, empties) some of a record's values. Call inside the entity's transaction. */
    setValues(ctx: string, owner: UdefOwner, recordId: number, values: ReadonlyMap<number, UdefValue | null>): void {
      for (const [fieldId, value] of values) {
        if (value === null) removeValue.run(ctx, owner, recordId, fieldId);
        else upsertValue.run(ctx, owner, recordId, fieldId, value);
      }
    },
    /** A hard-deleted record's values go with it. */
    removeRecord(ctx: string, owner: UdefOwner, recordId: number): void {
      removeRecordValues.run(ctx, owner, recordId);
    },
  };
}

export type UdefRepository = ReturnType<typeof udefRepository>;
