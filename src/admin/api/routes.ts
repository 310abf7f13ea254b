import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { requireAdminKey } from "./admin-key.js";
import { appAdminRoutes } from "./apps.js";
import { adminPreflight, sameOriginWrites } from "./cross-site.js";
import { emulatorAdminRoutes } from "./emulator.js";
import { tenantAdminRoutes } from "./tenants.js";
import { inboxReceiver, webhookAdminRoutes } from "./webhooks.js";

/** The admin API: JSON under /_emulator/v1, for test suites and scripts (README, "Admin API"). */
export function adminApiRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  // The local inbox receives webhooks, which carry no admin key and no JSON-only promise: before the guards.
  app.route("/", inboxReceiver(ctx));
  // Preflights carry no credentials, so they are answered before the key is asked for.
  app.use("/_emulator/*", adminPreflight(ctx));
  app.use("/_emulator/*", requireAdminKey(ctx));
  app.use("/_emulator/*", sameOriginWrites(ctx));
  app.route("/", tenantAdminRoutes(ctx));
  app.route("/", appAdminRoutes(ctx));
  app.route("/", emulatorAdminRoutes(ctx));
  app.route("/", webhookAdminRoutes(ctx));
  return app;
}
