import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest } from "../../http/superoffice-error.js";
import { asInt } from "../json/lenient.js";
import { agentArguments } from "../lists/arguments.js";
import { tenantRoute } from "../operations.js";
import type { TenantEnv } from "../tenant-env.js";
import { entityEnv } from "./entity-env.js";
import { documentSummaryOf } from "./project-summaries.js";

/**
 * DocumentAgent's lists (Swagger-v1-DocumentAgent.json): the documents on a contact, person, project or
 * sale, as `Document` summaries, newest first; Count (where the request has it) caps the list, and
 * StartTime/EndTime bound the document date.
 */
const LISTS = [
  ["GetContactDocuments", "ContactId", "contact_id"],
  ["GetPersonDocuments", "PersonId", "person_id"],
  ["GetProjectDocuments", "ProjectId", "project_id"],
  ["GetSaleDocuments", "SaleId", "sale_id"],
] as const;

export function documentAgentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  for (const [method, argument, column] of LISTS) {
    app.post(tenantRoute(`Agents/Document/${method}`), async (c: Context<TenantEnv>) => {
      const env = entityEnv(ctx, c);
      const args = await agentArguments(c);
      const raw = args.value(argument);
      if (raw === undefined || raw === null) throw badRequest(`${argument} is required`);
      const key = asInt(raw, argument);
      const start = env.dates.read(args.value("StartTime") ?? null, "StartTime");
      const end = env.dates.read(args.value("EndTime") ?? null, "EndTime");
      const count = args.value("Count");
      const limit = count === undefined || count === null ? 0 : asInt(count, "Count");
      const rows = env.crm
        .where("documents", column, env.tenant.contextIdentifier, key)
        .filter((r) => (start === null || String(r.document_date) >= start) && (end === null || String(r.document_date) <= end))
        .sort((a, b) => String(b.document_date).localeCompare(String(a.document_date)) || Number(b.document_id) - Number(a.document_id));
      return c.json((limit > 0 ? rows.slice(0, limit) : rows).map((r) => documentSummaryOf(r, env)));
    });
  }
  return app;
}
