import { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { requestSizeLimit } from "../http/body-limit.js";
import { notFound, onError } from "../http/fallbacks.js";
import { healthRoutes } from "./health.js";
import { identityRoutes } from "../identity/routes.js";
import { recordActivity } from "./middleware/request-log.js";
import { injectFaults } from "./middleware/faults.js";
import { lazyRoutes } from "../http/lazy-routes.js";
import { deferredRoutes } from "../http/deferred-routes.js";
import { emulatorOwnsHost, ownHostsOnly, refuseHostAsHtml, refuseHostAsJson } from "../runtime/own-hosts.js";
import { routingPath } from "../http/routing-path.js";
import { staticMatchCache } from "../http/static-match-cache.js";

/**
 * The emulator's HTTP surface: cross-cutting middleware first, then one sub-app per product area
 * (identity at /login, tenant API at /{ContextIdentifier}/api, portal at /portal).
 */
export function createApp(ctx: EmulatorContext) {
  // hono's default SmartRouter builds RegExpRouter on the first request and falls back to TrieRouter, because
  // RegExpRouter gives up on this route table (UnsupportedPathError, first at /login/logout). Naming TrieRouter
  // spares the first request (the start's /health) that failed build; every later request is routed alike.
  // Paths without parameters keep their match (static-match-cache.ts), as RegExpRouter's static map would.
  const app = new Hono({ getPath: routingPath, router: staticMatchCache(new TrieRouter()) });
  // The tenant API (/{ContextIdentifier}/api) is imported on its first request: first, so nothing else runs
  // for a request that only waits for it to load; its routes are added last, as if added at the end here.
  deferredRoutes(app, ["/:ctx/api", "/:ctx/api/*", "/:ctx/remote/*"], async () => (await import("../tenant-api/routes.js")).tenantApiRoutes(ctx));
  app.use(requestSizeLimit(ctx.config.maxBodyBytes));
  app.use(recordActivity(ctx, ctx.activity));
  app.use(injectFaults(ctx.faults));
  app.route("/", healthRoutes());
  // DNS rebinding: the admin API, the portal and the workshop hand out secrets and keys, so only the
  // emulator's own host names reach them.
  const ownsHost = emulatorOwnsHost(ctx);
  app.use("/_emulator/*", ownHostsOnly({ isOwnHost: ownsHost, refuse: refuseHostAsJson }));
  for (const pages of ["/portal", "/portal/*", "/workshop", "/workshop/*"]) app.use(pages, ownHostsOnly({ isOwnHost: ownsHost, refuse: refuseHostAsHtml }));
  app.route("/", lazyRoutes(["/_emulator/*"], async () => (await import("../admin/api/routes.js")).adminApiRoutes(ctx), routingPath));
  app.route("/", lazyRoutes(["/portal", "/portal/*"], async () => (await import("../portal/pages/routes.js")).portalRoutes(ctx), routingPath));
  app.route("/", lazyRoutes(["/workshop", "/workshop/*"], async () => (await import("../workshop/routes.js")).workshopRoutes(ctx), routingPath));
  app.route("/", identityRoutes(ctx));
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
