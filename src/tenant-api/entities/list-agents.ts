import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest } from "../../http/superoffice-error.js";
import { asInt, member } from "../json/lenient.js";
import { readJsonBody } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { entityOperations, tenantRoute } from "../operations.js";
import type { EntityDescription } from "./entity-description.js";
import { entityEnv, queryParam } from "./entity-env.js";
import { findEntity, parseId } from "./entity-pipeline.js";

/**
 * Agents that return lists of simple carriers (netserver.md §7): `Get{Entity}List` with a body of ids
 * (ids that do not exist are left out; registered from the `GetList` rows of tenant-api/operations.ts,
 * e.g. `Agents/Sale/GetSaleList`), and `Contact/GetPersons` for a company's persons.
 */
export function listAgentRoutes(ctx: EmulatorContext, descriptions: readonly EntityDescription[]) {
  const app = new Hono<TenantEnv>();
  const getList = async (c: Context<TenantEnv>, d: EntityDescription) => {
    const body = await readJsonBody(c);
    const ids = Array.isArray(body) ? body : member(body, `${d.name}Ids`);
    if (!Array.isArray(ids)) throw badRequest(`expected a JSON array of ${d.name} ids`);
    const env = entityEnv(ctx, c);
    return c.json(ids.map((id, i) => findEntity(d, env, asInt(id, `[${i}]`))).flatMap((row) => (row ? [d.summary(row, env)] : [])));
  };
  for (const d of descriptions) {
    for (const op of entityOperations(d.name, ["GetList"])) {
      app.post(tenantRoute(op.name), (c) => getList(c, d));
    }
  }
  app.post(`${API}/agents/contact/getpersons`, async (c) => {
    const fromQuery = queryParam(c, "contactId");
    const contactId = fromQuery !== undefined ? parseId(fromQuery, "contactId") : asInt(member(await readJsonBody(c), "ContactId"), "ContactId");
    const env = entityEnv(ctx, c);
    return c.json(env.crm.where("persons", "contact_id", env.tenant.contextIdentifier, contactId).map(env.refs.personSummaryOf));
  });
  return app;
}
