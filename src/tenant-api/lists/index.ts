import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { TenantEnv } from "../tenant-env.js";
import { listAgentRoutes } from "./list-agent-routes.js";
import { listRestRoutes } from "./list-routes.js";
import { listWriteAgentRoutes } from "./list-write-agent-routes.js";
import { listWriteRoutes } from "./list-write-routes.js";
import { mdoRoutes } from "./mdo-routes.js";
import { webPanelRoutes } from "./web-panels.js";

/** Tenant lists over REST (`v1/List`, `v1/MDOList`) and Agents (`Agents/List`, `Agents/MDO`). */
export function listRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  // Web panels first: `v1/List/WebPanel/Items` would otherwise be taken for a list named WebPanel.
  app.route("/", webPanelRoutes(ctx));
  app.route("/", listRestRoutes(ctx));
  app.route("/", listWriteRoutes(ctx));
  app.route("/", listAgentRoutes(ctx));
  app.route("/", listWriteAgentRoutes(ctx));
  app.route("/", mdoRoutes(ctx));
  return app;
}
