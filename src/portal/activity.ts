import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { EmulatorContext } from "../emulator-context.js";

/**
 * The Developer Portal's API metrics and failed-requests pages, locally: every SuperID and tenant API call,
 * newest first, in a bounded ring so memory stays flat however long the emulator runs.
 */
export interface ActivityEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  clientId: string | null;
  tenant: string | null;
  /** The response body of a failure (status 400 and up), when it is JSON or text. */
  error: string | null;
}

export class ActivityRing {
  private entries: ActivityEntry[] = [];
  private next = 1;
  constructor(readonly capacity = 1000) {}
  add(entry: Omit<ActivityEntry, "id">): void {
    this.entries.push({ id: this.next++, ...entry });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }
  /** Newest first, optionally only one app's or one tenant's calls. */
  list(filter: { clientId?: string | undefined; tenant?: string | undefined; limit?: number | undefined } = {}): ActivityEntry[] {
    const out: ActivityEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < (filter.limit ?? this.capacity); i--) {
      const e = this.entries[i]!;
      if (filter.clientId && e.clientId !== filter.clientId) continue;
      if (filter.tenant && e.tenant?.toLowerCase() !== filter.tenant.toLowerCase()) continue;
      out.push(e);
    }
    return out;
  }
  /** Per app: calls, failures and median latency. */
  summary(): { clientId: string | null; calls: number; failures: number; medianMs: number }[] {
    const byApp = new Map<string | null, ActivityEntry[]>();
    for (const e of this.entries) byApp.set(e.clientId, [...(byApp.get(e.clientId) ?? []), e]);
    return [...byApp].map(([clientId, list]) => {
      const sorted = list.map((e) => e.durationMs).sort((a, b) => a - b);
      return { clientId, calls: list.length, failures: list.filter((e) => e.status >= 400).length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0 };
    });
  }
  clear(): void {
    this.entries = [];
  }
}

/** What handlers tell the ring about a call; the tenant API's middleware sets principal and tenant. */
interface ActivityVariables {
  principal?: { clientId: string };
  tenant?: { contextIdentifier: string };
  activityClientId?: string;
}

/**
 * Names the app of a SuperID call that carries its client_id as a parameter (query or form): handlers
 * read their parameters anyway, so the ring does not parse the body a second time.
 */
export function noteActivityClient(c: Context, clientId: string | undefined): void {
  if (clientId) (c as Context<{ Variables: ActivityVariables }>).set("activityClientId", clientId);
}

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
