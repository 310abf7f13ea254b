import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { SignedInParty } from "../claims.js";
import { signIdToken } from "../id-token.js";
import { LIFETIMES } from "../lifetimes.js";
import { hashSecret, newAccessToken, randomAlphanumeric } from "../secrets.js";

/** SOD's token response, field order as its docs show it (identity.md §5.4). */
export interface TokenResponse {
  token_type: "Bearer";
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  id_token: string;
}

/**
 * Mints an access token (and, for a code exchange, the refresh token) and a fresh id_token. Refresh
 * tokens do not rotate: a refresh grant returns no new one and the original stays valid.
 *
 * The tokens are stored before the id_token is signed: signing awaits the thread pool, and a replay of the
 * same code arriving meanwhile must find them to revoke (RFC 6749 §4.1.2).
 */
export async function issueTokens(
  ctx: EmulatorContext,
  party: SignedInParty,
  from: { codeHash: string; nonce: string | null } | { refreshHash: string },
): Promise<TokenResponse> {
  const now = ctx.clock.now();
  const grant = { clientId: party.app.clientId, userId: party.user.userId, contextIdentifier: party.tenant.contextIdentifier };
  const accessToken = newAccessToken(party.tenant.contextIdentifier);
  const refreshToken = "codeHash" in from ? randomAlphanumeric(64) : undefined;
  const issuedFrom = "codeHash" in from ? from.codeHash : null;
  const refreshHash = refreshToken ? hashSecret(refreshToken) : "refreshHash" in from ? from.refreshHash : null;
  ctx.store.grants.saveTokens(
    // The grant's members last: an object that starts with a spread is slow to add to (README, "Object spreads").
    { tokenHash: hashSecret(accessToken), codeHash: issuedFrom, refreshHash, expiresAt: now + LIFETIMES.accessToken * 1000, ...grant },
    refreshToken ? { tokenHash: refreshHash!, codeHash: issuedFrom, createdAt: now, ...grant } : undefined,
  );
  const idToken = await signIdToken(ctx, party, { nonce: "codeHash" in from ? from.nonce : undefined });
  return {
    token_type: "Bearer",
    access_token: accessToken,
    expires_in: LIFETIMES.accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    id_token: idToken,
  };
}
