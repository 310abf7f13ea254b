import { Hono } from "hono";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { isRunningState } from "../shared/tenant-states.js";
import { NETSERVER } from "../tenant-api/version.js";
import { identityEndpoints } from "./endpoints.js";
import { superOfficeError } from "../http/superoffice-error.js";
import { decodeUriPart } from "../shared/uri.js";
import { backchannelUrls } from "../runtime/backchannel.js";

/** How long a client may trust a state before asking again. */
const VALID_FOR_MS = 3_600_000;

/**
 * `GET /api/state/{ContextIdentifier}` on the public URL (identity.md §9.1), no credentials: where the
 * tenant's API is and whether it runs. `Endpoint` and `Api` have no trailing slash (clients append
 * `/api/` or `/v1/`); `ValidUntil` is .NET's round-trip UTC format with 7 fractional digits.
 */
export function tenantStateRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.get("/api/state/:ctx", (c) => {
    const tenant = ctx.store.tenants.get(c.req.param("ctx"));
    // Path parameters arrive lower-cased; name the tenant as the client wrote it.
    const asked = decodeUriPart(new URL(c.req.url).pathname.split("/").filter(Boolean)[2] ?? "");
    if (!tenant) return c.json(superOfficeError("TenantNotFound", `Unknown tenant ${asked}`), 404);
    const endpoint = identityEndpoints(backchannelUrls(ctx, c.req.url)).tenantBase(tenant);
    const validUntil = new Date(ctx.clock.now() + VALID_FOR_MS).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
    return c.json({
      ContextIdentifier: tenant.contextIdentifier,
      Endpoint: endpoint,
      State: tenant.state,
      IsRunning: isRunningState(tenant.state),
      ValidUntil: validUntil,
      Api: `${endpoint}/api`,
      Version: NETSERVER.label,
    });
  });
  return app;
}
