import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { hashSecret } from "../secrets.js";
import type { AuthenticatedClient } from "./authenticate-client.js";
import { issueTokens, type TokenResponse } from "./issue-tokens.js";
import { checkedParty } from "./signed-in-party.js";
import { InvalidGrant, InvalidRequest } from "../errors.js";

/**
 * `grant_type=refresh_token` (identity.md §5.3): valid while the app's consent for the tenant is Active;
 * `redirect_uri` and `scope` are accepted and ignored (SuperOffice's samples send a relative path).
 */
export async function refreshTokenGrant(ctx: EmulatorContext, client: AuthenticatedClient, params: Record<string, string>): Promise<TokenResponse> {
  if (!params.refresh_token) throw new InvalidRequest("refresh_token is required");
  const refreshHash = hashSecret(params.refresh_token);
  // The token with its user, membership and consent in one statement; the tenant comes from the tenant cache.
  const found = ctx.store.grants.findRefreshTokenParty(refreshHash);
  const grant = found?.grant;
  if (!grant || grant.clientId !== client.app.clientId) throw new InvalidGrant("unknown refresh token");
  if (grant.revokedAt !== null) throw new InvalidGrant("refresh token revoked");
  const party = checkedParty(client.app, found.user, ctx.store.tenants.get(grant.contextIdentifier), found.membership, found.consent);
  return issueTokens(ctx, party, { refreshHash });
}
