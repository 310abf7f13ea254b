import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { ActivityRing, ActivityVariables } from "../../runtime/activity.js";
import type { EmulatorContext } from "../../runtime/emulator-context.js";

// The discovery document and JWKS are static and fetched constantly; like the Developer Portal's metrics,
// the ring counts API calls, not them.
const RECORDED = /^\/(login\/(?!\.well-known\/)|api\/state\/|cust\d+\/api)/;

/** Records SuperID and tenant API calls (not discovery, the portal, the admin API or /health). */
export const recordActivity = (ctx: EmulatorContext, ring: ActivityRing): MiddlewareHandler => {
  const record = recorder(ctx, ring);
  // Not async: a call that is not recorded (discovery, JWKS) goes on without an async frame of its own.
  // c.req.path is the lower-cased routing path: cheap to test; the real path is read only when recording.
  return (c, next) => (RECORDED.test(c.req.path) ? record(c, next) : next());
};

const recorder = (ctx: EmulatorContext, ring: ActivityRing) =>
  createMiddleware(async (c, next) => {
    const path = pathOf(c.req.url);
    const started = performance.now();
    await next();
    const status = c.res.status;
    let error: string | null = null;
    if (status >= 400 && /json|text/i.test(c.res.headers.get("content-type") ?? "")) error = (await c.res.clone().text()).slice(0, 2000);
    // c.get, not c.var (which copies every variable into a new object); the fallbacks below are worked out
    // only when the handler named no app or tenant (most tenant API calls name both).
    const principal = c.get("principal") as ActivityVariables["principal"];
    const tenant = c.get("tenant") as ActivityVariables["tenant"];
    ring.add({
      time: isoTime(ctx.clock.now()),
      method: c.req.method,
      path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      clientId: principal?.clientId ?? (c.get("activityClientId") as string | undefined) ?? c.req.query("client_id") ?? basicClient(c.req.header("authorization")) ?? null,
      tenant: tenant?.contextIdentifier ?? tenantOfPath(ctx, path, c.req.query("acr_values")),
      error,
    });
  });

/**
 * The path of the request's URL, as `new URL(url).pathname` gives it, without parsing the whole URL (about
 * 2.5 µs of every recorded call): @hono/node-server hands over the request line's target as it came when it
 * is a plain path, and otherwise a URL it has already normalised (dot segments, percent-encoding).
 */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.indexOf("?", start);
  const hash = url.indexOf("#", start);
  const stop = end < 0 ? hash : hash < 0 ? end : Math.min(end, hash);
  return stop < 0 ? url.slice(start) : url.slice(start, stop);
}

// Date#toISOString costs about a microsecond and every recorded call needs one: the part up to the seconds is
// formatted once per second and the milliseconds appended (toISOString always ends in ".sssZ").
let isoSecond = Number.NaN;
let isoPrefix = "";
function isoTime(time: number): string {
  const ms = Math.trunc(time); // as new Date() takes it
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -5);
    isoSecond = second;
  }
  return `${isoPrefix}.${String(ms - second * 1000).padStart(3, "0")}Z`;
}

/** The client id of HTTP Basic client authentication. */
function basicClient(authorization: string | undefined): string | undefined {
  const basic = /^basic\s+(.+)$/i.exec(authorization ?? "")?.[1];
  return basic ? Buffer.from(basic, "base64").toString("utf8").split(":")[0] : undefined;
}

/** The tenant a call names in its path, or in SuperID's `acr_values=tenant:CustN`; as stored when known. */
function tenantOfPath(ctx: EmulatorContext, path: string, acrValues: string | undefined): string | null {
  const acrTenant = /tenant:(cust\d+)/i.exec(acrValues ?? "")?.[1];
  const tenant = /^\/(cust\d+)\//i.exec(path)?.[1] ?? /^\/login\/(cust\d+)\//i.exec(path)?.[1] ?? /^\/api\/state\/(cust\d+)/i.exec(path)?.[1] ?? acrTenant ?? null;
  return tenant ? (ctx.store.tenants.get(tenant)?.contextIdentifier ?? tenant) : null;
}
