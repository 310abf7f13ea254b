import { Hono } from "hono";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { identityEndpoints } from "../identity/endpoints.js";
import type { TenantEnv } from "./tenant-env.js";
import { backchannelUrls } from "../runtime/backchannel.js";

/** The emulated NetServer release, shown in the version document and the tenant status API. */
export const NETSERVER = {
  version: "11.10.721.0",
  assembly: "11.10.0.0",
  date: "2026-02-24",
  label: "Release_11.10_2026.02.24-02",
};

/** `GET /{ContextIdentifier}/api` (identity.md §9.3): anonymous; JSON when asked for, HTML otherwise. */
export function versionRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  app.get("/:ctx/api", (c) => {
    const tenant = c.get("tenant");
    const doc = {
      v1: `${identityEndpoints(backchannelUrls(ctx, c.req.url)).webApiUrl(tenant)}v1/`,
      NetServerVersion: NETSERVER.version,
      NetServerAssembly: NETSERVER.assembly,
      NetServerDate: NETSERVER.date,
      NetServerLabel: NETSERVER.label,
      NetServer: `SuperOffice 11.10 NetServer 11.10 Release (Build: ${NETSERVER.label})`,
      Services: "Services87",
      ServicesCurrent: "Services88",
      Version: "v1",
      Documentation: "https://docs.superoffice.com/en/api/",
    };
    if (/json/i.test(c.req.header("accept") ?? "")) return c.json(doc);
    return c.html(`<!doctype html><title>SuperOffice WebApi</title><h1>SuperOffice WebApi (sod-emulator)</h1><pre>${JSON.stringify(doc, null, 2).replace(/</g, "&lt;")}</pre>`);
  });
  return app;
}
