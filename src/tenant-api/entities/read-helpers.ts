import type { CrmRow } from "../../store/crm.js";
import { badRequest } from "../../server/superoffice-error.js";
import type { ListName } from "../carriers/references.js";
import { has, member, referenceId, type Json } from "../json/lenient.js";
import type { EntityEnv } from "./entity-description.js";

/**
 * Reading references from client JSON, shared by the entity descriptions: a carrier (`{"ContactId": 5}`,
 * `{"Id": 3}`) or a bare id; 0 or null clears it; an id that does not exist in this tenant is a 400
 * naming the member. Only members the client sent are returned, so updates touch nothing else.
 */
export function readReferences(input: Json, env: EntityEnv, specs: readonly ReferenceSpec[]): CrmRow {
  const out: CrmRow = {};
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

export interface ReferenceSpec {
  member: string;
  column: string;
  idNames: readonly string[];
  target:
    | { kind: "list"; list: ListName }
    | { kind: "associate" }
    | { kind: "row"; table: "contacts" | "persons" | "appointments" | "sales"; idColumn: string };
}

/** Phone/e-mail/URL lists from client JSON (`[{"Value": ..., "Description": ...}]`) to the stored form. */
export function readElements(value: unknown, field: string): string {
  if (value === null || value === undefined) return "[]";
  if (!Array.isArray(value)) throw badRequest(`${field}: expected an array of {Value, Description}`);
  return JSON.stringify(
    value
      .map((e, i) => {
        const v = member(e, "Value");
        if (v !== undefined && v !== null && typeof v !== "string") throw badRequest(`${field}[${i}].Value: expected a string`);
        const d = member(e, "Description");
        return { Value: (v as string | undefined) ?? "", Description: typeof d === "string" ? d : "" };
      })
      .filter((e) => e.Value !== ""),
  );
}

/** Scalar members that map one-to-one onto columns, read with the given reader when present. */
export function readScalars(input: Json, specs: readonly [member: string, column: string, reader: (v: unknown, field: string) => unknown][]): CrmRow {
  const out: CrmRow = {};
  for (const [name, column, reader] of specs) {
    if (has(input, name)) out[column] = reader(member(input, name), name) as string | number | null;
  }
  return out;
}
