import { contactPart } from "./contact-columns.js";
import { contactJoin, defineProvider, int, list, listJoin, nest, personJoin, stampColumns, assocJoin, str } from "./columns.js";
import { personPart } from "./person-columns.js";

/**
 * `ProjectMember`: a project's members (the persons on it, with their company), behind
 * `GET /api/v1/Project/{id}/Members`. A member whose person or company was soft-deleted shows it as nothing.
 */
export const projectMemberProvider = defineProvider({
  name: "ProjectMember",
  entityName: "projectmember",
  root: "project_members m",
  parts: () => [
    {
      joins: [listJoin("mt", "projectmembertype", "m", "m.member_type_id"), contactJoin("c", "m", "m.contact_id"), personJoin("p", "m", "m.person_id"), assocJoin("reg", "m", "m.created_by"), assocJoin("upd", "m", "m.updated_by")],
      columns: [
        int("projectMemberId", "m.projectmember_id"),
        int("projectId", "m.project_id"),
        int("contactId", "COALESCE(c.contact_id, 0)"),
        int("personId", "COALESCE(p.person_id, 0)"),
        list("projectMemberType", "m.member_type_id", "mt", "projectmembertype"),
        str("comment", "m.comment"),
        ...stampColumns("m"),
      ],
    },
    nest("contact/", contactPart("c")),
    nest("person/", personPart("p")),
  ],
  where: "m.context_identifier = @ctx",
  primaryKey: "m.projectmember_id",
  defaultSelect: ["projectMemberId", "personId", "contactId", "projectMemberType"],
  defaultOrder: "m.projectmember_id ASC",
});
