import { asksFor, AuthorizeRedirectError, type AuthorizeCheck } from "./authorization-request.js";

/**
 * PKCE (RFC 7636 §4.3): `code_challenge_method` is `plain` (SOD's default when absent) or `S256`, and
 * the challenge is 43–128 unreserved characters. Native apps are public clients without a secret, so
 * their code flows must use PKCE.
 */
export const checkPkceChallenge: AuthorizeCheck = (ctx) => {
  const challenge = ctx.params.code_challenge;
  const method = ctx.params.code_challenge_method || "plain";
  if (!challenge) {
    if (ctx.params.code_challenge_method) throw new AuthorizeRedirectError("invalid_request", "code_challenge_method given without code_challenge");
    if (ctx.app!.kind === "native" && asksFor(ctx.request.responseType, "code")) {
      throw new AuthorizeRedirectError("invalid_request", "native apps must use PKCE: code_challenge is required");
    }
    return;
  }
  if (method !== "plain" && method !== "S256") throw new AuthorizeRedirectError("invalid_request", `code_challenge_method ${method} is not supported; use S256 or plain`);
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) throw new AuthorizeRedirectError("invalid_request", "code_challenge must be 43-128 characters of [A-Za-z0-9-._~]");
  ctx.request.codeChallenge = challenge;
  ctx.request.codeChallengeMethod = method;
};
