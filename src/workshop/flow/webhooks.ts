import { createHmac, randomBytes } from "node:crypto";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { secretName, type Exchange, type ReceivedRequest, type Run, type WebhookRecord } from "../run.js";
import { jsonOf, send } from "../wire.js";
import { accessTokenOf, soClaim, StepOrderError } from "./tokens.js";

/**
 * Step 9: webhooks. The app registers a webhook for `contact.created` whose target is the emulator's own inbox
 * (a name made for this run, so attendees' runs never mix), with a secret made for this run; the save sends
 * the test ping to it. Then the app creates a contact, and the workshop polls the inbox over HTTP (bounded)
 * until the delivery is there, to show it as received and check its signature.
 */
const WAIT_MS = 10_000;
const POLL_MS = 150;

/** The credential the step's calls carry: the access token while it works, else step 8's system-user ticket. */
function credentialOf(run: Run): { headers: Record<string, string>; credential: WebhookRecord["credential"] } | undefined {
  const token = accessTokenOf(run);
  if (token && !run.refresh) return { headers: { Authorization: `Bearer ${token}` }, credential: "access token" };
  const ticket = run.systemUser?.ticket;
  if (ticket && run.choice.clientSecret) return { headers: { Authorization: `SOTicket ${ticket}`, "SO-AppToken": run.choice.clientSecret }, credential: "system-user ticket" };
  return undefined;
}

export async function watchWebhook(ctx: EmulatorContext, run: Run): Promise<void> {
  const webapi = soClaim(run, "webapi_url");
  if (!accessTokenOf(run) || !webapi) throw new StepOrderError("There is no access token yet: step 4 must answer 200 first.");
  if (run.webhooks && !run.webhooks.blocked) throw new StepOrderError("This run already registered its webhook. Choose Start over for a new run.");
  const cred = credentialOf(run);
  if (!cred) {
    run.webhooks = {
      blocked: `Step 7 revoked this run's tokens, and ${run.choice.appName} has no system-user ticket from step 8 to call the API with instead. Start over and press “Webhooks now (step 9)” in step 6, while the access token works; or use Nightly Sync Service, whose step 8 ticket step 9 then uses.`,
    };
    return;
  }
  const inbox = `workshop-${randomBytes(6).toString("hex")}`;
  const targetUrl = `${ctx.urls.publicUrl}/_emulator/v1/inbox/${inbox}`;
  const secret = randomBytes(18).toString("base64url");
  secretName(run, secret, "WEBHOOK_SECRET");
  if (run.choice.clientSecret) secretName(run, run.choice.clientSecret, "CLIENT_SECRET");
  const json = Object.assign(cred.headers, { "Content-Type": "application/json", Accept: "application/json" });
  const rec: WebhookRecord = { credential: cred.credential, inbox, targetUrl, secret };
  run.webhooks = rec;

  rec.create = await send("Register the webhook (its save sends the test ping)", {
    method: "POST",
    url: `${webapi}v1/Webhook`,
    headers: json,
    body: JSON.stringify({ Name: `Workshop ${inbox}`, Events: ["contact.created"], TargetUrl: targetUrl, Secret: secret, Type: "webhook", State: "Active" }),
  });
  const hookId = jsonOf(rec.create)?.WebhookId;
  if (rec.create.response?.status !== 200 || typeof hookId !== "number") return;
  rec.webhookId = hookId;

  const first = await readInbox(ctx, run, inbox, "Read the inbox: the test ping the save sent");
  rec.pingRead = first.exchange;
  rec.ping = first.entries.find((e) => header(e, "x-superoffice-event") === "test");

  const name = `Workshop webhook demo ${new Date(ctx.clock.now()).toISOString().slice(11, 19)}`;
  rec.contact = await send("Create a contact (the write raises contact.created)", { method: "POST", url: `${webapi}v1/Contact`, headers: json, body: JSON.stringify({ Name: name }) });
  const contactId = jsonOf(rec.contact)?.ContactId;
  if (typeof contactId !== "number") return;
  rec.contactId = contactId;

  // The delivery is asynchronous (the API call never waits for it): poll, bounded, as a test suite would.
  const started = performance.now();
  for (;;) {
    const read = await readInbox(ctx, run, inbox, "Read the inbox: the contact.created delivery");
    rec.deliveryRead = read.exchange;
    rec.delivery = read.entries.find((e) => header(e, "x-superoffice-event") === "contact.created" && primaryKeyOf(e) === contactId);
    if (rec.delivery || performance.now() - started > WAIT_MS || !read.exchange.response) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  rec.waitedMs = Math.round(performance.now() - started);
}

/** Start over: the run's webhook is deleted over the API, or (its credential gone) from the store. */
export async function deleteRunWebhook(ctx: EmulatorContext, run: Run | undefined): Promise<void> {
  const rec = run?.webhooks;
  const webapi = run && soClaim(run, "webapi_url");
  const tenant = run && soClaim(run, "ctx");
  if (!run || !rec?.webhookId || rec.deleted || !webapi || !tenant) return;
  const cred = credentialOf(run);
  const answer = cred ? await fetchDelete(`${webapi}v1/Webhook/${rec.webhookId}`, cred.headers) : 0;
  if (answer !== 204) {
    ctx.store.transaction(() => {
      ctx.store.webhooks.remove(tenant, rec.webhookId!);
      ctx.store.webhookDeliveries.cancelPending(tenant, rec.webhookId!);
    });
  }
  rec.deleted = true;
}

async function fetchDelete(url: string, headers: Record<string, string>): Promise<number> {
  try {
    return (await fetch(url, { method: "DELETE", headers, signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

/** GET /_emulator/v1/inbox/{name} over HTTP (with the admin key when the emulator has one). */
async function readInbox(ctx: EmulatorContext, run: Run, inbox: string, label: string): Promise<{ exchange: Exchange; entries: ReceivedRequest[] }> {
  const key = ctx.config.adminKey;
  if (key) secretName(run, key, "ADMIN_KEY");
  const exchange = await send(label, { method: "GET", url: `${ctx.urls.publicUrl}/_emulator/v1/inbox/${inbox}`, headers: { Accept: "application/json", ...(key ? { "X-Admin-Key": key } : {}) } });
  let entries: ReceivedRequest[] = [];
  try {
    const v: unknown = JSON.parse(exchange.response?.body ?? "");
    if (Array.isArray(v)) entries = v as ReceivedRequest[];
  } catch {
    // not the inbox's JSON (an error page): no entries
  }
  return { exchange, entries };
}

export const header = (r: ReceivedRequest, name: string): string | undefined => Object.entries(r.headers).find(([k]) => k.toLowerCase() === name)?.[1];

function primaryKeyOf(r: ReceivedRequest): unknown {
  try {
    return (JSON.parse(r.body) as { PrimaryKey?: unknown }).PrimaryKey;
  } catch {
    return undefined;
  }
}

/** base64(HMAC-SHA256(secret, bytes)): what a receiver computes and compares with X-SuperOffice-Signature. */
export const hmacBase64 = (secret: string, text: string) => createHmac("sha256", secret).update(Buffer.from(text, "utf8")).digest("base64");

export interface SignatureCheck {
  received: string | undefined;
  computed: string;
  ok: boolean;
  bytes: number;
  /** The same HMAC over the body re-serialized (indented), to show why only the raw bytes work. */
  reserialized: string;
}

export function checkSignature(secret: string, delivery: ReceivedRequest): SignatureCheck {
  const received = header(delivery, "x-superoffice-signature");
  const computed = hmacBase64(secret, delivery.body);
  let reserialized = "";
  try {
    reserialized = hmacBase64(secret, JSON.stringify(JSON.parse(delivery.body), null, 2));
  } catch {
    reserialized = "(the body is not JSON)";
  }
  return { received, computed, ok: received === computed, bytes: Buffer.byteLength(delivery.body), reserialized };
}
