import { progIdOf, type UdefFieldRow, type UdefOwner } from "../../store/user-defined-fields.js";
import { fieldTypeOf } from "../udefs/udef-values.js";
import type { ArchiveColumn, ArchiveProvider, ColumnType } from "./providers/provider.js";

/**
 * A tenant's published user-defined fields as archive columns, named as SuperOffice documents them:
 * `contactUdef/SuperOffice:1` on SimpleContact, `personUdef/…` on Person, `saleUdef/…`, `appointmentUdef/…`.
 * The SQL is the emulator's own: the field id is a number from the store, never text a client wrote.
 */
const OWNED: Record<string, { prefix: string; owner: UdefOwner }> = {
  SimpleContact: { prefix: "contactUdef/", owner: "contact" },
  Person: { prefix: "personUdef/", owner: "person" },
  FindSale: { prefix: "saleUdef/", owner: "sale" },
  FindAppointment: { prefix: "appointmentUdef/", owner: "appointment" },
  Project: { prefix: "projectUdef/", owner: "project" },
  Document: { prefix: "documentUdef/", owner: "document" },
};

const TYPES: Record<string, ColumnType> = { Number: "int", Decimal: "decimal", ShortText: "string", LongText: "string", Date: "date", UnlimitedDate: "date", Checkbox: "bool", List: "list" };

/** The owner whose fields a provider shows, if any. */
export function udefOwnerOf(provider: ArchiveProvider): UdefOwner | undefined {
  return OWNED[provider.name]?.owner;
}

export function withUdefColumns(provider: ArchiveProvider, fields: readonly UdefFieldRow[]): ArchiveProvider {
  const owned = OWNED[provider.name];
  if (!owned || fields.length === 0) return provider;
  const columns = fields.map((f): ArchiveColumn => {
    const id = Math.trunc(Number(f.udef_field_id));
    const sql = `(SELECT uv.value FROM udef_values uv WHERE uv.context_identifier = @ctx AND uv.owner = '${owned.owner}' AND uv.record_id = ${provider.primaryKey} AND uv.udef_field_id = ${id})`;
    const type = TYPES[fieldTypeOf(f)] ?? "string";
    if (type !== "list") return { name: owned.prefix + progIdOf(f), type, sql };
    const listName = /^[a-z0-9_]+$/.test(f.list_name ?? "") ? f.list_name! : "";
    const displaySql = `(SELECT li.name FROM list_items li WHERE li.context_identifier = @ctx AND li.list_name = '${listName}' AND li.item_id = ${sql})`;
    return { name: owned.prefix + progIdOf(f), type, sql, displaySql, list: listName };
  });
  return Object.assign({}, provider, { columns: [...provider.columns, ...columns] });
}
