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
  /** Who signed in; their other memberships are not needed here (the refresh grant reads only this one). */
  user: Omit<User, "memberships">;
  tenant: Tenant;
  membership: Membership;
  consent: Consent | undefined;
}

/** The SuperOffice claims of an id_token, in the order SOD emits them. */
export function superOfficeClaims(urls: EmulatorUrls, p: SignedInParty): Record<string, string> {
  const e = identityEndpoints(urls);
  // Keys written out with the namespace: every id_token builds this object, so no second pass renames it.
  const claims: Record<string, string> = {
    [`${SO_CLAIM}associateid`]: String(p.membership.associateId),
    [`${SO_CLAIM}identityprovider`]: "central-superid",
    [`${SO_CLAIM}email`]: p.user.email,
    [`${SO_CLAIM}upn`]: p.user.username,
    [`${SO_CLAIM}is_administrator`]: p.membership.isAdministrator ? "True" : "False",
    [`${SO_CLAIM}ctx`]: p.tenant.contextIdentifier,
    [`${SO_CLAIM}company_name`]: p.tenant.companyName,
    [`${SO_CLAIM}serial`]: p.tenant.serial,
    [`${SO_CLAIM}netserver_url`]: e.netserverUrl(p.tenant),
    [`${SO_CLAIM}webapi_url`]: e.webApiUrl(p.tenant),
    [`${SO_CLAIM}initials`]: p.user.initials,
    [`${SO_CLAIM}so_primary_email_address`]: p.user.email,
  };
  // The system user token goes to administrators of apps allowed the system user, once approved.
  if (p.app.systemUser && p.membership.isAdministrator && p.consent?.systemToken) claims[`${SO_CLAIM}system_token`] = p.consent.systemToken;
  return claims;
}
