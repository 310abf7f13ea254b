import { createMiddleware } from "hono/factory";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { soError } from "../http/superoffice-error.js";
import { isRunningState } from "../shared/tenant-states.js";
import { dateCodec } from "./json/dates.js";
import { parseSoTimeZone } from "./json/so-timezone.js";
import { purgeExpired } from "./entities/soft-delete.js";
import type { TenantEnv } from "./tenant-env.js";
import { decodeUriPart } from "../shared/uri.js";

/**
 * Finds the tenant of `/{ContextIdentifier}/api/...` (spec/README.md): unknown or Deleted → 404; in host
 * mode, the wrong host → 421; any other state where the tenant is not running → 503 with Retry-After,
 * naming the state.
 */
export const tenantLookup = (ctx: EmulatorContext) =>
  createMiddleware<TenantEnv>(async (c, next) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx") ?? "");
    if (!tenant || tenant.state === "Deleted") {
      // Path parameters arrive lower-cased; name the tenant as the client wrote it.
      const asked = new URL(c.req.url).pathname.split("/").filter(Boolean)[0] ?? "";
      throw soError("TenantNotFound", `Unknown tenant ${decodeUriPart(asked)}`);
    }
    // Host mode (identity.md §9.2): a tenant answers only on its own host; SOD says 421 elsewhere.
    const expectedHost = tenant.host ?? ctx.urls.tenantHost;
    if (expectedHost && new URL(c.req.url).hostname.toLowerCase() !== expectedHost) {
      throw soError("MisdirectedRequest", "Wrong subdomain used to access tenant");
    }
    if (!isRunningState(tenant.state)) {
      c.header("Retry-After", "60");
      throw soError("TenantNotRunning", `Tenant ${tenant.contextIdentifier} is ${tenant.state}`);
    }
    c.set("tenant", tenant);
    purgeExpired(ctx, tenant.contextIdentifier);
    await next();
  });

/**
 * How the request's dates are read and shown (`SO-TimeZone`), set after authentication: a request without
 * usable credentials is a 401 whatever else it sends (a client refreshes its token on a 401, not on a 400),
 * as on NetServer, whose services apply the caller's time zone behind the authentication step.
 */
export const requestDates = createMiddleware<TenantEnv>(async (c, next) => {
  c.set("dates", dateCodec(c.get("tenant").timeZone, parseSoTimeZone(c.req.header("so-timezone"))));
  await next();
});
