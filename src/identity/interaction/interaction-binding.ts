import { timingSafeEqual } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { Interaction } from "../../store/interactions.js";
import { identityEndpoints } from "../endpoints.js";
import { LIFETIMES } from "../lifetimes.js";
import { superIdCookieOptions } from "./sso-session.js";

/**
 * An interaction belongs to the browser that started it. Its URL alone must not be enough to continue
 * someone else's sign-in (pick their tenant, receive their code), so authorize sets a cookie scoped to the
 * interaction's path holding its CSRF token, and every screen request must bring it back: the double-submit
 * pattern, with the form's csrf field checked as well.
 */
const COOKIE = "superid_interaction";

export function bindInteraction(ctx: EmulatorContext, c: Context, flow: Interaction): void {
  const path = new URL(identityEndpoints(ctx.urls).interaction(flow.interactionId)).pathname;
  // Secure when this request came over https: the binding must work wherever the browser really is, also
  // behind a proxy that makes the public URL https while a test talks plain http.
  const secure = new URL(c.req.url).protocol === "https:";
  setCookie(c, COOKIE, flow.csrfToken, Object.assign(superIdCookieOptions(ctx), { secure, path, maxAge: LIFETIMES.interaction }));
}

export function isBoundToThisBrowser(c: Context, flow: Interaction): boolean {
  const given = Buffer.from(getCookie(c, COOKIE) ?? "");
  const expected = Buffer.from(flow.csrfToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
