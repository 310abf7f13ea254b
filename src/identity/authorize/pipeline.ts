import type { Store } from "../../store/store.js";
import { OAuthError } from "../errors.js";
import type { AuthorizationRequest, AuthorizeInput, AuthorizeLookups, ResponseMode } from "./authorization-request.js";
import { checkClient } from "./check-client.js";
import { checkNonce } from "./check-nonce.js";
import { checkPkceChallenge } from "./check-pkce-challenge.js";
import { checkRedirectUri } from "./check-redirect-uri.js";
import { carryRemaining } from "./check-remaining.js";
import { askedResponseMode, checkResponseMode } from "./check-response-mode.js";
import { checkResponseType } from "./check-response-type.js";
import { checkTenant } from "./check-tenant.js";

/** Where an authorize request ends: a checked request, a page (nothing trusted to redirect to), or an error for the app. */
export type AuthorizeOutcome =
  | { kind: "request"; request: AuthorizationRequest }
  | { kind: "page"; title: string; error: OAuthError }
  | { kind: "redirect"; to: Pick<AuthorizationRequest, "redirectUri" | "responseMode" | "state">; error: OAuthError };

/**
 * The authorize request's checks, in the order the errors must surface: client and redirect URI first
 * (their errors are pages), then everything whose errors may go back to the app. Each check returns its
 * part of the request; the request is whole only when every check has passed.
 */
export function checkAuthorizeRequest(store: Store, input: AuthorizeInput, publicUrl: string): AuthorizeOutcome {
  const lookups: AuthorizeLookups = {
    app: (clientId: string) => store.apps.get(clientId),
    tenantExists: (contextIdentifier: string) => store.tenants.get(contextIdentifier)?.contextIdentifier,
    publicUrl,
  };
  let redirect: Pick<AuthorizationRequest, "redirectUri" | "redirectUriDefaulted"> | undefined;
  // Errors go back with the state (RFC 6749 §4.1.2.1) even when the checks stop before it is carried, by the
  // mode the app asked for until the response type fixes it (identity.md §4.4).
  let responseMode: ResponseMode = askedResponseMode(input);
  try {
    const app = checkClient(input, lookups);
    redirect = checkRedirectUri(input, app, lookups);
    const responseType = checkResponseType(input);
    responseMode = checkResponseMode(input, responseType);
    const nonce = checkNonce(input, responseType);
    const pkce = checkPkceChallenge(input, app, responseType);
    const tenant = checkTenant(input, lookups);
    const request: AuthorizationRequest = {
      clientId: app.clientId,
      ...redirect,
      responseType,
      responseMode,
      ...(nonce !== undefined ? { nonce } : {}),
      ...pkce,
      ...(tenant !== undefined ? { tenant } : {}),
      ...carryRemaining(input),
    };
    return { kind: "request", request };
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    if (err.page !== undefined || !redirect) return { kind: "page", title: err.page ?? `Authorization error: ${err.error}`, error: err };
    const state = input.params.state || undefined;
    return { kind: "redirect", to: { redirectUri: redirect.redirectUri, responseMode, ...(state !== undefined ? { state } : {}) }, error: err };
  }
}
