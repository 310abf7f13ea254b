import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { signIdToken } from "../id-token.js";
import { LIFETIMES } from "../lifetimes.js";
import { hashSecret, newAccessToken, randomAlphanumeric } from "../secrets.js";
import type { SignedInParty } from "../claims.js";
import { asksFor, type AuthorizationRequest } from "./authorization-request.js";

/**
 * The parameters of a successful authorization response for each response type: a code bound to the
 * client, redirect URI, PKCE challenge and nonce; an access token for implicit and `token` responses (no
 * refresh token from the front channel); an id_token with `at_hash`/`c_hash` where OIDC requires them.
 */
export async function issueAuthorizationResponse(ctx: EmulatorContext, request: AuthorizationRequest, party: SignedInParty): Promise<Record<string, string>> {
  const now = ctx.clock.now();
  const out: Record<string, string> = {};
  const type = request.responseType;
  let code: string | undefined;
  let accessToken: string | undefined;
  if (asksFor(type, "code")) {
    code = randomAlphanumeric(64);
    ctx.store.grants.saveCode({
      codeHash: hashSecret(code),
      clientId: party.app.clientId,
      userId: party.user.userId,
      contextIdentifier: party.tenant.contextIdentifier,
      redirectUri: request.redirectUri,
      redirectUriGiven: !request.redirectUriDefaulted,
      codeChallenge: request.codeChallenge ?? null,
      codeChallengeMethod: request.codeChallengeMethod ?? null,
      nonce: request.nonce ?? null,
      expiresAt: now + LIFETIMES.authorizationCode * 1000,
    });
    out.code = code;
  }
  if (asksFor(type, "token")) {
    accessToken = newAccessToken(party.tenant.contextIdentifier);
    ctx.store.grants.saveAccessToken({
      tokenHash: hashSecret(accessToken),
      clientId: party.app.clientId,
      userId: party.user.userId,
      contextIdentifier: party.tenant.contextIdentifier,
      codeHash: null,
      refreshHash: null,
      expiresAt: now + LIFETIMES.accessToken * 1000,
    });
    out.access_token = accessToken;
    // SOD's implicit example says lower-case `bearer` here, `Bearer` from the token endpoint.
    out.token_type = "bearer";
    out.expires_in = String(LIFETIMES.accessToken);
  }
  if (asksFor(type, "id_token")) {
    out.id_token = await signIdToken(ctx, party, { nonce: request.nonce, accessToken, code });
  }
  return out;
}
