import type { AuthorizationRequest, AuthorizeInput } from "./authorization-request.js";

/**
 * What is left is carried, not checked: `state` is echoed verbatim, `login_hint` pre-fills the user name,
 * `prompt=login` forces the sign-in screen. `scope` is "openid" on SOD; other scopes and unknown
 * parameters (`access_type`, a stray `grant_type`) are ignored, as SOD ignores them.
 */
export function carryRemaining({ params }: AuthorizeInput): Pick<AuthorizationRequest, "state" | "loginHint" | "forceLogin"> {
  return Object.assign(
    {},
    params.state !== undefined && params.state !== "" ? { state: params.state } : {},
    params.login_hint ? { loginHint: params.login_hint } : {},
    { forceLogin: (params.prompt ?? "").split(/\s+/).includes("login") },
  );
}
