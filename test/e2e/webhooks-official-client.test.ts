import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as SoWebApi from "@superoffice/webapi" with { "resolution-mode": "require" };
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/** The official client's WebhookAgent (@superoffice/webapi), every method, against a real receiver. */
const so = createRequire(import.meta.url)("@superoffice/webapi") as typeof SoWebApi;
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let receiver: Receiver;
// The package exports the WebhookAgent class but not the IWebhookAgent interface getWebhookAgent() returns.
let agent: ReturnType<SoWebApi.WebApi["getWebhookAgent"]>;

beforeAll(async () => {
  emulator = await startEmulator();
  receiver = await startReceiver();
  const token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  const webapi = new so.WebApi({ baseUrl: `${emulator.url}/${TENANT}/api/` });
  webapi.authenticateWithToken(token);
  agent = webapi.getWebhookAgent();
});
afterAll(async () => {
  await emulator?.stop();
  await receiver?.close();
});

describe("official client: WebhookAgent", () => {
  it("create default, save, get, list with a status filter, test, signal, last error, delete", async () => {
    const def = await agent.createDefaultWebhookAsync();
    expect(def.events).toEqual(["contact.created", "contact.deleted"]);
    const saved = await agent.saveWebhookAsync({ ...def, name: "Client hook", targetUrl: receiver.url, events: ["contact.created", "client.custom"], secret: "x" });
    expect(saved.webhookId).toBeGreaterThan(0);
    expect(saved.name).toBe("Client hook");
    expect((await agent.getWebhookAsync(saved.webhookId!)).targetUrl).toBe(receiver.url);
    const all = await agent.getAllWebhooksAsync("Client", "", so.WebhookState.Active);
    expect(all.map((h) => h.webhookId)).toEqual([saved.webhookId]);
    const result = await agent.testWebhookAsync({ ...saved });
    expect(result.success).toBe(true);
    await agent.signalEventAsync("client.custom", 5, { note: "hi" });
    const got = await receiver.waitFor((r) => r.headers["x-superoffice-event"] === "client.custom");
    expect(got.json).toMatchObject({ PrimaryKey: 5, FieldValues: { note: "hi" } });
    expect(await agent.getLastErrorAsync(saved.webhookId!)).toBe("");
    await agent.deleteWebhookAsync(saved.webhookId!);
    expect(await agent.getAllWebhooksAsync("Client", "", so.WebhookState.Active)).toEqual([]);
  });
});
