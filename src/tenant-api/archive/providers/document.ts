import { associatePart } from "./associate-columns.js";
import { assoc, assocJoin, bool, contactJoin, date, defineProvider, int, leftJoin, list, listJoin, nest, personJoin, stampColumns, str, unstored } from "./columns.js";
import { contactPart } from "./contact-columns.js";
import { personPart } from "./person-columns.js";

/**
 * `Document` (Swagger-v1-Document.json `GET /api/v1/Document`): the tenant's documents with the
 * `contact/…`, `person/…` and `associate/…` groups, and the project and sale they belong to.
 */
export const documentProvider = defineProvider({
  name: "Document",
  entityName: "document",
  root: "documents d",
  parts: () => [
    {
      joins: [
        listJoin("dt", "doctmpl", "d", "d.template_id"),
        assocJoin("da", "d", "d.associate_id"),
        assocJoin("reg", "d", "d.created_by"),
        assocJoin("upd", "d", "d.updated_by"),
        contactJoin("c", "d", "d.contact_id"),
        personJoin("p", "d", "d.person_id"),
        leftJoin("projects", "dpr", "d", "project_id", "d.project_id"),
        leftJoin("sales", "ds", "d", "sale_id", "d.sale_id"),
      ],
      columns: [
        int("documentId", "d.document_id"),
        date("date", "d.document_date"),
        str("subject", "d.header", { aliases: ["header"] }),
        str("name", "d.name"),
        str("ourref", "d.our_ref"),
        str("yourref", "d.your_ref"),
        str("attention", "d.attention"),
        str("text", "d.description"),
        list("documentTemplate", "d.template_id", "dt", "doctmpl"),
        bool("completed", "(d.completed = 'Completed')"),
        assoc("associateId", "d.associate_id", "da"),
        int("contactId", "COALESCE(c.contact_id, 0)"),
        int("personId", "COALESCE(p.person_id, 0)"),
        int("projectId", "COALESCE(dpr.project_id, 0)"),
        str("project/name", "COALESCE(dpr.name, '')"),
        int("saleId", "COALESCE(ds.sale_id, 0)"),
        str("sale/heading", "COALESCE(ds.heading, '')"),
        int("size", "(SELECT length(CAST(dc.content AS BLOB)) FROM document_content dc WHERE dc.context_identifier = d.context_identifier AND dc.document_id = d.document_id)"),
        ...stampColumns("d"),
        unstored.str("keywords"),
        unstored.bool("isPublished"),
        unstored.str("visibleFor"),
      ],
    },
    nest("contact/", contactPart("c")),
    nest("person/", personPart("p")),
    nest("associate/", associatePart("da")),
  ],
  where: "d.context_identifier = @ctx",
  primaryKey: "d.document_id",
  defaultSelect: ["documentId", "date", "subject", "name"],
  defaultOrder: "d.document_id ASC",
});
