import { badRequest } from "../../http/superoffice-error.js";
import type { CrmValues } from "../../store/crm.js";
import { carrier, FULL_TABLE_RIGHT } from "../carriers/carrier.js";
import { entityElements } from "../carriers/references.js";
import { asBool, asInt, asString, has, member, referenceId, type Json } from "../json/lenient.js";
import { unsavedStamps } from "./entity-pipeline.js";
import type { EntityDescription, EntityEnv } from "./entity-description.js";
import { projectListItem, projectMemberOf, projectSummaryOf } from "./project-summaries.js";
import { readElements, readReferences, readScalars, type ReferenceSpec } from "./read-helpers.js";

/**
 * ProjectEntity (Swagger-v1-Project.json): a project owned by an associate, with its members (persons,
 * with their company). Hard-deleted, as SOD does (soft delete is for contacts and persons): its members
 * go with it, and appointments, sales and documents keep existing without the link.
 */
const REFERENCES: readonly ReferenceSpec[] = [
  { member: "Associate", column: "associate_id", idNames: ["AssociateId", "Id"], target: { kind: "associate" } },
  { member: "ProjectStatus", column: "status_id", idNames: ["Id", "ProjectStatusId"], target: { kind: "list", list: "projectstatus" } },
  { member: "ProjectType", column: "type_id", idNames: ["Id", "ProjectTypeId"], target: { kind: "list", list: "projecttype" } },
];

export const projectDescription: EntityDescription<"projects"> = {
  name: "Project",
  table: "projects",
  idColumn: "project_id",
  idMember: "ProjectId",
  sequence: "project",
  softDelete: false,

  show(row, env) {
    const { refs, dates } = env;
    const id = row.project_id;
    const members = id > 0 ? env.crm.where("project_members", "project_id", env.tenant.contextIdentifier, id) : [];
    return carrier("ProjectEntity", {
      ProjectId: row.project_id,
      Name: row.name,
      ProjectNumber: row.project_number,
      ProjectMembers: members.map((m) => projectMemberOf(m, env)),
      Urls: entityElements(row.urls),
      CreatedDate: dates.showUtc(row.created_date),
      UpdatedDate: dates.showUtc(row.updated_date),
      Description: row.description,
      Postit: row.postit,
      CreatedBy: refs.associate(row.created_by),
      UpdatedBy: refs.associate(row.updated_by),
      Associate: refs.associate(row.associate_id),
      ProjectStatus: projectListItem("ProjectStatus", row.status_id, env),
      ProjectType: projectListItem("ProjectType", row.type_id, env),
      HasImage: false,
      Links: [],
      ActiveLinks: 0,
      Completed: row.done === 1,
      EndDate: dates.show(row.end_date),
      UserDefinedFields: {},
      ExtraFields: {},
      CustomFields: {},
      IsPublished: false,
      TableRight: FULL_TABLE_RIGHT,
      FieldProperties: {},
    });
  },

  summary: (row, env) => projectSummaryOf(row, env),

  defaults(env, id) {
    const ctx = env.tenant.contextIdentifier;
    return Object.assign(unsavedStamps(env), {
      project_id: id,
      associate_id: env.principal.associateId,
      name: "",
      project_number: "",
      description: "",
      postit: "",
      type_id: env.crm.listItems(ctx, "projecttype")[0]?.item_id ?? null,
      status_id: env.crm.listItems(ctx, "projectstatus")[0]?.item_id ?? null,
      urls: "[]",
      done: 0,
      end_date: null,
    });
  },

  read(input, env) {
    const out: CrmValues = Object.assign(
      readScalars(input, [
        ["Name", "name", asString],
        ["ProjectNumber", "project_number", asString],
        ["Description", "description", asString],
        ["Postit", "postit", asString],
        ["Urls", "urls", readElements],
        ["Completed", "done", (v, f) => (asBool(v, f) ? 1 : 0)],
      ]),
      readReferences(input, env, REFERENCES),
    );
    // The project needs an owner (NOT NULL): an empty Associate keeps the current one.
    if ("associate_id" in out && out.associate_id === null) delete out.associate_id;
    if (has(input, "EndDate")) out.end_date = env.dates.read(member(input, "EndDate"), "EndDate");
    if (has(input, "ProjectMembers")) readMembers(member(input, "ProjectMembers"), env);
    return out;
  },

  /** SOD numbers a project without a number by its id. */
  afterCreate(row) {
    return row.project_number ? row : Object.assign(row, { project_number: String(row.project_id) });
  },

  /** ProjectMembers, when sent, are the project's members: new ones are added, missing ones removed. */
  saveChildren(id, input, env) {
    if (!has(input, "ProjectMembers")) return;
    const ctx = env.tenant.contextIdentifier;
    const actor = env.principal.associateId;
    const wanted = readMembers(member(input, "ProjectMembers"), env);
    const existing = env.crm.where("project_members", "project_id", ctx, id);
    const kept = new Set<number>();
    for (const m of wanted) {
      const same = existing.find((e) => (m.id > 0 && e.projectmember_id === m.id) || (m.id === 0 && e.person_id === m.personId && !kept.has(e.projectmember_id)));
      if (same) {
        kept.add(same.projectmember_id);
        const changes: CrmValues = {};
        if (m.typeId !== undefined) changes.member_type_id = m.typeId;
        if (m.comment !== undefined) changes.comment = m.comment;
        if (Object.keys(changes).length > 0) env.crm.update("project_members", "projectmember_id", ctx, same.projectmember_id, Object.assign(changes, { updated_date: env.now, updated_by: actor }), actor);
        continue;
      }
      const memberId = env.crm.nextId(ctx, "projectmember");
      kept.add(memberId);
      env.crm.insert(
        "project_members",
        { context_identifier: ctx, projectmember_id: memberId, project_id: id, contact_id: m.contactId, person_id: m.personId, member_type_id: m.typeId ?? null, comment: m.comment ?? "", created_date: env.now, created_by: actor, updated_date: null, updated_by: null },
        actor,
      );
    }
    for (const e of existing) if (!kept.has(e.projectmember_id)) env.crm.remove("project_members", "projectmember_id", ctx, e.projectmember_id, actor);
  },

  cascadeDelete(row, env) {
    const ctx = env.tenant.contextIdentifier;
    const actor = env.principal.associateId;
    const id = row.project_id;
    for (const m of env.crm.where("project_members", "project_id", ctx, id)) env.crm.remove("project_members", "projectmember_id", ctx, m.projectmember_id, actor);
    for (const table of ["appointments", "sales", "documents"] as const) env.crm.clearReferences(table, "project_id", ctx, id, actor);
  },
};

interface MemberInput {
  id: number;
  personId: number;
  contactId: number | null;
  typeId: number | null | undefined;
  comment: string | undefined;
}

/** `ProjectMembers: [{PersonId, ProjectMemberTypeId, Comment}]`: each a person of this tenant, once. */
function readMembers(value: unknown, env: EntityEnv): MemberInput[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest("ProjectMembers: expected an array of ProjectMember");
  const ctx = env.tenant.contextIdentifier;
  const seen = new Set<number>();
  return (value as Json[]).map((m, i) => {
    const field = `ProjectMembers[${i}]`;
    if (m === null || typeof m !== "object" || Array.isArray(m)) throw badRequest(`${field}: expected a ProjectMember object`);
    const personId = has(m, "PersonId") ? asInt(member(m, "PersonId"), `${field}.PersonId`) : has(m, "Person") ? referenceId(member(m, "Person"), ["PersonId", "Id"], `${field}.Person`) : 0;
    const person = personId > 0 ? env.crm.get("persons", "person_id", ctx, personId) : undefined;
    if (!person) throw badRequest(`${field}.PersonId: there is no person with id ${personId} in ${ctx}`);
    if (seen.has(personId)) throw badRequest(`${field}.PersonId: person ${personId} is already a member`);
    seen.add(personId);
    let typeId: number | null | undefined;
    if (has(m, "ProjectMemberTypeId")) {
      typeId = asInt(member(m, "ProjectMemberTypeId"), `${field}.ProjectMemberTypeId`) || null;
      if (typeId !== null && !env.crm.listItem(ctx, "projectmembertype", typeId)) throw badRequest(`${field}.ProjectMemberTypeId: there is no projectmembertype with id ${typeId} in ${ctx}`);
    }
    return {
      id: has(m, "ProjectmemberId") ? asInt(member(m, "ProjectmemberId"), `${field}.ProjectmemberId`) : 0,
      personId,
      contactId: person.contact_id,
      typeId,
      comment: has(m, "Comment") ? asString(member(m, "Comment"), `${field}.Comment`) : undefined,
    };
  });
}
