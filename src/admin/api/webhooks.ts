import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { INBOX_BODY_LIMIT, INBOX_NAME, type InboxConfig } from "../../runtime/webhooks/inbox.js";
import type { Delivery, DeliveryAttempt, DeliveryStatus } from "../../store/webhook-deliveries.js";
import { AdminError, adminErrorResponse, jsonBody, optionalBool, optionalNumber, optionalString } from "./json.js";

/**
 * Webhooks for test suites (README, "Webhooks"): the deliveries with their attempts, "deliver now",
 * pausing the dispatcher, the dispatcher's settings, firing an event by hand, and the local inbox.
 * The inbox's receiving URL is mounted apart (inboxReceiver) because webhook senders carry no admin key.
 */
const V1 = "/_emulator/v1";
const STATUSES: DeliveryStatus[] = ["pending", "delivered", "failed", "cancelled"];

/** What a delivery's view shows in place of (or beside) the stored row's members. */
type Shown = { createdAt: string; nextAttemptAt: string; payload: unknown; attempts: number; log: undefined; attemptLog: DeliveryAttempt[] };

/** A delivery as the admin API shows it: the stored row plus the body parsed. */
export function deliveryView(d: Delivery): Omit<Delivery, keyof Shown> & Shown {
  let payload: unknown = null;
  try {
    payload = JSON.parse(d.body);
  } catch {
    // stored by the emulator itself, always JSON
  }
  const shown: Shown = { createdAt: new Date(d.createdAt).toISOString(), nextAttemptAt: new Date(d.nextAttemptAt).toISOString(), payload, attempts: d.log.length, log: undefined, attemptLog: d.log };
  return Object.assign({}, d, shown);
}

const int = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new AdminError(400, `${name}: expected a whole number`);
  return Number(value);
};

export function webhookAdminRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.onError((err, c) => adminErrorResponse(c, err));
  const wh = ctx.webhooks;

  app.get(`${V1}/webhooks`, (c) => {
    const tenant = c.req.query("tenant");
    const clientId = c.req.query("clientId");
    return c.json(ctx.store.webhooks.list(tenant ? (ctx.store.tenants.get(tenant)?.contextIdentifier ?? tenant) : undefined, clientId || undefined));
  });

  app.get(`${V1}/webhooks/deliveries`, (c) => {
    const q = c.req.query();
    const status = q.status as DeliveryStatus | undefined;
    if (status !== undefined && !STATUSES.includes(status)) throw new AdminError(400, `status: expected one of ${STATUSES.join(", ")}`);
    const list = ctx.store.webhookDeliveries.list({
      contextIdentifier: q.tenant || undefined,
      clientId: q.clientId || undefined,
      webhookId: int(q.webhookId, "webhookId"),
      event: q.event || undefined,
      status,
      afterId: int(q.afterId, "afterId"),
      limit: int(q.limit, "limit"),
    });
    return c.json(list.map(deliveryView));
  });

  app.get(`${V1}/webhooks/deliveries/:id`, (c) => {
    const d = ctx.store.webhookDeliveries.get(int(c.req.param("id"), "id") ?? 0);
    if (!d) throw new AdminError(404, `delivery ${c.req.param("id")} not found`);
    return c.json(deliveryView(d));
  });

  app.post(`${V1}/webhooks/deliveries/:id/resend`, (c) => {
    const d = ctx.store.webhookDeliveries.resend(int(c.req.param("id"), "id") ?? 0, ctx.clock.now());
    if (!d) throw new AdminError(404, `delivery ${c.req.param("id")} not found`);
    wh.dispatcher.kick();
    return c.json(deliveryView(d), 201);
  });

  // Retries waiting on the clock go out now; answers once nothing is due any more.
  app.post(`${V1}/webhooks/deliver-now`, async (c) => {
    const made = await wh.dispatcher.deliverNow();
    return c.json({ madeDue: made, dispatcher: dispatcherView() });
  });

  const dispatcherView = () => ({ paused: wh.dispatcher.paused, requireHttps: wh.settings.requireHttps, timeoutMs: wh.settings.timeoutMs, pending: ctx.store.webhookDeliveries.list({ status: "pending", limit: 1000 }).length });
  app.get(`${V1}/webhooks/dispatcher`, (c) => c.json(dispatcherView()));
  app.put(`${V1}/webhooks/dispatcher`, async (c) => {
    const body = await jsonBody(c);
    const paused = optionalBool(body, "paused");
    const requireHttps = optionalBool(body, "requireHttps");
    const timeoutMs = optionalNumber(body, "timeoutMs");
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 300_000)) throw new AdminError(400, "timeoutMs: expected 100-300000");
    if (requireHttps !== undefined) wh.settings.requireHttps = requireHttps;
    if (timeoutMs !== undefined) wh.settings.timeoutMs = timeoutMs;
    if (paused === true) wh.dispatcher.pause();
    if (paused === false) wh.dispatcher.resume();
    return c.json(dispatcherView());
  });

  // Fires an event by hand, as `POST v1/Webhook/{event}/{primaryKey}` would.
  app.post(`${V1}/webhooks/signal`, async (c) => {
    const body = await jsonBody(c);
    const tenant = ctx.store.tenants.get(optionalString(body, "tenant") ?? "");
    if (!tenant) throw new AdminError(404, "tenant: no such tenant");
    const event = optionalString(body, "event");
    if (!event) throw new AdminError(400, "event: required");
    const data = body.data ?? null;
    if (data !== null && (typeof data !== "object" || Array.isArray(data))) throw new AdminError(400, "data: expected a JSON object");
    const queued = wh.queue.signal(tenant.contextIdentifier, event, optionalNumber(body, "primaryKey") ?? 0, data as Record<string, unknown> | null, 0, ctx.clock.now());
    wh.dispatcher.kick();
    return c.json({ queued });
  });

  // ---- the inbox (reading and configuring it takes the admin key like every admin call) ----
  const boxName = (name: string) => {
    if (!INBOX_NAME.test(name)) throw new AdminError(400, "name: letters, digits, '.', '_' and '-', at most 64");
    return name;
  };
  app.get(`${V1}/inbox`, (c) => c.json(wh.inbox.names()));
  app.get(`${V1}/inbox/:name`, (c) => c.json(wh.inbox.entries(boxName(c.req.param("name")))));
  app.put(`${V1}/inbox/:name`, async (c) => {
    const body = await jsonBody(c);
    const status = optionalNumber(body, "status");
    const delayMs = optionalNumber(body, "delayMs");
    if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) throw new AdminError(400, "status: expected an HTTP status 200-599");
    if (delayMs !== undefined && (delayMs < 0 || delayMs > 120_000)) throw new AdminError(400, "delayMs: expected 0-120000");
    const config: Partial<InboxConfig> = {};
    if (status !== undefined) config.status = status;
    if (delayMs !== undefined) config.delayMs = delayMs;
    return c.json(wh.inbox.configure(boxName(c.req.param("name")), config));
  });
  app.delete(`${V1}/inbox/:name`, (c) => {
    wh.inbox.clear(boxName(c.req.param("name")));
    return c.body(null, 204);
  });
  return app;
}

/**
 * `POST /_emulator/v1/inbox/{name}`: records what arrives and answers the inbox's status (200 unless set;
 * `?status=` overrides per call). Mounted before the admin key and the cross-site guard: webhook senders
 * carry neither, and whatever arrives is only recorded, bounded in size and number.
 */
export function inboxReceiver(ctx: EmulatorContext) {
  const app = new Hono();
  app.post(`${V1}/inbox/:name`, async (c) => {
    // The routing path is lower-cased; the inbox keeps the name as it was sent.
    const name = decodeURIComponent(new URL(c.req.url).pathname.split("/").filter(Boolean).at(-1) ?? "");
    if (!INBOX_NAME.test(name)) return c.json({ error: "invalid_request", message: "name: letters, digits, '.', '_' and '-', at most 64" }, 400);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > INBOX_BODY_LIMIT) return c.json({ error: "payload_too_large", message: `at most ${INBOX_BODY_LIMIT} bytes` }, 413);
    const config = ctx.webhooks.inbox.config(name);
    const asked = Number(c.req.query("status"));
    const status = Number.isInteger(asked) && asked >= 200 && asked <= 599 ? asked : config.status;
    ctx.webhooks.inbox.record(name, {
      receivedAt: new Date(ctx.clock.now()).toISOString(),
      method: c.req.method,
      headers: Object.fromEntries(c.req.raw.headers),
      body: new TextDecoder().decode(bytes),
      status,
    });
    if (config.delayMs > 0) await new Promise((r) => setTimeout(r, config.delayMs));
    return c.json({ received: true }, status as 200);
  });
  return app;
}
