import { createMiddleware } from "hono/factory";
import type { ActivityRing, ActivityVariables } from "../../runtime/activity.js";
import type { EmulatorContext } from "../../runtime/emulator-context.js";

// The discovery document and JWKS are static and fetched constantly; like the Developer Portal's metrics,
// the ring counts API calls, not them.
const RECORDED = /^\/(login\/(?!\.well-known\/)|api\/state\/|cust\d+\/api)/;

/** Records SuperID and tenant API calls (not discovery, the portal, the admin API or /health). */
export const recordActivity = (ctx: EmulatorContext, ring: ActivityRing) =>
  createMiddleware(async (c, next) => {
    // c.req.path is the lower-cased routing path: cheap to test; the real path is read only when recording.
    if (!RECORDED.test(c.req.path)) return next();
    const path = new URL(c.req.url).pathname;
    const started = performance.now();
    await next();
    const status = c.res.status;
    let error: string | null = null;
    if (status >= 400 && /json|text/i.test(c.res.headers.get("content-type") ?? "")) error = (await c.res.clone().text()).slice(0, 2000);
    const vars = c.var as ActivityVariables;
    const principal = vars.principal;
    const basic = /^basic\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const basicClient = basic ? Buffer.from(basic, "base64").toString("utf8").split(":")[0] : undefined;
    const acrTenant = /tenant:(cust\d+)/i.exec(c.req.query("acr_values") ?? "")?.[1];
    const tenant = /^\/(cust\d+)\//i.exec(path)?.[1] ?? /^\/login\/(cust\d+)\//i.exec(path)?.[1] ?? /^\/api\/state\/(cust\d+)/i.exec(path)?.[1] ?? acrTenant ?? null;
    ring.add({
      time: new Date(ctx.clock.now()).toISOString(),
      method: c.req.method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      clientId: principal?.clientId ?? vars.activityClientId ?? c.req.query("client_id") ?? basicClient ?? null,
      tenant: vars.tenant?.contextIdentifier ?? (tenant ? (ctx.store.tenants.get(tenant)?.contextIdentifier ?? tenant) : null),
      error,
    });
  });
