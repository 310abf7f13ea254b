import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { hashSecret } from "../secrets.js";
import { InvalidRequest, UnauthorizedClient } from "../errors.js";

/**
 * Token revocation (RFC 7009): access or refresh token, `token_type_hint` only orders the lookup. Unknown
 * tokens answer 200 as the RFC says. Revoking a refresh token takes the access tokens minted from it
 * along; the consent itself stays (identity.md §7).
 *
 * `clientId` is the authenticated client, whose tokens only it may revoke (another client's token is
 * refused). `null` means the request sent no client credentials, as SuperOffice's own Node sample does:
 * then holding the token is the credential, since whoever has it could use it anyway, and revoking it
 * can only take access away.
 */
export function revoke(ctx: EmulatorContext, clientId: string | null, params: Record<string, string>): void {
  if (!params.token) throw new InvalidRequest("token is required");
  const hash = hashSecret(params.token);
  const now = ctx.clock.now();
  const lookups = [
    () => {
      const t = ctx.store.grants.findAccessToken(hash);
      return t && { owner: t.clientId, revoke: () => ctx.store.grants.revokeAccessToken(hash, now) };
    },
    () => {
      const t = ctx.store.grants.findRefreshToken(hash);
      return t && { owner: t.clientId, revoke: () => ctx.store.grants.revokeRefreshToken(hash, now) };
    },
  ];
  if (params.token_type_hint === "refresh_token") lookups.reverse();
  for (const lookup of lookups) {
    const found = lookup();
    if (!found) continue;
    if (clientId !== null && found.owner !== clientId) throw new UnauthorizedClient("the token was issued to another client");
    found.revoke();
    return;
  }
}
