import type { EmulatorUrls } from "../runtime/emulator-context.js";
import type { App } from "../store/apps.js";
import type { Consent } from "../store/consents.js";
import type { Tenant } from "../store/tenants.js";
import type { Membership, User } from "../store/users.js";
import { identityEndpoints } from "./endpoints.js";

/** Every SuperOffice claim lives under this namespace, and every value is a string (identity.md §6.3). */
export const SO_CLAIM = "http://schemes.superoffice.net/identity/";

export interface SignedInParty {
  app: App;
  user: User;
  tenant: Tenant;
  membership: Membership;
  consent: Consent | undefined;
}

/** The SuperOffice claims of an id_token, in the order SOD emits them. */
export function superOfficeClaims(urls: EmulatorUrls, p: SignedInParty): Record<string, string> {
  const e = identityEndpoints(urls);
  const claims: Record<string, string> = {
    associateid: String(p.membership.associateId),
    identityprovider: "central-superid",
    email: p.user.email,
    upn: p.user.username,
    is_administrator: p.membership.isAdministrator ? "True" : "False",
    ctx: p.tenant.contextIdentifier,
    company_name: p.tenant.companyName,
    serial: p.tenant.serial,
    netserver_url: e.netserverUrl(p.tenant),
    webapi_url: e.webApiUrl(p.tenant),
    initials: p.user.initials,
    so_primary_email_address: p.user.email,
  };
  // The system user token goes to administrators of apps allowed the system user, once approved.
  if (p.app.systemUser && p.membership.isAdministrator && p.consent?.systemToken) claims.system_token = p.consent.systemToken;
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [SO_CLAIM + k, v]));
}
