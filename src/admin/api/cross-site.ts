import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { sendsAdminKeyHeader } from "./admin-key.js";

/**
 * Keeps web pages on other sites from changing the emulator through the admin API. It runs beside the
 * developer's browser and, by default, without a key, so any page they visit could otherwise POST a reset,
 * a restore or an app with its own redirect URIs to http://localhost:5080 (a "simple" cross-site request
 * needs no CORS permission to be sent).
 *
 * - State-changing calls (POST, PUT, PATCH) must say `Content-Type: application/json` (restore: the
 *   snapshot's own binary types). Browsers cannot send those cross-site without a CORS preflight, and the
 *   preflight is granted only to the emulator's own origin.
 * - Where a browser sends an Origin (every POST, PUT, PATCH and DELETE), it must be the emulator's own.
 * - Scripts that send the admin key as a header (Authorization: Bearer, X-Admin-Key) skip both checks.
 *
 * hono/csrf does the Origin check only for form and text content types, which are refused here outright,
 * so it is not used for the JSON calls it would let through; hono/cors answers the own origin's preflights.
 */

/** The own origins: the public URL's, and the one the request was addressed to (own-hosts.ts vouches for its host). */
function isOwnOrigin(ctx: EmulatorContext, c: Context, origin: string): boolean {
  let asked: string;
  try {
    asked = new URL(origin).origin;
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and garbage
  }
  return asked === new URL(c.req.url).origin || asked === new URL(ctx.urls.publicUrl).origin;
}

/** CORS preflights: allowed for the emulator's own origin only, refused with 403 for any other. */
export function adminPreflight(ctx: EmulatorContext): MiddlewareHandler {
  const allowOwn = cors({
    origin: (origin, c) => (isOwnOrigin(ctx, c, origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "DELETE"],
    allowHeaders: ["Content-Type", "Authorization", "X-Admin-Key"],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin === undefined) return next();
    if (isOwnOrigin(ctx, c, origin)) return allowOwn(c, next);
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      return c.json({ error: "forbidden", message: `Origin ${origin}: the admin API allows no cross-origin calls; only pages of this emulator (${new URL(ctx.urls.publicUrl).origin}) may call it from a browser` }, 403);
    }
    return next();
  };
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** What a snapshot may be sent as: the type GET snapshot answers with, and the generic binary ones. */
export const SNAPSHOT_TYPES = ["application/octet-stream", "application/vnd.sqlite3", "application/x-sqlite3"];

/** Origin and content type of state-changing calls; after requireAdminKey, so a wrong key is a 401 first. */
export function sameOriginWrites(ctx: EmulatorContext): MiddlewareHandler {
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method) || sendsAdminKeyHeader(c, ctx)) return next();
    const origin = c.req.header("origin");
    // Browsers send Origin with every non-GET request; Sec-Fetch-Site covers one that somehow did not.
    const site = c.req.header("sec-fetch-site");
    if (origin !== undefined ? !isOwnOrigin(ctx, c, origin) : site === "cross-site" || site === "same-site") {
      await c.req.raw.body?.cancel().catch(() => undefined);
      const from = origin !== undefined ? `Origin ${origin}` : `Sec-Fetch-Site: ${site}`;
      return c.json(
        {
          error: "forbidden",
          message: `${from}: the admin API refuses ${c.req.method} from pages of other sites; send it from a script (no Origin header), from this emulator's own origin (${new URL(ctx.urls.publicUrl).origin}), or with the admin key (--admin-key) as X-Admin-Key`,
        },
        403,
      );
    }
    // DELETE has no body to type, and browsers preflight every cross-origin DELETE anyway.
    if (c.req.method === "DELETE") return next();
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    // c.req.path is the lower-cased routing path.
    const wanted = c.req.path === "/_emulator/v1/restore" ? SNAPSHOT_TYPES : ["application/json"];
    if (!wanted.includes(type)) {
      await c.req.raw.body?.cancel().catch(() => undefined);
      const send = wanted.length === 1 ? "application/json (also when there is no body)" : `${wanted[0]} (or ${wanted.slice(1).join(", ")}) with the snapshot's bytes`;
      return c.json({ error: "unsupported_media_type", message: `Content-Type: expected ${send}; got ${type === "" ? "none" : type}` }, 415);
    }
    return next();
  };
}
