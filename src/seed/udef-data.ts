import { Faker, base, en, nb_NO } from "@faker-js/faker";
import { LIST_CATALOGUE } from "../store/list-catalogue.js";
import { UDEF_FIELD_TYPES, type UdefOwner } from "../store/user-defined-fields.js";
import { derivedSeedNumber } from "./identifiers.js";
import type { Row, SeedTable } from "./seed-data.js";
import type { SeedUdefField } from "./seed-file.js";

/**
 * A tenant's user-defined fields as the seed file declares them (`userDefinedFields`, per entity, in
 * order: the first contact field is `SuperOffice:1` on contact), all published, and generated values for
 * a share (`fill`) of the entity's rows. The values draw from a faker stream of their own, seeded by
 * (seed, ContextIdentifier, "udefs"), so every other generated row stays exactly as it was.
 */
export interface TenantUdefInput {
  seed: number;
  referenceMs: number;
  contextIdentifier: string;
  fields: Partial<Record<UdefOwner, readonly SeedUdefField[]>>;
  /** The tenant's generated rows, whose ids get values. */
  rows: Partial<Record<SeedTable, readonly Row[]>>;
}

const DAY = 86_400_000;
const TABLE_OF: Record<UdefOwner, [SeedTable, string]> = {
  contact: ["contacts", "contact_id"],
  person: ["persons", "person_id"],
  project: ["projects", "project_id"],
  sale: ["sales", "sale_id"],
  appointment: ["appointments", "appointment_id"],
  document: ["documents", "document_id"],
};

export function generateTenantUdefs(input: TenantUdefInput): { udef_fields: Row[]; udef_values: Row[] } {
  const ctx = input.contextIdentifier;
  const faker = new Faker({ locale: [nb_NO, en, base] });
  faker.seed(derivedSeedNumber(input.seed, ctx, "udefs"));
  const fields: Row[] = [];
  const values: Row[] = [];
  const day = (offsetDays: number) => new Date(input.referenceMs + offsetDays * DAY).toISOString().slice(0, 10);

  for (const [owner, declared] of Object.entries(input.fields) as [UdefOwner, readonly SeedUdefField[]][]) {
    const [table, idColumn] = TABLE_OF[owner];
    const ids = (input.rows[table] ?? []).map((r) => Number(r[idColumn]));
    declared.forEach((f, i) => {
      const fieldId = fields.length + 1;
      fields.push({
        context_identifier: ctx,
        udef_field_id: fieldId,
        owner,
        udef_identity: i + 1,
        prog_id: f.progId ?? "",
        field_type: UDEF_FIELD_TYPES.indexOf(f.type) + 1,
        label: f.label,
        short_label: f.label.slice(0, 10),
        tooltip: f.tooltip,
        text_length: f.textLength ?? (f.type === "ShortText" ? 40 : f.type === "LongText" ? 200 : 0),
        list_name: f.list ?? null,
        field_default: f.default ?? "",
        is_mandatory: 0,
        is_read_only: 0,
        is_indexed: 0,
        hide_label: 0,
        tab_order: i + 1,
        published: 1,
        pending_delete: 0,
        version: 1,
      });
      for (const recordId of ids) {
        if (!faker.datatype.boolean(f.fill)) continue;
        values.push({ context_identifier: ctx, owner, record_id: recordId, udef_field_id: fieldId, value: valueOf(f) });
      }
    });
  }
  return { udef_fields: fields, udef_values: values };

  function valueOf(f: SeedUdefField): string | number {
    switch (f.type) {
      case "Number":
        return faker.number.int({ min: 0, max: 1000 });
      case "Decimal":
        return faker.number.float({ min: 0, max: 10_000, fractionDigits: 2 });
      case "ShortText":
        return faker.lorem.words({ min: 1, max: 3 }).slice(0, f.textLength ?? 40);
      case "LongText":
        return faker.lorem.sentence().slice(0, f.textLength ?? 200);
      case "Date":
        return day(faker.number.int({ min: -720, max: 360 }));
      case "UnlimitedDate":
        // Unlimited dates reach far outside the usual range (SuperOffice's reason for the type).
        return day(faker.number.int({ min: -365 * 120, max: 365 * 80 }));
      case "Checkbox":
        return faker.datatype.boolean(0.5) ? 1 : 0;
      case "List":
        return faker.helpers.arrayElement(LIST_CATALOGUE[f.list!]).id;
    }
  }
}
