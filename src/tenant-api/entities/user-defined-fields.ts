import { badRequest } from "../../http/superoffice-error.js";
import type { CrmTable, CrmTableRows, CrmValues } from "../../store/crm.js";
import { progIdOf, type UdefFieldRow, type UdefOwner, type UdefValue } from "../../store/user-defined-fields.js";
import { member, type Json } from "../json/lenient.js";
import { decodeUdef, defaultUdef, encodeUdef, fieldTypeOf } from "../udefs/udef-values.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";

/**
 * `UserDefinedFields` for every entity, the same way: entities differ in their data, not in how their
 * user-defined fields are shown, read and stored. An entity shows the fields of its published layout,
 * keyed by ProgId (`SuperOffice:1`), list fields with their `:DisplayText` and `:DisplayTooltip`
 * companions as SOD sends them; a save writes the fields the client sent (the companions are ignored),
 * in the save's transaction, after a read that answers 400 naming any unknown ProgId or wrong value.
 */
export function withUserDefinedFields<T extends CrmTable>(d: EntityDescription<T>): EntityDescription<T> {
  const owner = d.name.toLowerCase() as UdefOwner;
  const idOf = (row: CrmTableRows[T]) => {
    const columns: CrmValues = row;
    const id = columns[d.idColumn];
    return typeof id === "number" ? id : 0;
  };
  const withFields: Pick<EntityDescription<T>, "show" | "read" | "saveChildren" | "cascadeDelete"> = {
    show(row, env) {
      const shown = d.show(row, env);
      if (!("UserDefinedFields" in shown)) return shown;
      return Object.assign(shown, { UserDefinedFields: showUserDefinedFields(owner, idOf(row), env) });
    },
    read(input, env, existing) {
      const values = d.read(input, env, existing);
      readUserDefinedFields(owner, input, env);
      return values;
    },
    saveChildren(id, input, env) {
      d.saveChildren?.(id, input, env);
      const values = readUserDefinedFields(owner, input, env);
      if (values.size > 0) env.emulator.store.udefs.setValues(env.tenant.contextIdentifier, owner, id, values);
    },
    cascadeDelete(row, env) {
      d.cascadeDelete?.(row, env);
      // Soft-deleted rows keep their values for an undelete; a hard delete takes them (netserver.md §10).
      if (!d.softDelete) env.emulator.store.udefs.removeRecord(env.tenant.contextIdentifier, owner, idOf(row));
    },
  };
  return Object.assign({}, d, withFields);
}

/** The fields entities carry: the published layout. */
function publishedFields(owner: UdefOwner, env: EntityEnv): UdefFieldRow[] {
  return env.emulator.store.udefs.fields(env.tenant.contextIdentifier, owner).filter((f) => f.published === 1);
}

/** A record's `UserDefinedFields` (id 0, an unsaved entity: the fields' defaults). */
export function showUserDefinedFields(owner: UdefOwner, recordId: number, env: EntityEnv): Record<string, string> {
  const fields = publishedFields(owner, env);
  if (fields.length === 0) return {};
  const stored = recordId > 0 ? env.emulator.store.udefs.values(env.tenant.contextIdentifier, owner, recordId) : undefined;
  const out: Record<string, string> = {};
  for (const field of fields) {
    const value = stored ? stored.get(field.udef_field_id) : defaultUdef(field);
    const progId = progIdOf(field);
    out[progId] = encodeUdef(field, value);
    if (fieldTypeOf(field) === "List") {
      const item = value !== undefined && field.list_name ? env.crm.listItem(env.tenant.contextIdentifier, field.list_name, Number(value)) : undefined;
      out[`${progId}:DisplayText`] = item?.name ?? "";
      out[`${progId}:DisplayTooltip`] = item?.tooltip ?? "";
    }
  }
  return out;
}

const COMPANION = /:(DisplayText|DisplayTooltip)$/i;

/**
 * The values a client sent in `UserDefinedFields`, by field id (null empties a field). Unknown ProgIds,
 * wrong types and list ids that are not items of the field's list are 400s naming the field.
 */
export function readUserDefinedFields(owner: UdefOwner, input: Json, env: EntityEnv): Map<number, UdefValue | null> {
  const given = member(input, "UserDefinedFields");
  const out = new Map<number, UdefValue | null>();
  if (given === undefined || given === null) return out;
  if (typeof given !== "object" || Array.isArray(given)) throw badRequest("UserDefinedFields: expected an object of ProgId to value, such as {\"SuperOffice:1\": \"text\"}");
  const fields = publishedFields(owner, env);
  const byProgId = new Map(fields.map((f) => [progIdOf(f).toLowerCase(), f]));
  for (const [key, raw] of Object.entries(given as Record<string, unknown>)) {
    const name = `UserDefinedFields.${key}`;
    const field = byProgId.get(key.toLowerCase());
    if (!field) {
      if (COMPANION.test(key) && byProgId.has(key.replace(COMPANION, "").toLowerCase())) continue;
      throw badRequest(`${name}: no published user-defined field has this ProgId on ${owner} (see GET v1/${owner[0]!.toUpperCase()}${owner.slice(1)}/UdefLayout/Published)`);
    }
    if (field.is_read_only) continue;
    const value = decodeUdef(field, raw, name);
    if (value !== null && fieldTypeOf(field) === "List" && field.list_name && !env.crm.listItem(env.tenant.contextIdentifier, field.list_name, Number(value))) {
      throw badRequest(`${name}: ${value} is not an item of the list ${field.list_name} that the field "${field.label}" uses`);
    }
    out.set(field.udef_field_id, value);
  }
  return out;
}

export type { EntityDescription };
