import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { hashSecret } from "../secrets.js";
import type { AuthenticatedClient } from "./authenticate-client.js";
import { issueTokens, type TokenResponse } from "./issue-tokens.js";
import { currentParty } from "./signed-in-party.js";
import { InvalidGrant, InvalidRequest } from "../errors.js";

/**
 * `grant_type=refresh_token` (identity.md §5.3): valid while the app's consent for the tenant is Active;
 * `redirect_uri` and `scope` are accepted and ignored (SuperOffice's samples send a relative path).
 */
export async function refreshTokenGrant(ctx: EmulatorContext, client: AuthenticatedClient, params: Record<string, string>): Promise<TokenResponse> {
  if (!params.refresh_token) throw new InvalidRequest("refresh_token is required");
  const refreshHash = hashSecret(params.refresh_token);
  const grant = ctx.store.grants.findRefreshToken(refreshHash);
  if (!grant || grant.clientId !== client.app.clientId) throw new InvalidGrant("unknown refresh token");
  if (grant.revokedAt !== null) throw new InvalidGrant("refresh token revoked");
  return issueTokens(ctx, currentParty(ctx.store, client.app, grant), { refreshHash });
}
