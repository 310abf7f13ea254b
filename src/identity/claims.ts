import type { EmulatorUrls } from "../runtime/emulator-context.js";
import type { App } from "../store/apps.js";
import type { Consent } from "../store/consents.js";
import type { Tenant } from "../store/tenants.js";
import type { Membership, User } from "../store/users.js";
import { tenantNetserverUrl, tenantWebApiUrl } from "./endpoints.js";

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

// The claim names, joined with the namespace once: built per id_token, `${SO_CLAIM}ctx` was a new string that
// each property store had to flatten and look up again.
const ASSOCIATE_ID = `${SO_CLAIM}associateid`;
const IDENTITY_PROVIDER = `${SO_CLAIM}identityprovider`;
const EMAIL = `${SO_CLAIM}email`;
const UPN = `${SO_CLAIM}upn`;
const IS_ADMINISTRATOR = `${SO_CLAIM}is_administrator`;
const CTX = `${SO_CLAIM}ctx`;
const COMPANY_NAME = `${SO_CLAIM}company_name`;
const SERIAL = `${SO_CLAIM}serial`;
const NETSERVER_URL = `${SO_CLAIM}netserver_url`;
const WEBAPI_URL = `${SO_CLAIM}webapi_url`;
const INITIALS = `${SO_CLAIM}initials`;
const PRIMARY_EMAIL = `${SO_CLAIM}so_primary_email_address`;
const SYSTEM_TOKEN = `${SO_CLAIM}system_token`;

/** The SuperOffice claims of an id_token, in the order SOD emits them. */
export function superOfficeClaims(urls: EmulatorUrls, p: SignedInParty): Record<string, string> {
  const claims: Record<string, string> = {
    [ASSOCIATE_ID]: String(p.membership.associateId),
    [IDENTITY_PROVIDER]: "central-superid",
    [EMAIL]: p.user.email,
    [UPN]: p.user.username,
    [IS_ADMINISTRATOR]: p.membership.isAdministrator ? "True" : "False",
    [CTX]: p.tenant.contextIdentifier,
    [COMPANY_NAME]: p.tenant.companyName,
    [SERIAL]: p.tenant.serial,
    [NETSERVER_URL]: tenantNetserverUrl(urls, p.tenant),
    [WEBAPI_URL]: tenantWebApiUrl(urls, p.tenant),
    [INITIALS]: p.user.initials,
    [PRIMARY_EMAIL]: p.user.email,
  };
  // The system user token goes to administrators of apps allowed the system user, once approved.
  if (p.app.systemUser && p.membership.isAdministrator && p.consent?.systemToken) claims[SYSTEM_TOKEN] = p.consent.systemToken;
  return claims;
}
