import { Hono } from "hono";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { authenticate } from "./authenticate.js";
import { currentUserRoutes } from "./current-user.js";
import { entityAgentRoutes } from "./entities/entity-agent-routes.js";
import { entityRestRoutes } from "./entities/entity-rest-routes.js";
import { ENTITY_DESCRIPTIONS } from "./entities/index.js";
import { listRoutes } from "./lists/index.js";
import { jsonCharset } from "./json-charset.js";
import { registeredOriginsCors } from "../http/app-origins.js";
import { requestDates, tenantLookup } from "./tenant-lookup.js";
import { API, type TenantEnv } from "./tenant-env.js";
import { versionRoutes } from "./version.js";
import { archiveRoutes } from "./archive/routes.js";
import { archiveAgentRoutes } from "./archive/archive-agent.js";
import { listAgentRoutes } from "./entities/list-agents.js";
import { undeleteRoutes } from "./entities/soft-delete.js";
import { webhookRoutes } from "./webhooks/webhook-routes.js";
import { documentContentRoutes } from "./entities/document-content-routes.js";
import { documentAgentRoutes } from "./entities/document-agent-routes.js";
import { projectAgentRoutes } from "./entities/project-agent-routes.js";
import { udefRoutes } from "./udefs/udef-routes.js";

/**
 * The tenant web API at `/{ContextIdentifier}/api`: find the tenant (404/503), then the anonymous version
 * document, then authentication for everything under v1, then the endpoints.
 */
export function tenantApiRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  // Before everything else: a browser's preflight carries no token and names no tenant rules.
  const cors = registeredOriginsCors((origin) => ctx.store.apps.hasCorsOrigin(origin), "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  app.use("/:ctx/api", cors);
  app.use("/:ctx/api/*", cors);
  app.use("/:ctx/api", jsonCharset);
  app.use("/:ctx/api/*", jsonCharset);
  app.use("/:ctx/api", tenantLookup(ctx));
  app.use("/:ctx/api/*", tenantLookup(ctx));
  // NetServer's SOAP services (`netserver_url`) are not emulated, but the tenant rules hold there too:
  // unknown tenant 404, wrong host 421, not running 503 (identity.md §9.2), before the route's 404.
  app.use("/:ctx/remote/*", tenantLookup(ctx));
  app.route("/", versionRoutes(ctx));
  app.use(`${API}/*`, authenticate(ctx));
  app.use(`${API}/*`, requestDates);
  app.route("/", currentUserRoutes(ctx));
  app.route("/", listRoutes(ctx));
  // Before the entities: `v1/Contact/UdefLayout` is a layout, not a contact id.
  app.route("/", udefRoutes(ctx));
  for (const d of ENTITY_DESCRIPTIONS) {
    app.route("/", entityRestRoutes(ctx, d));
    app.route("/", entityAgentRoutes(ctx, d));
  }
  app.route("/", listAgentRoutes(ctx, ENTITY_DESCRIPTIONS));
  app.route("/", undeleteRoutes(ctx));
  app.route("/", projectAgentRoutes(ctx));
  app.route("/", documentContentRoutes(ctx));
  app.route("/", documentAgentRoutes(ctx));
  app.route("/", archiveRoutes(ctx));
  app.route("/", archiveAgentRoutes(ctx));
  app.route("/", webhookRoutes(ctx));
  return app;
}
