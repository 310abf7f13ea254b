import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { EmulatorContext } from "../../runtime/emulator-context.js";

/**
 * With `--admin-key`, the portal and the admin API need the key: as `Authorization: Bearer <key>` or
 * `X-Admin-Key` (admin API), or once as `?adminKey=` in the browser, which sets a cookie (portal). Without
 * a key they are open, as on a developer's own machine.
 */
export const requireAdminKey = (ctx: EmulatorContext) =>
  createMiddleware(async (c, next) => {
    const key = ctx.config.adminKey;
    if (!key) return next();
    const given = bearer(c) ?? c.req.header("x-admin-key") ?? getCookie(c, "sod_admin") ?? c.req.query("adminKey");
    if (!given || !same(given, key)) {
      return c.json({ error: "unauthorized", message: "This emulator requires its admin key (--admin-key): send Authorization: Bearer <key> or X-Admin-Key" }, 401);
    }
    if (c.req.query("adminKey")) setCookie(c, "sod_admin", given, { path: "/", httpOnly: true, sameSite: "Strict" });
    return next();
  });

/**
 * Whether the request itself carries the admin key in a header (not the portal's cookie or query): what a
 * script sends, and what no web page can know. Such calls skip the cross-site checks (cross-site.ts).
 */
export function sendsAdminKeyHeader(c: Context, ctx: EmulatorContext): boolean {
  const key = ctx.config.adminKey;
  if (!key) return false;
  const given = bearer(c) ?? c.req.header("x-admin-key");
  return given !== undefined && same(given, key);
}

function bearer(c: Context): string | undefined {
  return /^bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
