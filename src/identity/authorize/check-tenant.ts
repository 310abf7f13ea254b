import { InvalidRequest } from "../errors.js";
import type { AuthorizeInput, AuthorizeLookups } from "./authorization-request.js";

/**
 * The tenant may be fixed by the path (`/login/Cust12345/oauth/authorize`, used from web panels) or by
 * `acr_values=tenant:Cust12345`; either skips the tenant picker. An unknown tenant in the path is a page;
 * in acr_values it is the app's error.
 */
export function checkTenant({ params, pathTenant }: AuthorizeInput, lookups: AuthorizeLookups): string | undefined {
  if (pathTenant) {
    const found = lookups.tenantExists(pathTenant);
    if (!found) throw new InvalidRequest(`There is no tenant ${pathTenant}.`, { page: "Unknown tenant" });
    return found;
  }
  const acr = (params.acr_values ?? "").split(/\s+/).find((v) => v.toLowerCase().startsWith("tenant:"));
  if (!acr) return undefined;
  const asked = acr.slice("tenant:".length);
  const found = lookups.tenantExists(asked);
  if (!found) throw new InvalidRequest(`acr_values names an unknown tenant ${asked}`);
  return found;
}
