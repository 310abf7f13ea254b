import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { LIFETIMES } from "../lifetimes.js";
import { hashSecret, randomToken } from "../secrets.js";

/**
 * SuperID's single sign-on session: a cookie holding a random id, of which the store keeps the hash.
 * With it, the next authorize request skips the sign-in screen (identity.md §4.3).
 */
const COOKIE = "superid_session";

/** SuperID's cookies: HttpOnly, SameSite=Lax (the app's redirect to authorize is a top-level GET), Secure on https. */
export const superIdCookieOptions = (ctx: EmulatorContext) => ({
  path: "/login",
  httpOnly: true,
  sameSite: "Lax" as const,
  secure: ctx.urls.publicUrl.startsWith("https:"),
});

export function sessionUser(ctx: EmulatorContext, c: Context): number | undefined {
  const id = getCookie(c, COOKIE);
  return id ? ctx.store.ssoSessions.userOf(hashSecret(id), ctx.clock.now()) : undefined;
}

export function startSession(ctx: EmulatorContext, c: Context, userId: number): void {
  const id = randomToken();
  ctx.store.ssoSessions.create(hashSecret(id), userId, ctx.clock.now() + LIFETIMES.ssoSession * 1000);
  setCookie(c, COOKIE, id, Object.assign(superIdCookieOptions(ctx), { maxAge: LIFETIMES.ssoSession }));
}

export function endSession(ctx: EmulatorContext, c: Context): void {
  const id = getCookie(c, COOKIE);
  if (id) ctx.store.ssoSessions.end(hashSecret(id));
  deleteCookie(c, COOKIE, superIdCookieOptions(ctx));
}
