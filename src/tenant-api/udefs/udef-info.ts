import { badRequest } from "../../http/superoffice-error.js";
import { LIST_NAMES } from "../../store/list-catalogue.js";
import { UDEF_FIELD_TYPES, UDEF_OWNERS, progIdOf, type UdefFieldRow, type UdefFieldValues, type UdefOwner } from "../../store/user-defined-fields.js";
import { FULL_TABLE_RIGHT } from "../carriers/carrier.js";
import { asBool, asEnum, asInt, asString, has, member, type Json } from "../json/lenient.js";
import { fieldTypeOf } from "./udef-values.js";

/** `UDefType` names as the Swagger enum spells them, for the owners the emulator has. */
const OWNER_NAMES: Record<UdefOwner, string> = { contact: "Contact", person: "Person", project: "Project", sale: "Sale", appointment: "Appointment", document: "Document" };
const TYPE_ENUM = ["Invalid", "Contact", "Person", "Project", "Sale", "Temp", "Appointment", "Document", "None"] as const;

/** An owner from a `UDefType` name or number (`OwnerType`, `Type`); anything else is a 400. */
export function ownerOf(value: unknown, name: string): UdefOwner {
  const type = asEnum(value ?? "Invalid", TYPE_ENUM, name, [0, 7, 8, 9, 10, 11, 12, 13, 14]).toLowerCase();
  if (!(UDEF_OWNERS as readonly string[]).includes(type)) throw badRequest(`${name}: expected one of ${Object.values(OWNER_NAMES).join(", ")}, got ${JSON.stringify(value ?? null)}`);
  return type as UdefOwner;
}

/** The `UserDefinedFieldInfo` carrier (Swagger-v1-UserDefinedFieldInfoAgent.json), every member in order. */
export function udefInfo(field: UdefFieldRow): Record<string, unknown> {
  const list = fieldTypeOf(field) === "List";
  return {
    UDefFieldId: field.udef_field_id,
    // The emulator has no UDxxxSmall columns: a field's column is its id.
    ColumnId: field.udef_field_id,
    FieldDefault: field.field_default,
    FieldHeight: 21,
    FieldLabel: field.label,
    FieldLeft: 0,
    FieldTop: field.tab_order * 24,
    FieldType: fieldTypeOf(field),
    FieldWidth: 200,
    FormatMask: "",
    HideLabel: field.hide_label === 1,
    IsIndexed: field.is_indexed === 1,
    LabelHeight: 21,
    LabelLeft: 0,
    LabelTop: field.tab_order * 24,
    LabelWidth: 120,
    LastVersionId: field.version,
    ListTableId: list ? LIST_NAMES.indexOf(field.list_name as never) + 1 : 0,
    IsMandatory: field.is_mandatory === 1,
    Type: OWNER_NAMES[field.owner],
    Page1LineNo: 0,
    ProgId: progIdOf(field),
    IsReadOnly: field.is_read_only === 1,
    ShortLabel: field.short_label,
    TabOrder: field.tab_order,
    TextLength: field.text_length,
    Tooltip: field.tooltip,
    UdefIdentity: field.udef_identity,
    UDListDefinitionId: 0,
    Justification: "Default",
    Version: field.version,
    TemplateVariableName: "",
    HasBeenPublished: field.published === 1,
    MdoListName: list ? (field.list_name ?? "") : "",
    TableRight: FULL_TABLE_RIGHT,
    FieldProperties: {},
  };
}

/** A new field's carrier before it is saved (`CreateUserDefinedFieldInfo`, `CreateDefault…`). */
export function defaultUdefInfo(owner: UdefOwner, fieldType: string): Record<string, unknown> {
  const typeNumber = UDEF_FIELD_TYPES.indexOf(fieldType as never) + 1;
  const row: UdefFieldRow = {
    context_identifier: "", udef_field_id: 0, owner, udef_identity: 0, prog_id: "", field_type: typeNumber || 2, label: "", short_label: "", tooltip: "",
    text_length: fieldType === "ShortText" ? 40 : fieldType === "LongText" ? 200 : 0, list_name: null, field_default: "", is_mandatory: 0, is_read_only: 0, is_indexed: 0,
    hide_label: 0, tab_order: 0, published: 0, pending_delete: 0, version: 0,
  };
  return Object.assign(udefInfo(row), { ProgId: "", LastVersionId: 0 });
}

/**
 * A client's `UserDefinedFieldInfo` (any member case) as field values, on top of `existing` for an update.
 * The label is required; a List field needs its list (`MdoListName`, or `ListTableId` as ours numbers them).
 */
export function readUdefInfo(input: Json, existing: UdefFieldRow | undefined): UdefFieldValues {
  const str = (name: string, fallback: string) => (has(input, name) && member(input, name) !== null ? asString(member(input, name), name) : fallback);
  const flag = (name: string, fallback: number) => (has(input, name) && member(input, name) !== null ? (asBool(member(input, name), name) ? 1 : 0) : fallback);
  const int = (name: string, fallback: number) => (has(input, name) && member(input, name) !== null ? asInt(member(input, name), name) : fallback);
  const typeName = has(input, "FieldType") ? asEnum(member(input, "FieldType"), UDEF_FIELD_TYPES, "FieldType", [1, 2, 3, 4, 5, 6, 7, 8]) : existing ? fieldTypeOf(existing) : undefined;
  if (!typeName) throw badRequest(`FieldType: expected one of ${UDEF_FIELD_TYPES.join(", ")}`);
  const label = str("FieldLabel", existing?.label ?? "").trim();
  if (!label) throw badRequest("FieldLabel: a user-defined field needs a label");
  const progId = str("ProgId", existing?.prog_id ?? "").trim();
  if (progId && !/^[A-Za-z][\w.:-]{0,99}$/.test(progId)) throw badRequest(`ProgId: expected letters, digits and . : - _ (at most 100), got ${JSON.stringify(progId)}`);
  let listName: string | null = null;
  if (typeName === "List") {
    const byName = str("MdoListName", "").toLowerCase();
    const byId = int("ListTableId", 0);
    listName = byName || (byId > 0 ? (LIST_NAMES[byId - 1] ?? "") : existing?.list_name ?? "");
    if (!(LIST_NAMES as readonly string[]).includes(listName)) throw badRequest(`MdoListName: a List field needs one of the tenant's lists (${LIST_NAMES.join(", ")}), got ${JSON.stringify(listName)}`);
  }
  const textLength = int("TextLength", existing?.text_length ?? (typeName === "ShortText" ? 40 : typeName === "LongText" ? 200 : 0));
  if (textLength < 0 || textLength > 4000) throw badRequest(`TextLength: expected 0 to 4000, got ${textLength}`);
  return {
    prog_id: progId,
    field_type: UDEF_FIELD_TYPES.indexOf(typeName) + 1,
    label,
    short_label: str("ShortLabel", existing?.short_label ?? ""),
    tooltip: str("Tooltip", existing?.tooltip ?? ""),
    text_length: textLength,
    list_name: listName,
    field_default: str("FieldDefault", existing?.field_default ?? ""),
    is_mandatory: flag("IsMandatory", existing?.is_mandatory ?? 0),
    is_read_only: flag("IsReadOnly", existing?.is_read_only ?? 0),
    is_indexed: flag("IsIndexed", existing?.is_indexed ?? 0),
    hide_label: flag("HideLabel", existing?.hide_label ?? 0),
    tab_order: int("TabOrder", existing?.tab_order ?? 0),
  };
}
