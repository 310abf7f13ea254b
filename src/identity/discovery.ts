import { Hono, type Context } from "hono";
import type { EmulatorContext, EmulatorUrls } from "../runtime/emulator-context.js";
import { identityEndpoints } from "./endpoints.js";
import { backchannelUrls } from "../runtime/backchannel.js";
import { plainResponse } from "../http/plain-response.js";

/**
 * OpenID Connect discovery with SOD's field set (identity.md §2): no userinfo endpoint, client
 * authentication by post or basic, and `code_challenge_methods_supported` added for PKCE-aware clients.
 * Served under /login (SOD's authority) and at the root, so libraries that derive it from the issuer work.
 */
export const JSON_CORS = { "content-type": "application/json; charset=utf-8", "access-control-allow-origin": "*" };

/**
 * A 200 of a serialised static document with JSON_CORS headers (plain headers: see plainResponse). The body is
 * the document's UTF-8 bytes, encoded once: a string would be measured and encoded again on every answer.
 */
export function staticJson(body: Uint8Array<ArrayBuffer>): Response {
  return plainResponse(body, JSON_CORS);
}

/** A browser's preflight for discovery or the JWKS (a GET with non-simple headers): any origin may read them. */
export function corsPreflight(c: Context) {
  const asked = c.req.header("access-control-request-headers");
  return c.body(null, 204, {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, HEAD, OPTIONS",
    ...(asked ? { "access-control-allow-headers": asked } : {}),
    "access-control-max-age": "86400",
  });
}

export function discoveryRoutes(ctx: EmulatorContext) {
  const document = (urls: EmulatorUrls) => {
    const e = identityEndpoints(urls);
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
  // Built on the first request for each back-channel origin (the public URL is known only after listening;
  // with --backchannel dynamic the token and JWKS URLs follow the request's host). Browser apps fetch it
  // cross-origin; a simple GET needs no preflight, so the one CORS header is set directly (hono's cors
  // middleware would cost this hot path its fast response).
  const bodies = new Map<string, Uint8Array<ArrayBuffer>>();
  const serve = (c: Context) => {
    const urls = backchannelUrls(ctx, c.req.url);
    const key = urls.backchannelUrl ?? "";
    let body = bodies.get(key);
    if (body === undefined) {
      // Own host names are few, but a Host header may carry any port: keep the cache small.
      if (bodies.size >= 16) bodies.clear();
      bodies.set(key, (body = UTF8.encode(JSON.stringify(document(urls)))));
    }
    return staticJson(body);
  };
  const app = new Hono();
  app.get("/login/.well-known/openid-configuration", serve);
  app.get("/.well-known/openid-configuration", serve);
  app.options("/login/.well-known/openid-configuration", corsPreflight);
  app.options("/.well-known/openid-configuration", corsPreflight);
  return app;
}

const UTF8 = new TextEncoder();
