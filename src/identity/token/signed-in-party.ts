import { isRunningState } from "../../shared/tenant-states.js";
import type { App } from "../../store/apps.js";
import type { Consent } from "../../store/consents.js";
import type { Store } from "../../store/store.js";
import type { Tenant } from "../../store/tenants.js";
import type { Membership, User } from "../../store/users.js";
import type { SignedInParty } from "../claims.js";
import { authorizationError } from "../consent.js";
import { InvalidGrant } from "../errors.js";

/**
 * The app, user, tenant and consent a grant was issued for, as they are now: a grant stops working when
 * the consent is no longer Active, the user left the tenant, or the tenant stopped running. `app` is the
 * client that just authenticated, which the caller has matched with the grant's.
 */
export function currentParty(store: Store, app: App, grant: { userId: number; contextIdentifier: string }): SignedInParty {
  const user = store.users.findById(grant.userId);
  const membership = user?.memberships.find((m) => m.contextIdentifier === grant.contextIdentifier);
  return checkedParty(app, user, store.tenants.get(grant.contextIdentifier), membership, store.consents.get(app.clientId, grant.contextIdentifier));
}

/**
 * The same checks for rows already read (the refresh grant reads its token, user, membership and consent in
 * one statement): the party, or InvalidGrant saying what stopped it.
 */
export function checkedParty(
  app: App,
  user: Omit<User, "memberships"> | undefined,
  tenant: Tenant | undefined,
  membership: Membership | undefined,
  consent: Consent | undefined,
): SignedInParty {
  if (!user || !tenant || !membership) throw new InvalidGrant("the user no longer has access to this tenant");
  if (consent?.status !== "Active") throw new InvalidGrant(authorizationError(consent?.status));
  if (!isRunningState(tenant.state)) throw new InvalidGrant(`tenant ${tenant.contextIdentifier} is ${tenant.state}`);
  return { app, user, tenant, membership, consent };
}
