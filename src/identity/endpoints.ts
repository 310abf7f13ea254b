import type { EmulatorUrls } from "../runtime/emulator-context.js";

/** What a tenant URL depends on: its ContextIdentifier and, in host mode, the host it lives on. */
export interface TenantLocation {
  contextIdentifier: string;
  host: string | null;
}

/**
 * Every SuperID and tenant URL the emulator hands out, derived from the public URL (identity.md §2, §6.3).
 * In host mode the tenant URLs use the tenant's own host name (SOD's numbered hosts such as sod2), with the
 * public URL's scheme and port.
 */
export function identityEndpoints(urls: EmulatorUrls) {
  const login = `${urls.publicUrl}/login`;
  const tenantBase = (t: TenantLocation) => {
    const host = t.host ?? urls.tenantHost;
    if (!host) return `${urls.publicUrl}/${t.contextIdentifier}`;
    const url = new URL(urls.publicUrl);
    url.hostname = host;
    return `${url.href.replace(/\/+$/, "")}/${t.contextIdentifier}`;
  };
  return {
    authority: login,
    authorize: `${login}/common/oauth/authorize`,
    tokens: `${login}/common/oauth/tokens`,
    revoke: `${login}/common/oauth/revoke`,
    logout: `${login}/logout`,
    jwks: `${login}/.well-known/jwks`,
    interaction: (id: string) => `${login}/interaction/${encodeURIComponent(id)}`,
    /** The tenant's base, `{origin}/{ContextIdentifier}`, without trailing slash (the state API's Endpoint). */
    tenantBase,
    /** With trailing slash: clients append `v1/...`. */
    webApiUrl: (t: TenantLocation) => `${tenantBase(t)}/api/`,
    netserverUrl: (t: TenantLocation) => `${tenantBase(t)}/Remote/Services88/`,
  };
}
