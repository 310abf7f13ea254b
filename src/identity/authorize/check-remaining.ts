import type { AuthorizeCheck } from "./authorization-request.js";

/**
 * What is left is carried, not checked: `state` is echoed verbatim, `login_hint` pre-fills the user name,
 * `prompt=login` forces the sign-in screen. `scope` is "openid" on SOD; other scopes and unknown
 * parameters (`access_type`, a stray `grant_type`) are ignored, as SOD ignores them.
 */
export const carryRemaining: AuthorizeCheck = (ctx) => {
  if (ctx.params.state !== undefined && ctx.params.state !== "") ctx.request.state = ctx.params.state;
  if (ctx.params.login_hint) ctx.request.loginHint = ctx.params.login_hint;
  ctx.request.forceLogin = (ctx.params.prompt ?? "").split(/\s+/).includes("login");
};
