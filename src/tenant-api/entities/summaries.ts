import type { AppointmentRow, SaleRow } from "../../store/crm.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import { formatDuration } from "../json/lenient.js";
import type { EntityEnv } from "./entity-description.js";

/**
 * The summary carriers an entity shows of another (a SaleEntity embeds its Appointment, an AppointmentEntity
 * its Sale) and that Agents' Get{Entity} return. They live apart from the entity descriptions so that the
 * two descriptions need not import each other.
 */

/** The `Appointment` summary carrier: what Agents' GetAppointment returns and what a SaleEntity embeds. */
export function appointmentSummaryOf(row: AppointmentRow, env: EntityEnv): Carrier {
  const { refs, dates, crm } = env;
  const ctx = env.tenant.contextIdentifier;
  const contact = refs.contactSummary(row.contact_id);
  const person = refs.personSummary(row.person_id);
  const sale = typeof row.sale_id === "number" ? crm.get("sales", "sale_id", ctx, row.sale_id) : undefined;
  const task = typeof row.task_id === "number" ? crm.listItem(ctx, "task", row.task_id) : undefined;
  const project = typeof row.project_id === "number" ? crm.get("projects", "project_id", ctx, row.project_id) : undefined;
  return carrier("Appointment", {
    AppointmentId: row.appointment_id,
    StartDate: dates.show(row.start_date),
    EndDate: dates.show(row.end_date),
    Type: row.type,
    Task: task?.name ?? "",
    AssociateFullName: refs.associateFullName(row.associate_id),
    ContactName: contact?.Name ?? "",
    Description: row.description,
    PersonFullName: person?.FullName ?? "",
    PersonId: person?.PersonId ?? 0,
    ContactId: contact?.ContactId ?? 0,
    ProjectId: project?.project_id ?? 0,
    ProjectName: project?.name ?? "",
    AssociateId: row.associate_id,
    IsFree: row.is_free === 1,
    HasAlarm: row.has_alarm === 1,
    IsAlldayEvent: row.is_allday === 1,
    Private: row.private,
    TaskType: task?.attributes.Type ?? "Unknown",
    ActiveDate: dates.show(row.start_date),
    Completed: row.completed,
    Location: row.location,
    AlarmLeadTime: formatDuration(row.alarm_lead_seconds),
    SaleId: sale?.sale_id ?? 0,
    SaleName: sale?.heading ?? "",
    AssociateName: refs.associateName(row.associate_id),
    CreatedDate: dates.showUtc(row.created_date),
    CreatedBy: refs.associateName(row.created_by),
    CreatedByFullName: refs.associateFullName(row.created_by),
    CreatedByAssociateId: row.created_by ?? 0,
    Title: row.title,
    TaskId: task?.item_id ?? 0,
    TableRight: null,
    FieldProperties: {},
  });
}

/** The `Sale` summary carrier: what Agents' GetSale returns and what an AppointmentEntity embeds. */
export function saleSummaryOf(row: SaleRow, env: EntityEnv): Carrier {
  const { refs, dates } = env;
  const contact = refs.contactSummary(row.contact_id);
  const person = refs.personSummary(row.person_id);
  const amount = row.amount;
  const project = typeof row.project_id === "number" ? env.crm.get("projects", "project_id", env.tenant.contextIdentifier, row.project_id) : undefined;
  return carrier("Sale", {
    ContactName: contact?.Name ?? "",
    SaleDate: dates.show(row.saledate),
    SaleId: row.sale_id,
    Probability: row.probability,
    Title: row.heading,
    Amount: amount,
    Currency: refs.listName("currency", row.currency_id),
    ProjectName: project?.name ?? "",
    AssociateFullName: refs.associateFullName(row.associate_id),
    Description: row.sale_text,
    Status: row.status,
    WeightedAmount: (amount * row.probability) / 100,
    ProjectId: project?.project_id ?? 0,
    EarningPercent: earningPercent(row),
    Earning: row.earning,
    ContactId: contact?.ContactId ?? 0,
    AssociateId: row.associate_id,
    PersonId: person?.PersonId ?? 0,
    SaleTypeId: row.sale_type_id ?? 0,
    SaleTypeName: refs.listName("saletype", row.sale_type_id),
    PersonFullName: person?.FullName ?? "",
    Completed: completed(row),
    Number: row.number,
    TableRight: null,
    FieldProperties: {},
  });
}

/**
 * "Either Started or Completed … maps to the Done field" (Swagger, netserver.md §6.5): the Done flag as the
 * client set it; rows that never had one (seeded, or saved without Completed) follow the status.
 */
export function completed(row: SaleRow): string {
  if (row.done === 1) return "Completed";
  if (row.done === 0) return "Started";
  return row.status === "Sold" || row.status === "Lost" ? "Completed" : "Started";
}

export function earningPercent(row: SaleRow): number {
  return row.amount === 0 ? 0 : (row.earning / row.amount) * 100;
}
