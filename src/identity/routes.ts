import { Hono } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { authorizeRoutes } from "./authorize/authorize-endpoint.js";
import { discoveryRoutes } from "./discovery.js";
import { jwksRoutes } from "./jwks.js";
import { logoutRoutes } from "./logout.js";
import { tokenRoutes } from "./token/token-endpoint.js";

import { tenantStateRoutes } from "./tenant-state.js";
import { lazyRoutes } from "../http/lazy-routes.js";
import { routingPath } from "../http/routing-path.js";

/**
 * SuperID under /login (plus discovery at the root and the tenant status API at /api/state): one module
 * per endpoint.
 */
/** The system user's exchange (REST and SOAP), loaded with its first call. */
function systemUserRoutes(ctx: EmulatorContext) {
  return lazyRoutes(
    ["/login/api/partnersystemuser/*", "/login/services/partnersystemuserservice.svc"],
    async () => {
      const [{ systemUserRestRoutes }, { systemUserSoapRoutes }] = await Promise.all([import("./system-user/rest-endpoint.js"), import("./system-user/soap-endpoint.js")]);
      const app = new Hono();
      app.route("/", systemUserRestRoutes(ctx));
      app.route("/", systemUserSoapRoutes(ctx));
      return app;
    },
    routingPath,
  );
}

export function identityRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  // The screens: no framing, no scripts but the form_post one (by nonce), styles inline.
  const screenHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'unsafe-inline'"],
      scriptSrc: [NONCE],
      imgSrc: ["data:"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
    // Redirects to the app must carry no referrer with codes in it.
    referrerPolicy: "no-referrer",
  });
  app.use("/login/:tenant/oauth/authorize", screenHeaders);
  app.use("/login/logout", screenHeaders);
  app.route("/", discoveryRoutes(ctx));
  app.route("/", jwksRoutes(ctx));
  app.route("/", authorizeRoutes(ctx));
  // The screens' form posts load with the first sign-in; they set their own security headers, so the
  // CSP nonce and the page that uses it come from the same request context.
  app.route(
    "/",
    lazyRoutes(
      ["/login/interaction/*"],
      async () => {
        const { interactionRoutes } = await import("./interaction/routes.js");
        const screens = new Hono();
        screens.use("/login/interaction/*", screenHeaders);
        screens.route("/", interactionRoutes(ctx));
        return screens;
      },
      routingPath,
    ),
  );
  app.route("/", tokenRoutes(ctx));
  app.route("/", logoutRoutes(ctx));
  app.route("/", systemUserRoutes(ctx));
  app.route("/", tenantStateRoutes(ctx));
  return app;
}
