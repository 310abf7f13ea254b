import type { EmulatorUrls } from "../emulator-context.js";

/** Every SuperID and tenant URL the emulator hands out, derived from the public URL (identity.md §2, §6.3). */
export function identityEndpoints(urls: EmulatorUrls) {
  const login = `${urls.publicUrl}/login`;
  return {
    authority: login,
    authorize: `${login}/common/oauth/authorize`,
    tokens: `${login}/common/oauth/tokens`,
    revoke: `${login}/common/oauth/revoke`,
    logout: `${login}/logout`,
    jwks: `${login}/.well-known/jwks`,
    interaction: (id: string) => `${login}/interaction/${encodeURIComponent(id)}`,
    /** With trailing slash: clients append `v1/...`. */
    webApiUrl: (ctx: string) => `${urls.publicUrl}/${ctx}/api/`,
    netserverUrl: (ctx: string) => `${urls.publicUrl}/${ctx}/Remote/Services88/`,
  };
}
