import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { hashSecret } from "../secrets.js";
import type { AuthenticatedClient } from "./authenticate-client.js";
import { checkPkceVerifier } from "./check-pkce-verifier.js";
import { issueTokens, type TokenResponse } from "./issue-tokens.js";
import { currentParty } from "./signed-in-party.js";
import { InvalidGrant, InvalidRequest } from "../errors.js";

/**
 * `grant_type=authorization_code` (RFC 6749 §4.1.3, identity.md §5.2): the code must exist, belong to this
 * client, be unexpired and unused, come with the same redirect_uri (if the request had one), and satisfy its PKCE challenge. A code
 * used twice is treated as stolen: the second use fails and what the first use issued is revoked.
 */
export async function authorizationCodeGrant(ctx: EmulatorContext, client: AuthenticatedClient, params: Record<string, string>): Promise<TokenResponse> {
  if (!params.code) throw new InvalidRequest("code is required");
  const codeHash = hashSecret(params.code);
  const code = ctx.store.grants.findCode(codeHash);
  const now = ctx.clock.now();
  if (!code || code.clientId !== client.app.clientId) throw new InvalidGrant("unknown authorization code");
  if (code.usedAt !== null) {
    ctx.store.grants.revokeIssuedFromCode(codeHash, now);
    throw new InvalidGrant("authorization code already used; the tokens issued for it are revoked");
  }
  if (code.expiresAt <= now) throw new InvalidGrant("authorization code expired");
  // RFC 6749 §4.1.3: required exactly when the authorization request had one; a legacy request's code may
  // come without it, but one that is sent must still be the URI the code went to.
  if (code.redirectUriGiven && !params.redirect_uri) throw new InvalidRequest("redirect_uri is required");
  if (params.redirect_uri && params.redirect_uri !== code.redirectUri) throw new InvalidGrant("redirect_uri does not match the authorization request");
  checkPkceVerifier(code, params.code_verifier, client.isPublic);
  const party = currentParty(ctx.store, client.app, code);
  if (!ctx.store.grants.useCode(codeHash, now)) {
    ctx.store.grants.revokeIssuedFromCode(codeHash, now);
    throw new InvalidGrant("authorization code already used; the tokens issued for it are revoked");
  }
  return issueTokens(ctx, party, { codeHash, nonce: code.nonce });
}
