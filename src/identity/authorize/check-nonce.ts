import { asksFor, AuthorizeRedirectError, type AuthorizeCheck } from "./authorization-request.js";

/** OIDC Core §3.2.2.1 / §3.3.2.11: a nonce is required whenever the id_token comes from the authorize endpoint. */
export const checkNonce: AuthorizeCheck = (ctx) => {
  const nonce = ctx.params.nonce;
  if (nonce) ctx.request.nonce = nonce;
  if (!nonce && asksFor(ctx.request.responseType, "id_token")) {
    throw new AuthorizeRedirectError("invalid_request", "nonce is required when response_type includes id_token");
  }
};
