import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * When targets fail (webhooks.md §9): retries after 1 s and 4 s on the emulator's clock with the same
 * EventId, TooManyErrors after three failed cycles, 410 Gone at once, webhook{id}.* state events, and a
 * pending queue that survives a restart.
 */
let emulator: StartedEmulator;
let token: string;
const TENANT = "Cust12345";
const receivers: Receiver[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
});
afterAll(async () => {
  await emulator?.stop();
  await Promise.all(receivers.map((r) => r.close()));
});

async function api(method: string, path: string, body?: unknown, on = emulator, bearer = token): Promise<any> {
  const res = await fetch(`${on.url}/${TENANT}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.status === 204 ? undefined : res.json();
}

/** A receiver that answers the save's test ping 200 and everything else `status`. */
async function failing(status: number): Promise<Receiver> {
  const r = await startReceiver();
  r.answer = (x) => (x.headers["x-superoffice-event"] === "test" ? 200 : status);
  receivers.push(r);
  return r;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("retries", () => {
  it("waits 1 s then 4 s on the emulator's clock (moving it runs them), same EventId, X-SuperOffice-Retry 0, 1, 2", async () => {
    const r = await failing(500);
    const hook = await api("POST", "v1/Webhook", { Name: "Retry", Events: ["contact.created"], TargetUrl: r.url });
    const { ContactId: id } = await api("POST", "v1/Contact", { Name: "Retry AS" });
    await r.waitFor((x) => x.json.PrimaryKey === id);
    await sleep(300);
    expect(r.events().length).toBe(1); // the retry waits for the clock
    await emulator.admin.clock.advance(1);
    await r.waitFor((x) => x.headers["x-superoffice-retry"] === "1", 900);
    await sleep(300);
    expect(r.events().length).toBe(2);
    await emulator.admin.clock.advance(4);
    await r.waitFor((x) => x.headers["x-superoffice-retry"] === "2", 900);
    expect(new Set(r.events().map((x) => x.json.EventId)).size).toBe(1);
    expect(r.events().map((x) => x.headers["x-superoffice-retry"])).toEqual(["0", "1", "2"]);
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.webhookId === hook.WebhookId && x.status === "failed");
    expect(d.attemptLog.map((a) => a.status)).toEqual([500, 500, 500]);
    const stats = await api("GET", `v1/Webhook/${hook.WebhookId}`);
    expect(stats).toMatchObject({ State: "Active", TotalCalls: 3, TotalErrors: 3, ConsecutiveErrors: 3 });
    expect(stats.LastError).toMatch(/^500\r\n[\s\S]*answered 500$/);
    expect(await api("GET", `v1/Webhook/${hook.WebhookId}/LastError`)).toBe(stats.LastError);
    await emulator.admin.clock.reset();
  });

  it("three failed cycles → TooManyErrors and webhook{id}.errors to the app's listener; Active again resumes", async () => {
    const r = await failing(503);
    const listener = await startReceiver();
    receivers.push(listener);
    const hook = await api("POST", "v1/Webhook", { Name: "Doomed", Events: ["contact.created"], TargetUrl: r.url });
    const watch = await api("POST", "v1/Webhook", { Name: "Watch", Events: [`webhook${hook.WebhookId}.errors`, `webhook${hook.WebhookId}.started`, `webhook${hook.WebhookId}.stopped`], TargetUrl: listener.url });
    for (let i = 0; i < 3; i++) await api("POST", "v1/Contact", { Name: `Doomed ${i}` });
    for (let round = 0; round < 10 && (await api("GET", `v1/Webhook/${hook.WebhookId}`)).State === "Active"; round++) await emulator.admin.webhooks.deliverNow();
    expect(await api("GET", `v1/Webhook/${hook.WebhookId}`)).toMatchObject({ State: "TooManyErrors", ConsecutiveErrors: 9, TotalErrors: 9 });
    expect(r.events().length).toBe(9);
    const errors = await listener.waitFor((x) => x.headers["x-superoffice-event"] === `webhook${hook.WebhookId}.errors`);
    expect(errors.json).toMatchObject({ Event: "webhook.errors", PrimaryKey: hook.WebhookId, ChangedByAssociateId: 0, WebhookName: "Watch", FieldValues: { state: 3, events: "contact.created" } });
    expect(errors.json.Entity).toBeUndefined();
    // Stopped hooks get nothing.
    await api("POST", "v1/Contact", { Name: "Ignored" });
    await emulator.admin.webhooks.deliverNow();
    expect(r.events().length).toBe(9);
    // The receiver recovers and sets the hook Active again: webhook{id}.started.
    r.answer = 200;
    await api("PATCH", `v1/Webhook/${hook.WebhookId}`, [{ op: "replace", path: "/State", value: "Active" }]);
    await listener.waitFor((x) => x.headers["x-superoffice-event"] === `webhook${hook.WebhookId}.started`);
    await api("PATCH", `v1/Webhook/${hook.WebhookId}`, [{ op: "replace", path: "/State", value: "Stopped" }]);
    const stopped = await listener.waitFor((x) => x.headers["x-superoffice-event"] === `webhook${hook.WebhookId}.stopped`);
    expect(stopped.json.FieldValues!.state).toBe(2);
    await api("DELETE", `v1/Webhook/${watch.WebhookId}`);
  });

  it("410 Gone disables the hook at once", async () => {
    const r = await failing(410);
    const hook = await api("POST", "v1/Webhook", { Name: "Gone", Events: ["contact.created"], TargetUrl: r.url });
    await api("POST", "v1/Contact", { Name: "Gone AS" });
    await emulator.admin.webhooks.waitForDelivery((x) => x.webhookId === hook.WebhookId && x.status === "failed");
    expect(r.events().length).toBe(1);
    expect(await api("GET", `v1/Webhook/${hook.WebhookId}`)).toMatchObject({ State: "TooManyErrors", TotalErrors: 1, ConsecutiveErrors: 1 });
  });

  it("a hanging target never holds up another hook's deliveries", async () => {
    const slow = await startReceiver();
    receivers.push(slow);
    const fast = await startReceiver();
    receivers.push(fast);
    await api("POST", "v1/Webhook", { Name: "Slow", Events: ["person.created"], TargetUrl: slow.url });
    slow.delayMs = 3000;
    await api("POST", "v1/Webhook", { Name: "Fast", Events: ["person.created"], TargetUrl: fast.url });
    const started = Date.now();
    const person = await api("POST", "v1/Person", { Firstname: "Quick", Lastname: "One" });
    expect(Date.now() - started).toBeLessThan(1000); // fire and forget: the write never waits
    await fast.waitFor((x) => x.json.PrimaryKey === person.PersonId, 1500);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("restart", () => {
  it("deliveries pending at stop go out after the next start from the same data directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sod-webhooks-"));
    const r = await startReceiver();
    receivers.push(r);
    try {
      const first = await startEmulator({ dataDir: dir });
      const t = (await first.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
      await api("POST", "v1/Webhook", { Name: "Durable", Events: ["contact.created"], TargetUrl: r.url }, first, t);
      await first.admin.webhooks.pause();
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) ids.push((await api("POST", "v1/Contact", { Name: `Durable ${i}` }, first, t)).ContactId);
      expect((await first.admin.webhooks.deliveries({ status: "pending" })).length).toBe(3);
      await first.stop();
      expect(r.events()).toEqual([]);
      const second = await startEmulator({ dataDir: dir });
      try {
        await r.waitFor((x) => x.json.PrimaryKey === ids[2]);
        expect(r.events().map((x) => x.json.PrimaryKey)).toEqual(ids);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
