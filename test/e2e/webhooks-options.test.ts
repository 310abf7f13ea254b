import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";

/** The dispatcher's start-up options: --webhooks-require-https (SOD's rule) and --webhook-timeout-ms. */
describe("webhook start-up options", () => {
  it("are read from flags and the environment, with the documented defaults and refusals", () => {
    expect(loadConfig({ env: {} })).toMatchObject({ webhooksRequireHttps: false, webhookTimeoutMs: 30_000 });
    expect(loadConfig({ env: {}, flags: { webhooksRequireHttps: true, webhookTimeoutMs: "2500" } })).toMatchObject({ webhooksRequireHttps: true, webhookTimeoutMs: 2500 });
    expect(loadConfig({ env: { SOD_WEBHOOKS_REQUIRE_HTTPS: "yes", SOD_WEBHOOK_TIMEOUT_MS: "100" } })).toMatchObject({ webhooksRequireHttps: true, webhookTimeoutMs: 100 });
    expect(() => loadConfig({ env: {}, flags: { webhookTimeoutMs: "99" } })).toThrow("--webhook-timeout-ms: expected a whole number of milliseconds from 100 to 300000");
    expect(() => loadConfig({ env: { SOD_WEBHOOK_TIMEOUT_MS: "30s" } })).toThrow('SOD_WEBHOOK_TIMEOUT_MS=30s: expected a whole number of milliseconds from 100 to 300000, got "30s"');
    expect(() => loadConfig({ env: { SOD_WEBHOOKS_REQUIRE_HTTPS: "maybe" } })).toThrow("expected true or false");
  });

  describe("on a running emulator", () => {
    let emulator: StartedEmulator;
    let token: string;
    const TENANT = "Cust12345";
    beforeAll(async () => {
      emulator = await startEmulator({ webhooksRequireHttps: true, webhookTimeoutMs: 300 });
      token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
    });
    afterAll(() => emulator?.stop());
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.url}/${TENANT}/api/${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

    it("the dispatcher starts with them; an http target is refused as on SOD", async () => {
      expect(await (await fetch(`${emulator.url}/_emulator/v1/webhooks/dispatcher`)).json()).toMatchObject({ requireHttps: true, timeoutMs: 300 });
      const refused = await api("POST", "v1/Webhook", { Name: "Plain", Events: ["contact.created"], TargetUrl: emulator.admin.inbox.url("plain") });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("Webhook TargetUrl must be secure: 'HTTPS:' not found in http://");
    });

    it("a target slower than the timeout is an attempt without an answer", async () => {
      await emulator.admin.webhooks.settings({ requireHttps: false });
      await emulator.admin.inbox.configure("slow", { delayMs: 1000 });
      const saved = await api("POST", "v1/Webhook", { Name: "Slow", Events: ["contact.created"], TargetUrl: emulator.admin.inbox.url("slow") });
      expect(saved.status).toBe(400);
      expect(await saved.text()).toContain("No answer within 300 ms");
    });
  });
});
