import { defineProvider } from "./columns.js";
import { contactPart } from "./contact-columns.js";

/**
 * `SimpleContact` (netserver.md §5.5): the companies behind `GET /api/v1/Contact`. Soft-deleted
 * companies are invisible. The columns (and the nested `contactAssociate/…`, `email/…`, `phone/…`,
 * `postAddress/…`, `streetAddress/…`, `url/…` groups) are the company group every provider shares.
 */
export const simpleContactProvider = defineProvider({
  name: "SimpleContact",
  entityName: "contact",
  root: "contacts c",
  parts: () => [contactPart("c")],
  where: "c.context_identifier = @ctx AND c.deleted_date IS NULL",
  primaryKey: "c.contact_id",
  defaultSelect: ["contactId", "name", "department", "category", "number"],
  defaultOrder: "c.contact_id ASC",
});
