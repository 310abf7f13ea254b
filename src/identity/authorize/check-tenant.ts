import { AuthorizePageError, AuthorizeRedirectError, type AuthorizeCheck } from "./authorization-request.js";

/**
 * The tenant may be fixed by the path (`/login/Cust12345/oauth/authorize`, used from web panels) or by
 * `acr_values=tenant:Cust12345`; either skips the tenant picker. An unknown tenant in the path is a page;
 * in acr_values it is the app's error.
 */
export const checkTenant: AuthorizeCheck = (ctx, lookups) => {
  if (ctx.pathTenant) {
    const found = lookups.tenantExists(ctx.pathTenant);
    if (!found) throw new AuthorizePageError("Unknown tenant", `There is no tenant ${ctx.pathTenant}.`);
    ctx.request.tenant = found;
  }
  const acr = (ctx.params.acr_values ?? "").split(/\s+/).find((v) => v.toLowerCase().startsWith("tenant:"));
  if (acr && !ctx.request.tenant) {
    const asked = acr.slice("tenant:".length);
    const found = lookups.tenantExists(asked);
    if (!found) throw new AuthorizeRedirectError("invalid_request", `acr_values names an unknown tenant ${asked}`);
    ctx.request.tenant = found;
  }
};
