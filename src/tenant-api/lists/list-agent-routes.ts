import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest } from "../../http/superoffice-error.js";
import type { Carrier } from "../carriers/carrier.js";
import { entityEnv } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { asInt } from "../json/lenient.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { agentArguments, idArray, type AgentArguments } from "./arguments.js";
import { LIST_KINDS, itemsOf } from "./list-kinds.js";
import { listEntity } from "./list-routes.js";

/**
 * `v1/Agents/List/...` for the seeded lists (netserver.md §7), method names and carriers as the official
 * client's ListAgent has them: `GetCategories` (small carriers, live items), `GetAllCurrencies`
 * (entity carriers, `includeDeleted`), `GetCategory?categoryId=` and `GetCurrencyEntity?currencyEntityId=`
 * (one item, 200 null when missing), `GetCategoryList` (body: bare array of ids).
 */
export function listAgentRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const path = (method: string) => `${API}/agents/list/${method.toLowerCase()}`;
  const idArgument = (args: AgentArguments, name: string) => {
    const raw = args.value(name);
    if (raw === undefined) throw badRequest(`${name} is required`);
    return typeof raw === "string" ? parseId(raw, name) : asInt(raw, name);
  };

  // GetListEntityByName: a list by its name in any case, or null, as agents answer a missing one.
  app.post(path("GetListEntityByName"), async (c) => {
    const name = (await agentArguments(c)).string("Name").toLowerCase();
    const kind = LIST_KINDS.find((k) => k.rest.toLowerCase() === name);
    return c.json(kind ? listEntity(kind) : null);
  });

  for (const kind of LIST_KINDS) {
    const { all, allEntities, get, getEntity, byIds } = kind.agent;
    const reference = kind.reference;

    if (all && reference) {
      app.post(path(all), (c) => {
        const env = entityEnv(ctx, c);
        return c.json(itemsOf(kind, env, false).map((it) => reference(env, it.item_id)));
      });
    }

    if (allEntities) {
      app.post(path(allEntities), async (c) => {
        const args = await agentArguments(c);
        const env = entityEnv(ctx, c);
        return c.json(itemsOf(kind, env, args.bool("includeDeleted")).map((it) => kind.entity(it, env)));
      });
    }

    if (get && reference) {
      app.post(path(get.method), async (c) => {
        const id = idArgument(await agentArguments(c), get.arg);
        return c.json(reference(entityEnv(ctx, c), id));
      });
    }

    if (getEntity) {
      app.post(path(getEntity.method), async (c) => {
        const id = idArgument(await agentArguments(c), getEntity.arg);
        const env = entityEnv(ctx, c);
        const it = env.crm.listItem(env.tenant.contextIdentifier, kind.list, id);
        return c.json(it ? kind.entity(it, env) : null);
      });
    }

    // Ids that match nothing are left out, as NetServer's Get{X}List does (INFERRED).
    if (byIds && reference) {
      app.post(path(byIds), async (c) => {
        const ids = idArray((await agentArguments(c)).body, `${kind.rest}Ids`);
        const env = entityEnv(ctx, c);
        return c.json(ids.map((id) => reference(env, id)).filter((x): x is Carrier => x !== null));
      });
    }
  }

  return app;
}
