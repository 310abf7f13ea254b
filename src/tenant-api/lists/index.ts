import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { TenantEnv } from "../tenant-env.js";
import { listAgentRoutes } from "./list-agent-routes.js";
import { listRestRoutes } from "./list-routes.js";
import { mdoRoutes } from "./mdo-routes.js";

/** Tenant lists over REST (`v1/List`, `v1/MDOList`) and Agents (`Agents/List`, `Agents/MDO`). */
export function listRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  app.route("/", listRestRoutes(ctx));
  app.route("/", listAgentRoutes(ctx));
  app.route("/", mdoRoutes(ctx));
  return app;
}
