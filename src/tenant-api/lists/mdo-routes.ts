import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { badRequest } from "../../http/superoffice-error.js";
import { entityEnv, queryParam } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { asInt } from "../json/lenient.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { agentArguments, asSent, flag, type AgentArguments } from "./arguments.js";
import { mdoList, mdoListEntry } from "./mdo.js";

/**
 * MDO lists over REST (`GET v1/MDOList/{name}?flat=&additional=&query=`) and the MDO agent
 * (`v1/Agents/MDO/GetList`, `GetListWithRestriction`, `GetSimpleList`, `GetListItem`; arguments as the
 * official client's MDOAgent sends them). `additional`/`additionalInfo` narrows nothing in the emulator.
 */
export function mdoRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const base = `${API}/agents/mdo`;
  const required = (args: AgentArguments, name: string) => {
    const value = args.string(name);
    if (value.trim() === "") throw badRequest(`${name} is required`);
    return value;
  };

  app.get(`${API}/mdolist/:name`, (c) => {
    flag(queryParam(c, "flat"), "flat");
    return c.json(mdoList(entityEnv(ctx, c), asSent(c, c.req.param("name")), queryParam(c, "query") ?? ""));
  });

  // The emulator keeps no per-user history, so onlyHistory asks for nothing.
  app.post(`${base}/getlist`, async (c) => {
    const args = await agentArguments(c);
    const name = required(args, "name");
    args.bool("forceFlatList");
    if (args.bool("onlyHistory")) return c.json([]);
    return c.json(mdoList(entityEnv(ctx, c), name, args.string("searchValue")));
  });

  app.post(`${base}/getlistwithrestriction`, async (c) => {
    const args = await agentArguments(c);
    return c.json(mdoList(entityEnv(ctx, c), required(args, "name"), args.string("searchValue")));
  });

  app.post(`${base}/getsimplelist`, async (c) => {
    const args = await agentArguments(c);
    return c.json(mdoList(entityEnv(ctx, c), required(args, "name"), ""));
  });

  // Agent convention (netserver.md §7): a missing item is 200 with body null.
  app.post(`${base}/getlistitem`, async (c) => {
    const args = await agentArguments(c);
    const name = required(args, "listName");
    const raw = args.value("id");
    if (raw === undefined) throw badRequest("id is required");
    const id = typeof raw === "string" ? parseId(raw, "id") : asInt(raw, "id");
    return c.json(mdoListEntry(entityEnv(ctx, c), name, id));
  });

  return app;
}
