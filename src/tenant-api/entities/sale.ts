import { homeOf } from "../../store/list-catalogue.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { CrmValues, ListItemRow } from "../../store/crm.js";
import { utcToWallTime, wallTimeToUtc } from "../../shared/time-zone.js";
import { carrier, FULL_TABLE_RIGHT, type Carrier } from "../carriers/carrier.js";
import { asEnum, asInt, asNumber, asString, has, member } from "../json/lenient.js";
import { appointmentSummaryOf, completed, earningPercent, saleSummaryOf } from "./summaries.js";
import { unsavedStamps } from "./entity-pipeline.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";
import { projectSummary } from "./project-summaries.js";
import { checkPersonOfContact, readEnums, readReferences, readScalars, type ReferenceSpec } from "./read-helpers.js";

/** SaleEntity (netserver.md §6.5): an opportunity owned by an associate; hard-deleted (§10). */
const REFERENCES: readonly ReferenceSpec[] = [
  { member: "Project", column: "project_id", idNames: ["ProjectId", "Id"], target: { kind: "row", table: "projects", idColumn: "project_id" } },
  { member: "Associate", column: "associate_id", idNames: ["AssociateId", "Id"], target: { kind: "associate" } },
  { member: "Contact", column: "contact_id", idNames: ["ContactId", "Id"], target: { kind: "row", table: "contacts", idColumn: "contact_id" } },
  { member: "Person", column: "person_id", idNames: ["PersonId", "Id"], target: { kind: "row", table: "persons", idColumn: "person_id" } },
  { member: "Appointment", column: "appointment_id", idNames: ["AppointmentId", "Id"], target: { kind: "row", table: "appointments", idColumn: "appointment_id" } },
  { member: "Currency", column: "currency_id", idNames: ["Id", "CurrencyId"], target: { kind: "list", list: "currency" } },
  // Rating is the sale stage ("prob" list) under its carrier's name.
  { member: "Rating", column: "sale_stage_id", idNames: ["Id", "RatingId"], target: { kind: "list", list: "salestage" } },
  { member: "SaleType", column: "sale_type_id", idNames: ["Id", "SaleTypeId"], target: { kind: "list", list: "saletype" } },
  { member: "Source", column: "source_id", idNames: ["Id", "SourceId"], target: { kind: "list", list: "source" } },
];

export const saleDescription: EntityDescription<"sales"> = {
  name: "Sale",
  table: "sales",
  idColumn: "sale_id",
  idMember: "SaleId",
  sequence: "sale",
  softDelete: false,

  show(row, env) {
    const { refs, dates } = env;
    const appointment = typeof row.appointment_id === "number" ? env.crm.get("appointments", "appointment_id", env.tenant.contextIdentifier, row.appointment_id) : undefined;
    return carrier("SaleEntity", {
      Appointment: appointment ? appointmentSummaryOf(appointment, env) : null,
      Associate: refs.associate(row.associate_id),
      UpdatedBy: refs.associate(row.updated_by),
      CreatedBy: refs.associate(row.created_by),
      Contact: refs.contactSummary(row.contact_id),
      SaleText: row.sale_text,
      Person: refs.personSummary(row.person_id),
      Project: projectSummary(row.project_id, env),
      Currency: refs.currency(row.currency_id),
      Rating: refs.rating(row.sale_stage_id),
      Source: refs.source(row.source_id),
      Status: row.status,
      Saledate: dates.show(row.saledate),
      Amount: row.amount,
      SaleId: row.sale_id,
      Earning: row.earning,
      EarningPercent: earningPercent(row),
      Heading: row.heading,
      Number: row.number,
      Probability: row.probability,
      CreatedDate: dates.showUtc(row.created_date),
      UpdatedDate: dates.showUtc(row.updated_date),
      Completed: completed(row),
      SaleType: refs.saleType(row.sale_type_id),
      TableRight: FULL_TABLE_RIGHT,
      FieldProperties: {},
    });
  },

  summary: (row, env) => saleSummaryOf(row, env),

  defaults(env, id) {
    const ctx = env.tenant.contextIdentifier;
    const stage = env.crm.listItems(ctx, "salestage")[0];
    const type = env.crm.listItems(ctx, "saletype")[0];
    return Object.assign(unsavedStamps(env), {
      sale_id: id,
      project_id: null,
      done: null,
      associate_id: env.principal.associateId,
      contact_id: null,
      person_id: null,
      appointment_id: null,
      heading: "",
      sale_text: "",
      number: "",
      amount: 0,
      earning: 0,
      currency_id: homeOf(env.tenant.timeZone).currencyId,
      sale_type_id: type?.item_id ?? null,
      sale_stage_id: stage?.item_id ?? null,
      source_id: null,
      probability: stageProbability(stage) ?? 0,
      status: "Open",
      saledate: saleDateFor(env, type),
    });
  },

  read(input, env, existing) {
    const out: CrmValues = Object.assign(
      readScalars(input, [
        ["Heading", "heading", asString],
        ["Number", "number", asString],
        ["SaleText", "sale_text", asString],
        ["Amount", "amount", asNumber],
        ["Earning", "earning", asNumber],
        ["Probability", "probability", readProbability],
      ]),
      readReferences(input, env, REFERENCES),
      readEnums(input, "SaleEntity", [["Status", "status"]]),
    );
    // Completed is the Done field, independent of Status; NotStarted counts as Started (§6.5).
    if (has(input, "Completed")) out.done = asEnum(member(input, "Completed"), ["Unknown", "NotStarted", "Started", "Completed"], "Completed") === "Completed" ? 1 : 0;
    // The sale needs an owner (NOT NULL): an empty Associate keeps the current one, or the signed-in user.
    if ("associate_id" in out && out.associate_id === null) delete out.associate_id;
    // Saledate is NOT NULL too: an empty date keeps the current (or default) one.
    const saledate = has(input, "Saledate") ? env.dates.read(member(input, "Saledate"), "Saledate") : null;
    if (saledate !== null) out.saledate = saledate;
    // Without an explicit Probability, a new stage brings its own, and a closed sale is certain either way.
    if (!has(input, "Probability")) {
      if (typeof out.sale_stage_id === "number") out.probability = stageProbability(env.crm.listItem(env.tenant.contextIdentifier, "salestage", out.sale_stage_id)) ?? existing?.probability ?? 0;
      if (out.status === "Sold") out.probability = 100;
      if (out.status === "Lost") out.probability = 0;
    }
    checkPersonOfContact(input, env, existing, out);
    return out;
  },

  /** An appointment pointing at this sale keeps existing, without the link (§10). */
  cascadeDelete(row, env) {
    env.crm.clearReferences("appointments", "sale_id", env.tenant.contextIdentifier, row.sale_id, env.principal.associateId);
  },
};

function readProbability(value: unknown, field: string): number {
  const p = asInt(value, field);
  if (p < 0 || p > 100) throw badRequest(`${field}: expected a percentage from 0 to 100, got ${p}`);
  return p;
}

function stageProbability(stage: ListItemRow | undefined): number | undefined {
  const p = stage?.attributes.Probability;
  return typeof p === "number" ? p : undefined;
}

/** Today (the tenant's calendar day) plus the sale type's duration, at local midnight, as stored UTC. */
function saleDateFor(env: EntityEnv, type: ListItemRow | undefined): string {
  const tz = env.tenant.timeZone;
  const day = new Date(`${utcToWallTime(env.now, tz).slice(0, 10)}T00:00:00Z`);
  const n = Number(type?.attributes.SaleDuration ?? 0) || 0;
  switch (type?.attributes.DurationUnit) {
    case "Week":
      day.setUTCDate(day.getUTCDate() + 7 * n);
      break;
    case "Month":
      day.setUTCMonth(day.getUTCMonth() + n);
      break;
    case "Year":
      day.setUTCFullYear(day.getUTCFullYear() + n);
      break;
    default:
      day.setUTCDate(day.getUTCDate() + n);
  }
  return wallTimeToUtc(`${day.toISOString().slice(0, 10)}T00:00:00`, tz);
}
