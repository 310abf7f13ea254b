import type { Store } from "../../store/store.js";
import type { AuthorizationRequest, AuthorizeCheck, AuthorizeContext } from "./authorization-request.js";
import { checkClient } from "./check-client.js";
import { checkNonce } from "./check-nonce.js";
import { checkPkceChallenge } from "./check-pkce-challenge.js";
import { checkRedirectUri } from "./check-redirect-uri.js";
import { carryRemaining } from "./check-remaining.js";
import { checkResponseMode } from "./check-response-mode.js";
import { checkResponseType } from "./check-response-type.js";
import { checkTenant } from "./check-tenant.js";

/**
 * The authorize request's checks, in the order the errors must surface: client and redirect URI first
 * (their errors are pages), then everything whose errors may go back to the app.
 */
export const AUTHORIZE_CHECKS: readonly AuthorizeCheck[] = [
  checkClient,
  checkRedirectUri,
  checkResponseType,
  checkResponseMode,
  checkNonce,
  checkPkceChallenge,
  checkTenant,
  carryRemaining,
];

export function checkAuthorizeRequest(store: Store, ctx: AuthorizeContext, publicUrl: string): AuthorizationRequest {
  const lookups = {
    app: (clientId: string) => store.apps.get(clientId),
    tenantExists: (contextIdentifier: string) => store.tenants.get(contextIdentifier)?.contextIdentifier,
    publicUrl,
  };
  for (const check of AUTHORIZE_CHECKS) check(ctx, lookups);
  return ctx.request as AuthorizationRequest;
}
