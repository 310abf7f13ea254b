import type { DocumentRow, ProjectMemberRow, ProjectRow } from "../../store/crm.js";
import { carrier, type Carrier } from "../carriers/carrier.js";
import type { EntityEnv } from "./entity-description.js";

/**
 * The carriers projects and documents show of themselves and of each other: the `Project` and `Document`
 * summaries (Agents' GetProject/GetDocument, and what a DocumentEntity, AppointmentEntity or SaleEntity
 * embeds), a project's members, and the project and document lists' items. Apart from the descriptions,
 * so project.ts and document.ts need not import each other.
 */

/** The `Project` summary carrier, or null for no project (or one deleted since). */
export function projectSummary(projectId: unknown, env: EntityEnv): Carrier | null {
  const row = typeof projectId === "number" && projectId > 0 ? env.crm.get("projects", "project_id", env.tenant.contextIdentifier, projectId) : undefined;
  return row ? projectSummaryOf(row, env) : null;
}

export function projectSummaryOf(row: ProjectRow, env: EntityEnv): Carrier {
  const { refs, dates } = env;
  return carrier("Project", {
    ProjectId: row.project_id,
    Name: row.name,
    Description: row.description,
    URL: firstUrl(row.urls),
    Type: refs.listName("projecttype", row.type_id),
    AssociateId: row.associate_id,
    AssociateFullName: refs.associateFullName(row.associate_id),
    TypeId: row.type_id ?? 0,
    Updated: dates.showUtc(row.updated_date ?? row.created_date),
    StatusId: row.status_id ?? 0,
    Status: refs.listName("projectstatus", row.status_id),
    TextId: 0,
    IsPublished: false,
    URLName: "",
    ProjectNumber: row.project_number,
    TableRight: null,
    FieldProperties: {},
  });
}

/** A project member as ProjectEntity.ProjectMembers and `Agents/Project/GetProjectMembers` show it. */
export function projectMemberOf(row: ProjectMemberRow, env: EntityEnv): Carrier {
  const ctx = env.tenant.contextIdentifier;
  const person = typeof row.person_id === "number" ? env.crm.get("persons", "person_id", ctx, row.person_id) : undefined;
  const contact = typeof row.contact_id === "number" ? env.crm.get("contacts", "contact_id", ctx, row.contact_id) : undefined;
  const project = env.crm.get("projects", "project_id", ctx, row.project_id);
  const email = firstValue(person?.emails);
  const phone = firstValue(person?.office_phones);
  return carrier("ProjectMember", {
    ProjectmemberId: row.projectmember_id,
    ContactId: contact?.contact_id ?? 0,
    ProjectId: row.project_id,
    ContactName: contact?.name ?? "",
    ContactDepartment: contact?.department ?? "",
    ProjectName: project?.name ?? "",
    EmailAddress: email,
    CountryId: person?.country_id ?? contact?.country_id ?? 0,
    Firstname: person?.firstname ?? "",
    MiddleName: person?.middle_name ?? "",
    Lastname: person?.lastname ?? "",
    PersonId: person?.person_id ?? 0,
    Mrmrs: person?.mrmrs ?? "",
    ProjectMemberTypeName: env.refs.listName("projectmembertype", row.member_type_id),
    Phone: phone,
    ProjectMemberTypeId: row.member_type_id ?? 0,
    EmailAddressName: email,
    Comment: row.comment,
    FullName: person ? [person.firstname, person.middle_name, person.lastname].filter(Boolean).join(" ") : "",
    Registered: env.dates.showUtc(row.created_date),
    Updated: env.dates.showUtc(row.updated_date ?? row.created_date),
    EventParticipantStatus: "NotAnEvent",
    TableRight: null,
    FieldProperties: {},
  });
}

/** The `Document` summary carrier: what Agents' GetDocument and the document lists return. */
export function documentSummaryOf(row: DocumentRow, env: EntityEnv): Carrier {
  const { refs } = env;
  const contact = refs.contactSummary(row.contact_id);
  const person = refs.personSummary(row.person_id);
  const ctx = env.tenant.contextIdentifier;
  const project = typeof row.project_id === "number" ? env.crm.get("projects", "project_id", ctx, row.project_id) : undefined;
  const sale = typeof row.sale_id === "number" ? env.crm.get("sales", "sale_id", ctx, row.sale_id) : undefined;
  return carrier("Document", {
    DocumentId: row.document_id,
    Attention: row.attention,
    Header: row.header,
    Name: row.name,
    OurRef: row.our_ref,
    YourRef: row.your_ref,
    Description: row.description,
    DocumentTemplate: refs.listName("doctmpl", row.template_id),
    IsPublished: false,
    PersonId: person?.PersonId ?? 0,
    PersonFullName: person?.FullName ?? "",
    AssociateFullName: refs.associateFullName(row.associate_id),
    ContactId: contact?.ContactId ?? 0,
    ContactName: contact?.Name ?? "",
    ProjectId: project?.project_id ?? 0,
    ProjectName: project?.name ?? "",
    AssociateId: row.associate_id,
    Snum: 0,
    SaleId: sale?.sale_id ?? 0,
    SaleName: sale?.heading ?? "",
    TableRight: null,
    FieldProperties: {},
  });
}

/** The `{Id, Value, Tooltip}` carriers of the project lists. */
export function projectListItem(name: "ProjectStatus" | "ProjectType", id: unknown, env: EntityEnv): Carrier | null {
  const list = name === "ProjectStatus" ? "projectstatus" : "projecttype";
  const it = typeof id === "number" && id > 0 ? env.crm.listItem(env.tenant.contextIdentifier, list, id) : undefined;
  return it ? carrier(name, { Id: it.item_id, Value: it.name, Tooltip: it.tooltip, FieldProperties: {} }) : null;
}

/** The DocumentTemplate carrier a DocumentEntity embeds (SuperOffice's doctmpl list). */
export function documentTemplateOf(id: unknown, env: EntityEnv): Carrier | null {
  const it = typeof id === "number" && id > 0 ? env.crm.listItem(env.tenant.contextIdentifier, "doctmpl", id) : undefined;
  if (!it) return null;
  return carrier("DocumentTemplate", {
    DocumentTemplateId: it.item_id,
    Name: it.name,
    Tooltip: it.tooltip,
    SaveInDb: 0,
    Filename: "",
    DefaultOref: "",
    RecordType: "Document",
    Deleted: it.deleted,
    Direction: it.attributes.Direction ?? "Outgoing",
    QuoteDocType: "None",
    FieldProperties: {},
  });
}

function firstValue(json: unknown): string {
  const items = JSON.parse(String(json ?? "[]")) as { Value: string }[];
  return items[0]?.Value ?? "";
}

function firstUrl(json: unknown): string {
  return firstValue(json);
}
