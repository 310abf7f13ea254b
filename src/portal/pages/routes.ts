import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { requireAdminKey } from "../../admin/api/admin-key.js";
import { activityPageRoutes } from "./activity.js";
import { appPageRoutes } from "./apps-routes.js";
import { forged } from "./responses.js";
import { tenantPageRoutes } from "./tenants-routes.js";
import { tokenPageRoutes } from "./tokens.js";
import { webPanelPageRoutes } from "./web-panels-page.js";
import { webhookPageRoutes } from "./webhooks-routes.js";

/**
 * The local Developer Portal: server-rendered pages at /portal (Apps, Tenants, Webhooks, Activity, Tokens) over the
 * same services as the admin API. Guarded by the admin key when one is set; every POST passes hono's
 * origin check and must carry the portal's CSRF token, then redirects (303) to a GET page.
 */
export function portalRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.use("/portal", requireAdminKey(ctx));
  app.use("/portal/*", requireAdminKey(ctx));
  app.use(
    "/portal/*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["data:"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use("/portal/*", csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === new URL(ctx.urls.publicUrl).origin }));
  app.use("/portal/*", async (c, next) => {
    await next();
    // Pages show client secrets: never cached.
    if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
  });
  // A refused origin is answered as a page, like a refused token.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 403) return forged(c);
    throw err;
  });

  app.get("/portal", (c) => c.redirect("/portal/apps", 302));
  app.route("/", appPageRoutes(ctx));
  app.route("/", tenantPageRoutes(ctx));
  app.route("/", webPanelPageRoutes(ctx));
  app.route("/", activityPageRoutes(ctx));
  app.route("/", tokenPageRoutes(ctx));
  app.route("/", webhookPageRoutes(ctx));
  return app;
}
