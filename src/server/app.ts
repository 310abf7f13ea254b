import { Hono } from "hono";
import { getPath } from "hono/utils/url";
import type { EmulatorContext } from "../emulator-context.js";
import { requestSizeLimit } from "./body-limit.js";
import { notFound, onError } from "./fallbacks.js";
import { healthRoutes } from "./health.js";
import { identityRoutes } from "../identity/routes.js";
import { tenantApiRoutes } from "../tenant-api/routes.js";
import { recordActivity } from "../portal/activity.js";
import { injectFaults } from "../portal/faults.js";
import { adminApiRoutes } from "../portal/admin-api/routes.js";

/**
 * The emulator's HTTP surface: cross-cutting middleware first, then one sub-app per product area
 * (identity at /login, tenant API at /{ContextIdentifier}/api, portal at /portal).
 */
export function createApp(ctx: EmulatorContext) {
  // SOD runs on IIS, where paths are case-insensitive; clients mix /login and /Login. Routes are
  // declared in lower case and matched against the lower-cased path, so c.req.path and path parameters
  // arrive lower-cased: ids in paths must not depend on case (numbers, hex), and messages should show
  // new URL(c.req.url).pathname.
  const app = new Hono({ getPath: (request) => getPath(request).toLowerCase() });
  app.use(requestSizeLimit(ctx.config.maxBodyBytes));
  app.use(recordActivity(ctx, ctx.activity));
  app.use(injectFaults(ctx.faults));
  app.route("/", healthRoutes());
  app.route("/", adminApiRoutes(ctx));
  app.route("/", identityRoutes(ctx));
  app.route("/", tenantApiRoutes(ctx));
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
