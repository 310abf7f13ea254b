import type { App } from "../../store/apps.js";
import { InvalidRequest } from "../errors.js";
import { asksFor, type AuthorizationRequest, type AuthorizeInput, type ResponseType } from "./authorization-request.js";

/**
 * PKCE (RFC 7636 §4.3): `code_challenge_method` is `plain` (SOD's default when absent) or `S256`, and
 * the challenge is 43–128 unreserved characters. Native apps are public clients without a secret, so
 * their code flows must use PKCE.
 */
export function checkPkceChallenge({ params }: AuthorizeInput, app: App, responseType: ResponseType): Pick<AuthorizationRequest, "codeChallenge" | "codeChallengeMethod"> {
  const challenge = params.code_challenge;
  const method = params.code_challenge_method || "plain";
  if (!challenge) {
    if (params.code_challenge_method) throw new InvalidRequest("code_challenge_method given without code_challenge");
    if (app.kind === "native" && asksFor(responseType, "code")) throw new InvalidRequest("native apps must use PKCE: code_challenge is required");
    return {};
  }
  if (method !== "plain" && method !== "S256") throw new InvalidRequest(`code_challenge_method ${method} is not supported; use S256 or plain`);
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) throw new InvalidRequest("code_challenge must be 43-128 characters of [A-Za-z0-9-._~]");
  return { codeChallenge: challenge, codeChallengeMethod: method };
}
