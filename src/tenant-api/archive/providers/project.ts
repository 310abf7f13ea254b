import { associatePart } from "./associate-columns.js";
import { assoc, assocJoin, bool, date, defineProvider, first, int, list, listJoin, nest, stampColumns, str, unstored } from "./columns.js";

/**
 * `Project` (Swagger-v1-Project.json `GET /api/v1/Project`): the tenant's projects with their owner
 * (`associate/…`). Column names follow SuperOffice's Project archive provider; what the emulator does not
 * store (images, ERP links, guides, events) is a constant of its type.
 */
export const projectProvider = defineProvider({
  name: "Project",
  entityName: "project",
  root: "projects pr",
  parts: () => [
    {
      joins: [listJoin("pty", "projecttype", "pr", "pr.type_id"), listJoin("pst", "projectstatus", "pr", "pr.status_id"), assocJoin("pa", "pr", "pr.associate_id"), assocJoin("reg", "pr", "pr.created_by"), assocJoin("upd", "pr", "pr.updated_by")],
      columns: [
        int("projectId", "pr.project_id"),
        str("name", "pr.name"),
        str("number", "pr.project_number"),
        list("type", "pr.type_id", "pty", "projecttype"),
        int("typeId", "COALESCE(pr.type_id, 0)"),
        list("status", "pr.status_id", "pst", "projectstatus"),
        int("statusId", "COALESCE(pr.status_id, 0)"),
        str("text", "pr.description"),
        str("postit", "pr.postit"),
        str("url", first("pr.urls")),
        assoc("associateId", "pr.associate_id", "pa"),
        int("userGroup", "pa.group_id"),
        bool("completed", "(pr.done = 1)"),
        date("endDate", "pr.end_date"),
        int("memberCount", "(SELECT count(*) FROM project_members pm WHERE pm.context_identifier = pr.context_identifier AND pm.project_id = pr.project_id)"),
        ...stampColumns("pr"),
        unstored.bool("hasImage"),
        unstored.bool("hasGuide"),
        unstored.bool("isPublished"),
        unstored.date("nextMilestone"),
        unstored.str("visibleFor"),
      ],
    },
    nest("associate/", associatePart("pa")),
  ],
  where: "pr.context_identifier = @ctx",
  primaryKey: "pr.project_id",
  defaultSelect: ["projectId", "name", "number", "status"],
  defaultOrder: "pr.project_id ASC",
});
