import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isTenantPath, respondSuperOfficeError, SoError, soError } from "./superoffice-error.js";

/** Unknown routes: the SuperOffice error body on tenant paths (clients parse it), a plain JSON error elsewhere. */
export function notFound(c: Context) {
  // c.req.path is the lower-cased routing path; show the path as the client sent it.
  const message = `No route for ${c.req.method} ${new URL(c.req.url).pathname}`;
  if (isTenantPath(c.req.path)) return respondSuperOfficeError(c, soError("NotFound", message));
  return c.json({ error: "not_found", error_description: message }, 404);
}

/**
 * The last line of defence: whatever a handler throws, the client gets a well-formed error and no
 * stack trace. Unexpected errors are logged on the server side only.
 */
export function onError(err: Error, c: Context) {
  if (err instanceof SoError) return respondSuperOfficeError(c, err);
  // A handler that built its own answer (e.g. ASP.NET's model-binding body for a missing agent argument).
  if (err instanceof HTTPException && err.res) return err.getResponse();
  if (err instanceof HTTPException && err.status < 500) {
    const message = err.message || "Bad request";
    if (isTenantPath(c.req.path)) return respondSuperOfficeError(c, soError("BadRequest", message, err.status as 400));
    return c.json({ error: "invalid_request", error_description: message }, err.status as 400);
  }
  console.error(`sod-emulator: ${c.req.method} ${new URL(c.req.url).pathname} failed:`, err);
  const message = "The emulator failed to handle this request; see its console for details.";
  if (isTenantPath(c.req.path)) return respondSuperOfficeError(c, soError("InternalError", message));
  return c.json({ error: "server_error", error_description: message }, 500);
}
