import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest } from "../../http/superoffice-error.js";
import { asInt } from "../json/lenient.js";
import { agentArguments, type AgentArguments } from "../lists/arguments.js";
import { tenantRoute } from "../operations.js";
import type { TenantEnv } from "../tenant-env.js";
import { entityEnv } from "./entity-env.js";
import { loadEntity, updateEntity } from "./entity-pipeline.js";
import { projectDescription } from "./project.js";
import { projectMemberOf, projectSummaryOf } from "./project-summaries.js";

/**
 * ProjectAgent methods beyond the shared entity ones (Swagger-v1-ProjectAgent.json): a project's members,
 * the projects a company or person is a member of, the current user's projects, and SetCompleted.
 * Arguments come in the query or the body, any case.
 */
export function projectAgentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const id = (args: AgentArguments, name: string) => {
    const raw = args.value(name);
    if (raw === undefined || raw === null) throw badRequest(`${name} is required`);
    return asInt(raw, name);
  };

  app.post(tenantRoute("Agents/Project/GetProjectMembers"), async (c) => {
    const env = entityEnv(ctx, c);
    const projectId = id(await agentArguments(c), "ProjectId");
    return c.json(env.crm.where("project_members", "project_id", env.tenant.contextIdentifier, projectId).map((m) => projectMemberOf(m, env)));
  });

  app.post(tenantRoute("Agents/Project/GetProjectMember"), async (c) => {
    const env = entityEnv(ctx, c);
    const memberId = id(await agentArguments(c), "ProjectMemberId");
    const row = memberId > 0 ? env.crm.get("project_members", "projectmember_id", env.tenant.contextIdentifier, memberId) : undefined;
    return c.json(row ? projectMemberOf(row, env) : null);
  });

  // The projects a company's persons, or a person, are members of; each once, by id.
  const projectsWhere = (column: "contact_id" | "person_id") => async (c: Context<TenantEnv>) => {
    const env = entityEnv(ctx, c);
    const key = id(await agentArguments(c), column === "contact_id" ? "ContactId" : "PersonId");
    const ctxId = env.tenant.contextIdentifier;
    const ids = [...new Set(env.crm.where("project_members", column, ctxId, key).map((m) => m.project_id))].sort((a, b) => a - b);
    return c.json(ids.flatMap((p) => {
      const row = env.crm.get("projects", "project_id", ctxId, p);
      return row ? [projectSummaryOf(row, env)] : [];
    }));
  };
  app.post(tenantRoute("Agents/Project/GetProjectsFromContact"), projectsWhere("contact_id"));
  app.post(tenantRoute("Agents/Project/GetProjectsFromPerson"), projectsWhere("person_id"));

  // The current user's projects: those the associate owns, and with IncludeMemberProjects those its person is a member of.
  app.post(tenantRoute("Agents/Project/GetMyProjects"), async (c) => {
    const env = entityEnv(ctx, c);
    const args = await agentArguments(c);
    const ctxId = env.tenant.contextIdentifier;
    const me = env.crm.associate(ctxId, env.principal.associateId);
    const ids = new Set(env.crm.where("projects", "associate_id", ctxId, env.principal.associateId).map((p) => p.project_id));
    if (args.bool("IncludeMemberProjects") && typeof me?.person_id === "number") {
      for (const m of env.crm.where("project_members", "person_id", ctxId, me.person_id)) ids.add(m.project_id);
    }
    return c.json([...ids].sort((a, b) => a - b).flatMap((p) => {
      const row = env.crm.get("projects", "project_id", ctxId, p);
      return row ? [projectSummaryOf(row, env)] : [];
    }));
  });

  app.post(tenantRoute("Agents/Project/SetCompleted"), async (c) => {
    const env = entityEnv(ctx, c);
    const args = await agentArguments(c);
    const projectId = id(args, "ProjectId");
    loadEntity(projectDescription, env, projectId);
    updateEntity(projectDescription, env, projectId, { Completed: args.bool("IsCompleted") });
    return c.body(null, 204);
  });

  return app;
}
