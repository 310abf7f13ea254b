import { badRequest } from "../../http/superoffice-error.js";
import { UDEF_FIELD_TYPES, type UdefFieldRow, type UdefFieldType, type UdefValue } from "../../store/user-defined-fields.js";

/**
 * A user-defined field's value as SOD writes it in an entity's `UserDefinedFields` (netserver.md §6.6):
 * strings with an encoded type, `"[I:3]"` numbers and list item ids, `"[F:4.43]"` decimals,
 * `"[D:05/05/1999 00:00:00.0000000]"` dates (MM/dd/yyyy, invariant; `"[D:01/01/0001]"` when empty),
 * `"True"`/`"False"` check boxes, texts as they are. Writers may send the same encodings or plain values
 * (`"42"`, `42`, `true`, `"1999-05-05"`), which is what this module reads.
 */
export function fieldTypeOf(field: Pick<UdefFieldRow, "field_type">): UdefFieldType {
  return UDEF_FIELD_TYPES[field.field_type - 1] ?? "ShortText";
}

const EMPTY_DATE = "[D:01/01/0001]";

/** The stored value (or none) as SOD shows it. */
export function encodeUdef(field: UdefFieldRow, value: UdefValue | undefined): string {
  switch (fieldTypeOf(field)) {
    case "Number":
    case "List":
      return `[I:${value === undefined ? 0 : Math.trunc(Number(value))}]`;
    case "Decimal":
      return `[F:${value === undefined ? 0 : Number(value)}]`;
    case "Checkbox":
      return Number(value ?? 0) ? "True" : "False";
    case "Date":
    case "UnlimitedDate": {
      if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return EMPTY_DATE;
      const [y, m, d] = value.split("-");
      return `[D:${m}/${d}/${y} 00:00:00.0000000]`;
    }
    case "ShortText":
    case "LongText":
      return value === undefined ? "" : String(value);
  }
}

/** The default a new entity shows for a field: its FieldDefault read as a value, or empty. */
export function defaultUdef(field: UdefFieldRow): UdefValue | undefined {
  if (field.field_default === "") return undefined;
  try {
    return decodeUdef(field, field.field_default, "FieldDefault") ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * A client's value for a field, as stored; null empties the field. `name` (e.g.
 * `UserDefinedFields.SuperOffice:3`) starts every error message, so a 400 names the field.
 */
export function decodeUdef(field: UdefFieldRow, input: unknown, name: string): UdefValue | null {
  if (input === null || input === undefined) return null;
  if (typeof input === "object") throw badRequest(`${name}: expected a string value, got ${Array.isArray(input) ? "an array" : "an object"}`);
  const type = fieldTypeOf(field);
  const text = String(input).trim();
  const encoded = /^\[(I|F|D|DT|B|T|M):(.*)\]$/s.exec(text);
  const body = encoded ? encoded[2]!.trim() : text;
  const wrong = (expected: string) => badRequest(`${name}: expected ${expected} for the ${type} field "${field.label}", got ${JSON.stringify(input)}`);
  switch (type) {
    case "Number":
    case "List": {
      if (body === "") return null;
      if (!/^-?\d{1,10}$/.test(body) || Math.abs(Number(body)) > 2_147_483_647) throw wrong(type === "List" ? "a list item id such as [I:3]" : "a whole number such as [I:42]");
      const n = Number(body);
      return type === "List" && n === 0 ? null : n;
    }
    case "Decimal": {
      if (body === "") return null;
      if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(body)) throw wrong("a decimal number such as [F:4.5]");
      return Number(body);
    }
    case "Checkbox": {
      if (typeof input === "boolean") return input ? 1 : 0;
      if (/^(true|1)$/i.test(body)) return 1;
      if (/^(false|0|)$/i.test(body)) return 0;
      throw wrong('"True" or "False"');
    }
    case "Date":
    case "UnlimitedDate":
      return readDate(body, wrong);
    case "ShortText":
    case "LongText": {
      if (typeof input !== "string") throw wrong("a string");
      if (field.text_length > 0 && input.length > field.text_length) throw badRequest(`${name}: at most ${field.text_length} characters for the field "${field.label}", got ${input.length}`);
      return input === "" ? null : input;
    }
  }
}

/** `MM/dd/yyyy[ time]` (SOD's invariant form) or ISO `yyyy-MM-dd[Thh:mm:ss]`; the year 1 (or nothing) is no date. */
function readDate(body: string, wrong: (expected: string) => Error): string | null {
  if (body === "") return null;
  let y: string, m: string, d: string;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+[\d:.]+)?$/.exec(body);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/.exec(body);
  if (us) [m, d, y] = [us[1]!.padStart(2, "0"), us[2]!.padStart(2, "0"), us[3]!];
  else if (iso) [y, m, d] = [iso[1]!, iso[2]!, iso[3]!];
  else throw wrong("a date such as [D:05/31/2026] or 2026-05-31");
  if (y === "0001") return null;
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) throw wrong("a real calendar date");
  return `${y}-${m}-${d}`;
}
