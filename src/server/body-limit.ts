import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { isTenantPath, respondSuperOfficeError } from "./superoffice-error.js";

/**
 * Refuses request bodies over the configured size with 413 before any handler reads them. Requests
 * without a body (GET, HEAD, or no Content-Length and no chunked body) skip the check: hono's limiter
 * reads the body stream, which costs every GET a full Request object.
 */
export function requestSizeLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      const message = `Request body is larger than ${maxBytes} bytes`;
      if (isTenantPath(c.req.path)) return respondSuperOfficeError(c, 413, "RequestTooLarge", message);
      return c.json({ error: "invalid_request", error_description: message }, 413);
    },
  });
  return async (c, next) => {
    const method = c.req.method;
    const hasBody = c.req.header("content-length") !== undefined || c.req.header("transfer-encoding") !== undefined;
    if (method === "GET" || method === "HEAD" || !hasBody) return next();
    return limit(c, next);
  };
}
