import { timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { webhookSignature } from "../../runtime/webhooks/send.js";
import type { Delivery } from "../../store/webhook-deliveries.js";
import { own } from "../../shared/own.js";
import { portalCsrfToken, readForm } from "./form-token.js";
import { missing, forged } from "./responses.js";
import { WebhooksPage, type DeliveryDetail, type SignatureCheck } from "./webhooks-page.js";

const NOTICES: Record<string, string> = {
  paused: "Dispatcher paused: deliveries wait in the queue until you resume it.",
  resumed: "Dispatcher running: waiting deliveries go out now.",
  resent: "Queued again: the same body and EventId, as a new delivery.",
};

/** Deliveries listed on the page (newest first). */
const LISTED = 50;

/**
 * The signature check: the HMAC-SHA256 of the stored body bytes with the hook's secret, recomputed here and
 * compared with the X-SuperOffice-Signature the last attempt sent (webhooks.md §7).
 */
function signatureOf(ctx: EmulatorContext, d: Delivery, sent: Record<string, string>): SignatureCheck {
  if (d.webhookId === null && !d.queueKey.startsWith("test/")) return "unsigned";
  if (d.log.length === 0) return "not sent yet";
  const header = Object.entries(sent).find(([k]) => k.toLowerCase() === "x-superoffice-signature")?.[1];
  const hook = d.webhookId === null ? undefined : ctx.store.webhooks.get(d.contextIdentifier, d.webhookId);
  if (!header) return hook?.secret ? "invalid" : "unsigned";
  if (!hook) return "no hook";
  if (!hook.secret) return "invalid";
  const expected = Buffer.from(webhookSignature(hook.secret, Buffer.from(d.body, "utf8")));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given) ? "valid" : "invalid";
}

function detailOf(ctx: EmulatorContext, d: Delivery): DeliveryDetail {
  const requestHeaders = d.log.at(-1)?.requestHeaders ?? {};
  let pretty = d.body;
  try {
    pretty = JSON.stringify(JSON.parse(d.body), null, 2);
  } catch {
    // shown as stored
  }
  return { delivery: d, requestHeaders, signature: signatureOf(ctx, d, requestHeaders), pretty };
}

/** `/portal/webhooks`: hooks per app and tenant, deliveries, one delivery in full, resend, pause/resume. */
export function webhookPageRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const wh = ctx.webhooks;

  const render = (c: Context, error?: string) => {
    const apps = ctx.store.apps.list().map((a) => ({ clientId: a.clientId, name: a.name }));
    const tenants = ctx.store.tenants.list().map((t) => t.contextIdentifier);
    const filter = { app: c.req.query("app") ?? "", tenant: c.req.query("tenant") ?? "" };
    const tenant = tenants.find((t) => t.toLowerCase() === filter.tenant.toLowerCase());
    const hooks = ctx.store.webhooks.list(tenant, filter.app || undefined);
    const deliveries = ctx.store.webhookDeliveries.list({ contextIdentifier: tenant, clientId: filter.app || undefined, limit: LISTED });
    const wanted = Number(c.req.query("delivery"));
    const picked = Number.isInteger(wanted) && wanted > 0 ? ctx.store.webhookDeliveries.get(wanted) : undefined;
    const dispatcher = { paused: wh.dispatcher.paused, pending: ctx.store.webhookDeliveries.list({ status: "pending", limit: 1000 }).length, requireHttps: wh.settings.requireHttps, timeoutMs: wh.settings.timeoutMs };
    return c.html(
      <WebhooksPage
        hooks={hooks}
        deliveries={deliveries}
        detail={picked && detailOf(ctx, picked)}
        apps={apps}
        tenants={tenants}
        filter={filter}
        dispatcher={dispatcher}
        csrf={portalCsrfToken()}
        notice={own(NOTICES, c.req.query("done") ?? "")}
        error={error}
      />,
      error ? 400 : 200,
    );
  };

  app.get("/portal/webhooks", (c) => render(c));

  app.post("/portal/webhooks/dispatcher", async (c) => {
    const form = await readForm(c);
    if (!form) return forged(c);
    if (form.paused !== "true" && form.paused !== "false") return render(c, "Choose Pause or Resume.");
    if (form.paused === "true") wh.dispatcher.pause();
    else wh.dispatcher.resume();
    return c.redirect(`/portal/webhooks?done=${form.paused === "true" ? "paused" : "resumed"}`, 303);
  });

  app.post("/portal/webhooks/deliveries/:id/resend", async (c) => {
    const form = await readForm(c);
    if (!form) return forged(c);
    const id = Number(c.req.param("id"));
    const again = Number.isInteger(id) ? ctx.store.webhookDeliveries.resend(id, ctx.clock.now()) : undefined;
    if (!again) return missing(c, "/portal/webhooks", "There is no such delivery (old ones are dropped as new ones finish).");
    wh.dispatcher.kick();
    return c.redirect(`/portal/webhooks?done=resent&delivery=${again.deliveryId}#delivery`, 303);
  });

  return app;
}
