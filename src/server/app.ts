import { Hono } from "hono";
import type { EmulatorContext } from "../emulator-context.js";
import { requestSizeLimit } from "./body-limit.js";
import { notFound, onError } from "./fallbacks.js";
import { healthRoutes } from "./health.js";

/**
 * The emulator's HTTP surface: cross-cutting middleware first, then one sub-app per product area
 * (identity at /login, tenant API at /{ContextIdentifier}/api, portal at /portal).
 */
export function createApp(ctx: EmulatorContext) {
  const app = new Hono();
  app.use(requestSizeLimit(ctx.config.maxBodyBytes));
  app.route("/", healthRoutes());
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
