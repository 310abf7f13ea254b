import type { CrmIdColumns, CrmValue, CrmValues } from "../../store/crm.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { ListName } from "../carriers/references.js";
import { SHAPES, type CarrierName } from "../carriers/shapes.generated.js";
import { asEnum, has, member, referenceId, type Json } from "../json/lenient.js";
import type { EntityEnv } from "./entity-description.js";

/**
 * Reading references from client JSON, shared by the entity descriptions: a carrier (`{"ContactId": 5}`,
 * `{"Id": 3}`) or a bare id; 0 or null clears it; an id that does not exist in this tenant is a 400
 * naming the member. Only members the client sent are returned, so updates touch nothing else.
 */
export function readReferences(input: Json, env: EntityEnv, specs: readonly ReferenceSpec[]): CrmValues {
  const out: CrmValues = {};
  const ctx = env.tenant.contextIdentifier;
  for (const spec of specs) {
    if (!has(input, spec.member)) continue;
    const id = referenceId(member(input, spec.member), spec.idNames, spec.member);
    if (id === 0) {
      out[spec.column] = null;
      continue;
    }
    const exists =
      spec.target.kind === "list"
        ? env.crm.listItem(ctx, spec.target.list, id) !== undefined
        : spec.target.kind === "associate"
          ? env.crm.associate(ctx, id) !== undefined
          : env.crm.get(spec.target.table, spec.target.idColumn, ctx, id) !== undefined;
    if (!exists) throw badRequest(`${spec.member}: there is no ${spec.target.kind === "list" ? spec.target.list : spec.member.toLowerCase()} with id ${id} in ${ctx}`);
    out[spec.column] = id;
  }
  return out;
}

type RowTable = "contacts" | "persons" | "appointments" | "sales" | "projects";

export interface ReferenceSpec {
  member: string;
  column: string;
  idNames: readonly string[];
  target:
    | { kind: "list"; list: ListName }
    | { kind: "associate" }
    | { kind: "row"; table: RowTable; idColumn: CrmIdColumns[RowTable] };
}

/** Phone/e-mail/URL lists from client JSON (`[{"Value": ..., "Description": ...}]`) to the stored form. */
export function readElements(value: unknown, field: string): string {
  if (value === null || value === undefined) return "[]";
  if (!Array.isArray(value)) throw badRequest(`${field}: expected an array of {Value, Description}`);
  return JSON.stringify(
    value
      .map((e, i) => {
        if (e === null || typeof e !== "object" || Array.isArray(e)) throw badRequest(`${field}[${i}]: expected an object {Value, Description}`);
        const v = member(e, "Value");
        if (v !== undefined && v !== null && typeof v !== "string") throw badRequest(`${field}[${i}].Value: expected a string`);
        const d = member(e, "Description");
        return { Value: (v as string | undefined) ?? "", Description: typeof d === "string" ? d : "" };
      })
      .filter((e) => e.Value !== ""),
  );
}

/** Scalar members that map one-to-one onto columns, read with the given reader when present. */
export function readScalars(input: Json, specs: readonly [member: string, column: string, reader: (v: unknown, field: string) => CrmValue][]): CrmValues {
  const out: CrmValues = {};
  for (const [name, column, reader] of specs) {
    if (has(input, name)) out[column] = reader(member(input, name), name);
  }
  return out;
}

/**
 * Appointments and sales (§6.8, §10): the Person "must be a contact person registered on the current
 * company". Checked whenever the client sends either member, against the stored value of the other.
 * With no company given, the person's own company is taken, as the CRM client fills it in.
 */
export function checkPersonOfContact(input: Json, env: EntityEnv, existing: { person_id: number | null; contact_id: number | null } | undefined, out: CrmValues): void {
  if (!has(input, "Person") && !has(input, "Contact")) return;
  const personId = "person_id" in out ? out.person_id : (existing?.person_id ?? null);
  if (typeof personId !== "number") return;
  const person = env.crm.get("persons", "person_id", env.tenant.contextIdentifier, personId);
  if (!person) return; // a stored person deleted since: nothing left to check against
  const contactId = "contact_id" in out ? out.contact_id : (existing?.contact_id ?? null);
  if (contactId === null) {
    out.contact_id = person.contact_id ?? null;
  } else if (person.contact_id !== contactId) {
    throw badRequest(`Person: person ${personId} is not a contact person of contact ${contactId}`);
  }
}

/**
 * Enum members by name or number, with the names (in numeric order) from the official shape. "Unknown"
 * means "not set" and keeps the current value; SaintAll is a search wildcard, not a value.
 */
export function readEnums(input: Json, shape: CarrierName, specs: readonly [member: string, column: string][]): CrmValues {
  const out: CrmValues = {};
  for (const [name, column] of specs) {
    if (!has(input, name)) continue;
    const kind = (SHAPES[shape] as readonly (readonly [string, string])[]).find(([m]) => m === name)?.[1] ?? "";
    const value = asEnum(member(input, name), kind.slice("enum:".length).split("|"), name);
    if (value === "SaintAll") throw badRequest(`${name}: SaintAll is not a value`);
    if (value !== "Unknown") out[column] = value;
  }
  return out;
}
