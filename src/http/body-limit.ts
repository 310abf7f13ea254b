import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isTenantPath, respondSuperOfficeError, soError } from "./superoffice-error.js";

/**
 * Refuses request bodies over the configured size with 413 before any handler reads them. A declared
 * Content-Length decides at once; only chunked bodies go through hono's limiter, which has to count the
 * stream (and costs each request a full Request object). Requests without a body skip the check.
 */
export function requestSizeLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = async (c: Context) => {
    // Drop the unread rest of the body; left open, it stalls the connection until the server gives up
    // draining it and closes the socket, and the client sees a reset instead of this 413.
    await c.req.raw.body?.cancel().catch(() => undefined);
    const message = `Request body is larger than ${maxBytes} bytes`;
    if (isTenantPath(c.req.path)) return respondSuperOfficeError(c, soError("RequestTooLarge", message));
    return c.json({ error: "invalid_request", error_description: message }, 413);
  };
  const limit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  // Not async: a GET or HEAD goes on without an async frame of its own.
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    // A snapshot being restored is a whole database; that route sets its own, larger limit.
    if (c.req.path === "/_emulator/v1/restore") return next(); // the routing path, lower-cased
    const declared = c.req.header("content-length");
    if (declared !== undefined && /^\d+$/.test(declared)) return Number(declared) > maxBytes ? tooLarge(c) : next();
    if (c.req.header("transfer-encoding") === undefined) return next();
    return limit(c, next);
  };
}
