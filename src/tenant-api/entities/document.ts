import type { CrmValues } from "../../store/crm.js";
import { carrier, FULL_TABLE_RIGHT } from "../carriers/carrier.js";
import { asString, has, member } from "../json/lenient.js";
import { unsavedStamps } from "./entity-pipeline.js";
import type { EntityDescription } from "./entity-description.js";
import { documentSummaryOf, documentTemplateOf, projectSummary } from "./project-summaries.js";
import { checkPersonOfContact, readEnums, readReferences, readScalars, type ReferenceSpec } from "./read-helpers.js";
import { saleSummaryOf } from "./summaries.js";

/**
 * DocumentEntity (Swagger-v1-Document.json): a document's metadata, on a contact (and maybe one of its
 * persons), a project or a sale, made from a template (SuperOffice's doctmpl list). Its bytes are apart
 * (document-content-routes.ts). Hard-deleted, with its content.
 */
const REFERENCES: readonly ReferenceSpec[] = [
  { member: "Associate", column: "associate_id", idNames: ["AssociateId", "Id"], target: { kind: "associate" } },
  { member: "Contact", column: "contact_id", idNames: ["ContactId", "Id"], target: { kind: "row", table: "contacts", idColumn: "contact_id" } },
  { member: "Person", column: "person_id", idNames: ["PersonId", "Id"], target: { kind: "row", table: "persons", idColumn: "person_id" } },
  { member: "Project", column: "project_id", idNames: ["ProjectId", "Id"], target: { kind: "row", table: "projects", idColumn: "project_id" } },
  { member: "Sale", column: "sale_id", idNames: ["SaleId", "Id"], target: { kind: "row", table: "sales", idColumn: "sale_id" } },
  { member: "DocumentTemplate", column: "template_id", idNames: ["DocumentTemplateId", "Id"], target: { kind: "list", list: "doctmpl" } },
];

export const documentDescription: EntityDescription<"documents"> = {
  name: "Document",
  table: "documents",
  idColumn: "document_id",
  idMember: "DocumentId",
  sequence: "document",
  softDelete: false,

  show(row, env) {
    const { refs, dates } = env;
    const sale = typeof row.sale_id === "number" ? env.crm.get("sales", "sale_id", env.tenant.contextIdentifier, row.sale_id) : undefined;
    return carrier("DocumentEntity", {
      DocumentId: row.document_id,
      UpdatedBy: refs.associate(row.updated_by),
      CreatedBy: refs.associate(row.created_by),
      Attention: row.attention,
      Header: row.header,
      Name: row.name,
      OurRef: row.our_ref,
      YourRef: row.your_ref,
      CreatedDate: dates.showUtc(row.created_date),
      UpdatedDate: dates.showUtc(row.updated_date),
      Description: row.description,
      DocumentTemplate: documentTemplateOf(row.template_id, env),
      Person: refs.personSummary(row.person_id),
      Associate: refs.associate(row.associate_id),
      Contact: refs.contactSummary(row.contact_id),
      Project: projectSummary(row.project_id, env),
      Date: dates.show(row.document_date),
      ExternalRef: row.external_ref,
      Completed: row.completed,
      ActiveLinks: 0,
      Type: "Document",
      Links: [],
      LockSemantics: "None",
      Sale: sale ? saleSummaryOf(sale, env) : null,
      UserDefinedFields: {},
      ExtraFields: {},
      CustomFields: {},
      IsPublished: false,
      VisibleFor: [],
      TableRight: FULL_TABLE_RIGHT,
      FieldProperties: {},
    });
  },

  summary: (row, env) => documentSummaryOf(row, env),

  defaults(env, id) {
    const template = env.crm.listItems(env.tenant.contextIdentifier, "doctmpl")[0];
    return Object.assign(unsavedStamps(env), {
      document_id: id,
      associate_id: env.principal.associateId,
      contact_id: null,
      person_id: null,
      project_id: null,
      sale_id: null,
      template_id: template?.item_id ?? null,
      header: "",
      name: "",
      our_ref: "",
      your_ref: "",
      attention: "",
      description: "",
      external_ref: "",
      document_date: env.now,
      completed: "NotStarted",
    });
  },

  read(input, env, existing) {
    const out: CrmValues = Object.assign(
      readScalars(input, [
        ["Header", "header", asString],
        ["Name", "name", asString],
        ["OurRef", "our_ref", asString],
        ["YourRef", "your_ref", asString],
        ["Attention", "attention", asString],
        ["Description", "description", asString],
        ["ExternalRef", "external_ref", asString],
      ]),
      readReferences(input, env, REFERENCES),
      readEnums(input, "DocumentEntity", [["Completed", "completed"]]),
    );
    if ("associate_id" in out && out.associate_id === null) delete out.associate_id;
    // Date is NOT NULL: an empty date keeps the current (or default) one.
    const date = has(input, "Date") ? env.dates.read(member(input, "Date"), "Date") : null;
    if (date !== null) out.document_date = date;
    checkPersonOfContact(input, env, existing, out);
    return out;
  },

  /** A document saved without a file name gets one from its header and template, as SOD makes it. */
  afterCreate(row, env) {
    if (row.name) return row;
    const template = typeof row.template_id === "number" ? env.crm.listItem(env.tenant.contextIdentifier, "doctmpl", row.template_id) : undefined;
    const stem = String(row.header || template?.name || "Document").replace(/[^\p{L}\p{N}]+/gu, "_").slice(0, 40);
    return Object.assign(row, { name: `${stem}_${row.document_id}${String(template?.attributes.Extension ?? "")}` });
  },
};
