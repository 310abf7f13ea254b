import type { Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { identityEndpoints } from "../../identity/endpoints.js";
import type { TenantEnv } from "../tenant-env.js";
import type { ArchiveEnv } from "./archive-query.js";
import { backchannelUrls } from "../../runtime/backchannel.js";

/** What an archive query needs from the request: the tenant, its zone and clock, the caller, the API's URL. */
export function archiveEnv(ctx: EmulatorContext, c: Context<TenantEnv>): ArchiveEnv {
  const tenant = c.get("tenant");
  return {
    archive: ctx.store.archive,
    contextIdentifier: tenant.contextIdentifier,
    dates: c.get("dates"),
    apiBase: `${identityEndpoints(backchannelUrls(ctx, c.req.url)).webApiUrl(tenant)}v1`,
    timeZone: tenant.timeZone,
    nowMs: ctx.clock.now(),
    currentAssociateId: c.get("principal").associateId,
  };
}
