import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { member, asInt } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import type { TenantEnv } from "../tenant-env.js";
import { entityOperations, tenantRoute, type EntityAgentRole, type TenantOperation } from "../operations.js";
import type { EntityAgentMethod, EntityDescription } from "./entity-description.js";
import { entityEnv, queryParam } from "./entity-env.js";
import { createEntity, defaultRow, deleteEntity, findEntity, parseId, updateEntity, validateEntity } from "./entity-pipeline.js";
import { agentArguments } from "../lists/arguments.js";

/**
 * `v1/Agents/{Entity}/...` (netserver.md §7): CreateDefault{E}Entity, Get{E}Entity (null when missing,
 * still 200), Save{E}Entity (id 0 creates), Delete{E}Entity, Validate{E}Entity, Get{E} for the simple
 * carrier, and the methods a description adds. Registered from the rows of tenant-api/operations.ts
 * (`entity`, `does`), so every method's full name, e.g. `Agents/Sale/GetSaleEntity`, is written there.
 * Arguments come in the query (any case) or the body; bodies may be JSON, `null` or empty.
 */
export function entityAgentRoutes(ctx: EmulatorContext, d: EntityDescription) {
  const app = new Hono<TenantEnv>();
  const idArgument = async (c: Context<TenantEnv>, name: string) => {
    const fromQuery = queryParam(c, name);
    if (fromQuery !== undefined) return parseId(fromQuery, name);
    const body = await readJsonBody(c);
    const fromBody = member(body, name);
    if (fromBody === undefined || fromBody === null) throw missingAgentParameter(c, name);
    return asInt(fromBody, name);
  };

  const handlers: Record<Exclude<EntityAgentRole, "GetList" | "DescriptionMethod">, (c: Context<TenantEnv>) => Response | Promise<Response>> = {
    CreateDefaultEntity: (c) => {
      const env = entityEnv(ctx, c);
      return c.json(d.show(defaultRow(d, env), env));
    },
    GetEntity: async (c) => {
      const env = entityEnv(ctx, c);
      const row = findEntity(d, env, await idArgument(c, `${d.name}EntityId`));
      return c.json(row ? d.show(row, env) : null);
    },
    Get: async (c) => {
      const env = entityEnv(ctx, c);
      const row = findEntity(d, env, await idArgument(c, `${d.name}Id`));
      return c.json(row ? d.summary(row, env) : null);
    },
    SaveEntity: async (c) => {
      const env = entityEnv(ctx, c);
      const input = requireObject(await readJsonBody(c), `${d.name}Entity`);
      const id = asInt(member(input, d.idMember), d.idMember);
      const row = id > 0 ? updateEntity(d, env, id, input) : createEntity(d, env, input);
      return c.json(d.show(row, env));
    },
    // Validate{E}Entity: the entity arrives wrapped, `{"ContactEntity": {…}}`.
    ValidateEntity: async (c) => {
      const body = requireObject(await readJsonBody(c), `Validate${d.name}Entity request`);
      const input = requireObject(member(body, `${d.name}Entity`) ?? null, `${d.name}Entity`);
      return c.json(validateEntity(d, entityEnv(ctx, c), input));
    },
    DeleteEntity: async (c) => {
      const env = entityEnv(ctx, c);
      deleteEntity(d, env, await idArgument(c, `${d.name}EntityId`));
      return c.body(null, 204);
    },
  };
  // A description's own methods (agentMethods) answer the rows that name them, e.g. Agents/Contact/GetContactWithPersons.
  const runMethod = async (c: Context<TenantEnv>, method: EntityAgentMethod) => {
    const env = entityEnv(ctx, c);
    const row = method.run(await agentArguments(c), env);
    return c.json(row ? d.show(row, env) : null);
  };
  const methodNamed = (op: TenantOperation) => d.agentMethods?.find((m) => op.name.toLowerCase() === `agents/${d.name}/${m.name}`.toLowerCase());

  const rows = entityOperations(d.name, ["CreateDefaultEntity", "GetEntity", "Get", "SaveEntity", "ValidateEntity", "DeleteEntity", "DescriptionMethod"]);
  for (const m of d.agentMethods ?? []) {
    if (!rows.some((op) => methodNamed(op) === m)) throw new Error(`${d.name}'s agent method ${m.name} has no row in tenant-api/operations.ts`);
  }
  for (const op of rows) {
    if (op.does !== "DescriptionMethod") {
      app.post(tenantRoute(op.name), handlers[op.does]);
      continue;
    }
    const method = methodNamed(op);
    if (!method) throw new Error(`${op.name} (tenant-api/operations.ts): the ${d.name} description has no agent method by that name`);
    app.post(tenantRoute(op.name), (c) => runMethod(c, method));
  }

  return app;
}

/**
 * What ASP.NET's model binding answers when an agent's required argument is missing (netserver.md §3):
 * a 200 (!) with `{Message, MessageDetail}`, which the official client then reads as the method's result.
 */
function missingAgentParameter(c: Context, name: string): HTTPException {
  const parameter = name[0]!.toLowerCase() + name.slice(1);
  const body = { Message: "The request is invalid.", MessageDetail: `The parameters dictionary contains a null entry for parameter '${parameter}' of non-nullable type 'System.Int32'.` };
  return new HTTPException(200 as 400, { res: c.json(body, 200) });
}
