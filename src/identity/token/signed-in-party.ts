import { isRunningState } from "../../shared/tenant-states.js";
import type { App } from "../../store/apps.js";
import type { Store } from "../../store/store.js";
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
  const tenant = store.tenants.get(grant.contextIdentifier);
  const membership = user?.memberships.find((m) => m.contextIdentifier === grant.contextIdentifier);
  if (!user || !tenant || !membership) throw new InvalidGrant("the user no longer has access to this tenant");
  const consent = store.consents.get(app.clientId, tenant.contextIdentifier);
  if (consent?.status !== "Active") throw new InvalidGrant(authorizationError(consent?.status));
  if (!isRunningState(tenant.state)) throw new InvalidGrant(`tenant ${tenant.contextIdentifier} is ${tenant.state}`);
  return { app, user, tenant, membership, consent };
}
