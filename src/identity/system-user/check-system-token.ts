import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { App } from "../../store/apps.js";
import type { Tenant } from "../../store/tenants.js";
import { authorizationError } from "../consent.js";
import { SystemUserRefusal } from "../errors.js";

/**
 * The system token is the one issued when an administrator approved this app for this tenant; a token
 * of another tenant is a tenant mismatch, and a revoked approval is `Revoked (1)` (identity.md §10).
 */
export function checkSystemToken(ctx: EmulatorContext, app: App, tenant: Tenant, systemToken: string): void {
  const consent = ctx.store.consents.get(app.clientId, tenant.contextIdentifier);
  if (!consent?.systemToken || consent.systemToken !== systemToken) {
    const elsewhere = ctx.store.consents.list().find((c) => c.clientId === app.clientId && c.systemToken === systemToken);
    if (elsewhere) throw new SystemUserRefusal(`The system token belongs to tenant ${elsewhere.contextIdentifier}, not ${tenant.contextIdentifier}`);
    throw new SystemUserRefusal(`Unknown system token for ${app.name} in ${tenant.contextIdentifier}`);
  }
  if (consent.status !== "Active") throw new SystemUserRefusal(authorizationError(consent.status));
}
