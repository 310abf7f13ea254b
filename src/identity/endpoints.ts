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
  const backLogin = `${urls.backchannelUrl ?? urls.publicUrl}/login`;
  const tenantBase = (t: TenantLocation) => tenantBaseUrl(urls, t);
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
    webApiUrl: (t: TenantLocation) => tenantWebApiUrl(urls, t),
    netserverUrl: (t: TenantLocation) => tenantNetserverUrl(urls, t),
  };
}

// The tenant URLs also stand alone: every token grant's id_token carries two of them and needs none of the rest.

/** A tenant's base URL, `{origin}/{ContextIdentifier}` (identityEndpoints' tenantBase). */
export function tenantBaseUrl(urls: EmulatorUrls, t: TenantLocation): string {
  const host = t.host ?? urls.tenantHost;
  if (!host) return `${urls.backchannelUrl ?? urls.publicUrl}/${t.contextIdentifier}`;
  const url = new URL(urls.publicUrl);
  url.hostname = host;
  return `${url.href.replace(/\/+$/, "")}/${t.contextIdentifier}`;
}

/** The tenant's web API URL (identityEndpoints' webApiUrl). */
export function tenantWebApiUrl(urls: EmulatorUrls, t: TenantLocation): string {
  return `${tenantBaseUrl(urls, t)}/api/`;
}

/** The tenant's NetServer URL (identityEndpoints' netserverUrl). */
export function tenantNetserverUrl(urls: EmulatorUrls, t: TenantLocation): string {
  return `${tenantBaseUrl(urls, t)}/Remote/Services88/`;
}
