import { isRunningState } from "../../shared/tenant-states.js";
import type { Store } from "../../store/store.js";
import type { Tenant } from "../../store/tenants.js";
import type { User } from "../../store/users.js";
import type { Interaction } from "../../store/interactions.js";
import type { AuthorizationRequest } from "../authorize/authorization-request.js";
import type { SignedInParty } from "../claims.js";

/**
 * Where an authorize interaction stands (identity.md §4.3): sign in, choose a tenant, consent, or done.
 * The other kinds are pages that stop the flow, each with a reason the user can act on.
 */
export type Step =
  | { kind: "sign-in" }
  | { kind: "pick-tenant"; user: User; tenants: Tenant[] }
  | { kind: "consent"; party: SignedInParty }
  | { kind: "needs-administrator"; party: SignedInParty }
  | { kind: "not-a-member"; user: User; contextIdentifier: string }
  | { kind: "tenant-unavailable"; user: User; tenant: Tenant }
  | { kind: "complete"; party: SignedInParty };

export function nextStep(store: Store, interaction: Interaction<AuthorizationRequest>): Step {
  const user = interaction.userId === null ? undefined : store.users.findById(interaction.userId);
  if (!user) return { kind: "sign-in" };

  const fixed = interaction.request.tenant ?? interaction.contextIdentifier;
  let membership = fixed ? user.memberships.find((m) => m.contextIdentifier === fixed) : undefined;
  if (fixed && !membership) return { kind: "not-a-member", user, contextIdentifier: fixed };
  if (!membership) {
    if (user.memberships.length === 0) return { kind: "not-a-member", user, contextIdentifier: "any tenant" };
    if (user.memberships.length > 1) {
      return { kind: "pick-tenant", user, tenants: user.memberships.map((m) => store.tenants.get(m.contextIdentifier)!) };
    }
    membership = user.memberships[0]!;
  }

  const tenant = store.tenants.get(membership.contextIdentifier)!;
  if (!isRunningState(tenant.state)) return { kind: "tenant-unavailable", user, tenant };

  const app = store.apps.get(interaction.clientId)!;
  const consent = store.consents.get(app.clientId, tenant.contextIdentifier);
  const party: SignedInParty = { app, user, tenant, membership, consent };
  if (consent?.status === "Active") return { kind: "complete", party };
  return membership.isAdministrator ? { kind: "consent", party } : { kind: "needs-administrator", party };
}
