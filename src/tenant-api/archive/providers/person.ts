import { defineProvider, nest } from "./columns.js";
import { contactPart } from "./contact-columns.js";
import { personCompany, personPart } from "./person-columns.js";

/**
 * `Person` (netserver.md §5.5): the persons behind `GET /api/v1/Person`, with their company as the
 * `personContact/…` group. Soft-deleted persons are invisible, and so are persons whose company is
 * soft-deleted (`personPart` joins live companies only, so a set company id without a joined row
 * means the company is deleted).
 */
const company = personCompany("p");

export const personProvider = defineProvider({
  name: "Person",
  entityName: "person",
  root: "persons p",
  parts: () => [personPart("p"), nest("personContact/", contactPart(company))],
  where: `p.context_identifier = @ctx AND p.deleted_date IS NULL AND (p.contact_id IS NULL OR ${company}.contact_id IS NOT NULL)`,
  primaryKey: "p.person_id",
  defaultSelect: ["personId", "fullName", "contactId"],
  defaultOrder: "p.person_id ASC",
});
