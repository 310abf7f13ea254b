import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { App } from "../../store/apps.js";
import { isRunningState } from "../../shared/tenant-states.js";
import type { Tenant } from "../../store/tenants.js";
import { SystemUserRefusal } from "../errors.js";

/** ReturnTokenType: `JWT` (REST samples) or `Jwt` (the SOAP enum); the legacy `Saml` is not emulated. */
export function checkReturnTokenType(value: string): void {
  if (value.toLowerCase() !== "jwt") throw new SystemUserRefusal(`ReturnTokenType ${value || "(missing)"} is not supported; use JWT`);
}

/** ContextIdentifier: a tenant of this environment, running. */
export function checkTenant(ctx: EmulatorContext, contextIdentifier: string): Tenant {
  const tenant = contextIdentifier ? ctx.store.tenants.get(contextIdentifier) : undefined;
  if (!tenant || tenant.state === "Deleted") throw new SystemUserRefusal(`Unknown ContextIdentifier ${contextIdentifier || "(missing)"}`);
  if (!isRunningState(tenant.state)) throw new SystemUserRefusal(`Tenant ${tenant.contextIdentifier} is ${tenant.state}`);
  return tenant;
}

/**
 * ApplicationToken is the app's client secret (identity.md §8.3), and only apps with the SystemToken
 * claim (server-to-server) may use the system user.
 */
export function checkApplicationToken(ctx: EmulatorContext, applicationToken: string): App {
  const app = applicationToken ? ctx.store.apps.findBySecret(applicationToken) : undefined;
  if (!app) throw new SystemUserRefusal("ApplicationToken does not match the secret of any application");
  if (!app.systemUser) throw new SystemUserRefusal(`${app.name} is not allowed the system user`, "Denied");
  return app;
}
