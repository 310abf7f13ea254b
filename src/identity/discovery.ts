import { Hono } from "hono";
import { cors } from "hono/cors";
import type { EmulatorContext } from "../emulator-context.js";
import { identityEndpoints } from "./endpoints.js";

/**
 * OpenID Connect discovery with SOD's field set (identity.md §2): no userinfo endpoint, client
 * authentication by post or basic, and `code_challenge_methods_supported` added for PKCE-aware clients.
 * Served under /login (SOD's authority) and at the root, so libraries that derive it from the issuer work.
 */
export function discoveryRoutes(ctx: EmulatorContext) {
  const document = () => {
    const e = identityEndpoints(ctx.urls);
    return {
      issuer: ctx.urls.issuer,
      authorization_endpoint: e.authorize,
      token_endpoint: e.tokens,
      end_session_endpoint: e.logout,
      jwks_uri: e.jwks,
      scopes_supported: ["openid"],
      response_modes_supported: ["form_post", "fragment", "query"],
      response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      grant_types_supported: ["implicit", "authorization_code", "refresh_token"],
      revocation_endpoint: e.revoke,
      code_challenge_methods_supported: ["plain", "S256"],
    };
  };
  const app = new Hono();
  // Browser apps fetch discovery cross-origin; only these two paths get CORS, not everything under /.
  app.use("/login/.well-known/openid-configuration", cors({ origin: "*" }));
  app.use("/.well-known/openid-configuration", cors({ origin: "*" }));
  app.get("/login/.well-known/openid-configuration", (c) => c.json(document()));
  app.get("/.well-known/openid-configuration", (c) => c.json(document()));
  return app;
}
