import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../emulator-context.js";
import { badRequest } from "../../server/superoffice-error.js";
import { member, asInt } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { API, type TenantEnv } from "../tenant-env.js";
import type { EntityDescription } from "./entity-description.js";
import { entityEnv, queryParam } from "./entity-env.js";
import { createEntity, defaultRow, deleteEntity, findEntity, parseId, updateEntity } from "./entity-pipeline.js";

/**
 * `v1/Agents/{Entity}/...` (netserver.md §7): CreateDefault{E}Entity, Get{E}Entity (null when missing,
 * still 200), Save{E}Entity (id 0 creates), Delete{E}Entity, and Get{E} for the simple carrier.
 * Arguments come in the query (any case) or the body; bodies may be JSON, `null` or empty.
 */
export function entityAgentRoutes(ctx: EmulatorContext, d: EntityDescription) {
  const app = new Hono<TenantEnv>();
  const e = d.name.toLowerCase();
  const base = `${API}/agents/${e}`;
  const idArgument = async (c: Context<TenantEnv>, name: string) => {
    const fromQuery = queryParam(c, name);
    if (fromQuery !== undefined) return parseId(fromQuery, name);
    const body = await readJsonBody(c);
    const fromBody = member(body, name);
    if (fromBody === undefined) throw badRequest(`${name} is required`);
    return asInt(fromBody, name);
  };

  app.post(`${base}/createdefault${e}entity`, (c) => {
    const env = entityEnv(ctx, c);
    return c.json(d.show(defaultRow(d, env), env));
  });

  app.post(`${base}/get${e}entity`, async (c) => {
    const env = entityEnv(ctx, c);
    const row = findEntity(d, env, await idArgument(c, `${d.name}EntityId`));
    return c.json(row ? d.show(row, env) : null);
  });

  app.post(`${base}/get${e}`, async (c) => {
    const env = entityEnv(ctx, c);
    const row = findEntity(d, env, await idArgument(c, `${d.name}Id`));
    return c.json(row ? d.summary(row, env) : null);
  });

  app.post(`${base}/save${e}entity`, async (c) => {
    const env = entityEnv(ctx, c);
    const input = requireObject(await readJsonBody(c), `${d.name}Entity`);
    const id = asInt(member(input, d.idMember), d.idMember);
    const row = id > 0 ? updateEntity(d, env, id, input) : createEntity(d, env, input);
    return c.json(d.show(row, env));
  });

  app.post(`${base}/delete${e}entity`, async (c) => {
    const env = entityEnv(ctx, c);
    deleteEntity(d, env, await idArgument(c, `${d.name}EntityId`));
    return c.body(null, 204);
  });

  return app;
}
