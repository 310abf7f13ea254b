import type { EmulatorUrls } from "../runtime/emulator-context.js";

/** What a tenant URL depends on: its ContextIdentifier and, in host mode, the host it lives on. */
export interface TenantLocation {
  contextIdentifier: string;
  host: string | null;
}

/**
 * Every SuperID and tenant URL the emulator hands out (identity.md §2, §6.3). The ones a browser follows
 * (authorize, end session, screens) derive from the public URL; the ones a server calls (token, revoke,
 * JWKS, tenant URLs) from the back channel when the request has one (server/backchannel.ts), else from the
 * public URL too. In host mode the tenant URLs use the tenant's own host name (SOD's numbered hosts such as
 * sod2), with the public URL's scheme and port: those hosts serve nothing else, so no back channel applies.
 */
export function identityEndpoints(urls: EmulatorUrls) {
  const login = `${urls.publicUrl}/login`;
  const back = urls.backchannelUrl ?? urls.publicUrl;
  const backLogin = `${back}/login`;
  const tenantBase = (t: TenantLocation) => {
    const host = t.host ?? urls.tenantHost;
    if (!host) return `${back}/${t.contextIdentifier}`;
    const url = new URL(urls.publicUrl);
    url.hostname = host;
    return `${url.href.replace(/\/+$/, "")}/${t.contextIdentifier}`;
  };
  return {
    authority: login,
    authorize: `${login}/common/oauth/authorize`,
    tokens: `${backLogin}/common/oauth/tokens`,
    revoke: `${backLogin}/common/oauth/revoke`,
    logout: `${login}/logout`,
    jwks: `${backLogin}/.well-known/jwks`,
    interaction: (id: string) => `${login}/interaction/${encodeURIComponent(id)}`,
    /** The tenant's base, `{origin}/{ContextIdentifier}`, without trailing slash (the state API's Endpoint). */
    tenantBase,
    /** With trailing slash: clients append `v1/...`. */
    webApiUrl: (t: TenantLocation) => `${tenantBase(t)}/api/`,
    netserverUrl: (t: TenantLocation) => `${tenantBase(t)}/Remote/Services88/`,
  };
}
