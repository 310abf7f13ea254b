import type { Context, MiddlewareHandler, Next } from "hono";

/**
 * CORS for the origins apps registered in the Developer Portal ("CORS URLs", identity.md §11): a browser app
 * served from one of them may call the tenant web API (and exchange its code at the token endpoint) with
 * fetch. Other origins get no CORS headers, so browsers keep refusing them. A preflight carries no
 * credentials, so it is answered for any origin some app registered, before authentication.
 */
export function registeredOriginsCors(isRegisteredOrigin: (origin: string) => boolean, methods: string): MiddlewareHandler {
  // Not async: a call from no registered origin (any server-side client) goes on without an async frame.
  return (c, next) => {
    const origin = c.req.header("origin");
    if (!origin || !isRegisteredOrigin(origin)) return next();
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) return preflight(c, origin, methods);
    return withCorsHeaders(c, next, origin);
  };
}

async function withCorsHeaders(c: Context, next: Next, origin: string) {
  await next();
  c.res.headers.set("access-control-allow-origin", origin);
  c.res.headers.append("vary", "Origin");
  c.res.headers.set("access-control-expose-headers", "Last-Modified, WWW-Authenticate");
}

async function preflight(c: Context, origin: string, methods: string) {
  const asked = c.req.header("access-control-request-headers");
  return c.body(null, 204, {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": methods,
    ...(asked ? { "access-control-allow-headers": asked } : {}),
    "access-control-max-age": "600",
    vary: "Origin",
  });
}
