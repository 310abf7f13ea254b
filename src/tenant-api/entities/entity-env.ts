import type { Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { identityEndpoints } from "../../identity/endpoints.js";
import { toStoreDateTime } from "../../shared/time-zone.js";
import { referenceCarriers } from "../carriers/references.js";
import type { TenantEnv } from "../tenant-env.js";
import type { EntityEnv } from "./entity-description.js";
import { backchannelUrls } from "../../runtime/backchannel.js";

export function entityEnv(ctx: EmulatorContext, c: Context<TenantEnv>): EntityEnv {
  const tenant = c.get("tenant");
  const dates = c.get("dates");
  const crm = ctx.store.crm;
  return {
    emulator: ctx,
    tenant,
    principal: c.get("principal"),
    dates,
    crm,
    refs: referenceCarriers({ crm, contextIdentifier: tenant.contextIdentifier, dates }),
    now: toStoreDateTime(ctx.clock.now()),
    apiBase: `${identityEndpoints(backchannelUrls(ctx, c.req.url)).webApiUrl(tenant)}v1`,
  };
}

/** A query parameter by name in any case (the official client sends `ContactEntityId`, Swagger says `contactEntityId`). */
export function queryParam(c: Context, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(c.req.query())) if (k.toLowerCase() === lower) return v;
  return undefined;
}
