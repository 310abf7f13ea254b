import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { launchBrowser, withPage } from "../support/browser.js";

/**
 * Workshop mode in real headless Chromium: a presenter starts a run with the system-user app, goes through
 * SuperID's real screens, and steps through to the system-user call. Each step must show its real request
 * and answer: the values on the page are checked against each other and against the emulator's API.
 * Screenshots of each step go to /tmp/workshop-shots/ (not committed) for a person to look at.
 */
const SHOTS = "/tmp/workshop-shots";
let emulator: StartedEmulator;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [emulator, browser] = await Promise.all([startEmulator(), launchBrowser()]);
});
afterAll(async () => void (await Promise.all([browser?.close(), emulator?.stop()])));

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent()) ?? "";
const shot = (page: Page, name: string, selector: string) => page.locator(selector).screenshot({ path: `${SHOTS}/${name}.png` });

/** The step's revealed secrets, NAME → value (the reveal toggle opened as a person would). */
async function reveal(page: Page, step: string): Promise<Record<string, string>> {
  const details = page.locator(`#${step} details.secrets`);
  await details.locator("summary").click();
  const lines = (await details.locator("pre.revealed").textContent())!.split("\n");
  return Object.fromEntries(lines.map((l) => /^(\w+)='(.*)'$/.exec(l)!.slice(1, 3) as [string, string]));
}

const bodyOf = (pre: string) => pre.slice(pre.indexOf("\n\n") + 2);

/**
 * Step 9 as shown: the webhook saved to this run's inbox, the test ping received, the contact created, its
 * contact.created delivery with the same contact id, and the signature recomputed here, by the page's
 * openssl lines and against the emulator's own delivery record. Answers the webhook's id.
 */
async function checkWebhookStep(page: Page, credential: string): Promise<number> {
  const { createHmac } = await import("node:crypto");
  expect(await text(page, "#webhooks-credential")).toContain(credential);
  const create = await text(page, "#webhook-create pre.request");
  expect(create).toMatch(/^POST http:\/\/localhost:\d+\/Cust\d+\/api\/v1\/Webhook\n/);
  expect(create).toContain(credential === "access token" ? "Authorization: Bearer ${ACCESS_TOKEN}" : "Authorization: SOTicket ${TICKET}");
  const sentHook = JSON.parse(bodyOf(create));
  expect(sentHook).toMatchObject({ Events: ["contact.created"], Secret: "${WEBHOOK_SECRET}" });
  expect(sentHook.TargetUrl).toMatch(new RegExp(`^${emulator.url}/_emulator/v1/inbox/workshop-[0-9a-f]{12}$`));
  expect(await page.locator("#webhook-create pre.response").getAttribute("data-status")).toBe("200");
  const webhookId = JSON.parse(bodyOf(await text(page, "#webhook-create pre.response"))).WebhookId as number;
  expect(webhookId).toBeGreaterThan(0);
  const ping = await text(page, "#webhook-ping pre.received");
  expect(ping).toMatch(/^POST .*\/_emulator\/v1\/inbox\/workshop-/);
  expect(ping).toContain("x-superoffice-event: test");
  expect(ping).toContain("x-hook-test: true");
  expect(await page.locator("#webhook-contact pre.response").getAttribute("data-status")).toBe("200");
  const contactId = JSON.parse(bodyOf(await text(page, "#webhook-contact pre.response"))).ContactId as number;
  expect(contactId).toBeGreaterThan(0);
  const received = await text(page, "#webhook-delivery pre.received");
  expect(received).toContain("x-superoffice-event: contact.created");
  const body = bodyOf(received);
  expect(JSON.parse(body)).toMatchObject({ Event: "contact.created", PrimaryKey: contactId });
  const signature = /x-superoffice-signature: (\S+)/.exec(received)![1]!;
  expect(await text(page, "#signature-received")).toBe(signature);
  expect(await text(page, "#signature-computed")).toBe(signature);
  expect(await page.locator('#webhook-signature-checks li[data-check="signature valid"]').getAttribute("data-ok")).toBe("true");
  const { WEBHOOK_SECRET } = await reveal(page, "step-9");
  expect(createHmac("sha256", WEBHOOK_SECRET!).update(Buffer.from(body, "utf8")).digest("base64")).toBe(signature);
  // The receiver-side lines run as shown, in a scratch directory.
  const { mkdtempSync } = await import("node:fs");
  const cwd = mkdtempSync("/tmp/workshop-hmac-");
  const { stdout } = await promisify(execFile)("bash", ["-c", await text(page, "#signature-by-hand")], { cwd, env: { ...process.env, WEBHOOK_SECRET }, encoding: "utf8" });
  expect(stdout.trim()).toBe(signature);
  // The emulator's own record of the delivery agrees: same body bytes, same signature, delivered.
  const eventId = /x-superoffice-eventid: (\S+)/.exec(received)![1]!;
  const delivery = await emulator.admin.webhooks.waitForDelivery((d) => d.eventId === eventId && d.status === "delivered", { timeoutMs: 5000 });
  expect(delivery.webhookId).toBe(webhookId);
  expect(delivery.body).toBe(body);
  expect(delivery.attemptLog[0]!.requestHeaders["X-SuperOffice-Signature"]).toBe(signature);
  return webhookId;
}

describe("workshop page in Chromium", () => {
  it("walks from Start through sign-in and consent to the system-user call, showing what went over the wire", async () => {
    const sync = emulator.apps.find((a) => a.systemUser)!;
    await withPage(browser, async (page) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${emulator.url}/workshop`);
      await shot(page, "00-start", "main");
      await page.locator("#app").selectOption(sync.clientId);
      await page.locator("#tenant").selectOption("Cust12345");
      await page.locator("#responseMode").selectOption("form_post");
      await page.getByRole("button", { name: "Start (step 1)" }).click();

      // Step 1: every parameter, and the PKCE pair computed for this run.
      await page.waitForSelector("#step-1");
      const verifier = await text(page, "#pkce-verifier");
      const challenge = await text(page, "#pkce-challenge");
      const { createHash } = await import("node:crypto");
      expect(createHash("sha256").update(verifier).digest("base64url")).toBe(challenge);
      const authorizeUrl = new URL((await text(page, "#authorize-url")).replace(/^GET /, ""));
      expect(authorizeUrl.searchParams.get("code_challenge")).toBe(challenge);
      expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${emulator.url}/workshop/callback`);
      for (const p of ["client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "acr_values", "prompt"]) {
        expect(await page.locator(`#authorize-params tr[data-param="${p}"] td`).nth(2).textContent(), p).not.toBe("");
      }
      await shot(page, "01-authorize", "#step-1");

      // Step 2: SuperID's real screens. The first time, the administrator approves the app.
      await page.locator("#go-to-superid").click();
      await page.getByRole("button", { name: /Ada Hansen/ }).click();
      await page.waitForSelector("text=I approve");
      await page.screenshot({ path: `${SHOTS}/02-consent-screen.png` });
      await page.getByRole("button", { name: "I approve" }).click();

      // Step 3: back on the workshop page (form_post), state checked.
      await page.waitForURL(/\/workshop#step-3$/);
      const screens = await text(page, "#screens");
      expect(screens).toContain("/login/common/oauth/authorize");
      expect(screens).toMatch(/POST \/login\/interaction\/…\/consent/);
      await shot(page, "02-screens", "#step-2");
      const callbackRequest = await text(page, "#callback-exchange pre.request");
      expect(callbackRequest).toMatch(/^POST http:\/\/localhost:\d+\/workshop\/callback/);
      const code = await text(page, '#callback-params tr[data-param="code"] td.value');
      expect(code).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(callbackRequest).toContain(`code=${code}`);
      expect(await text(page, '#callback-params tr[data-param="state"] td.value')).toBe(authorizeUrl.searchParams.get("state"));
      expect(await page.locator('#callback-checks li[data-check="state matches"]').getAttribute("data-ok")).toBe("true");
      await shot(page, "03-callback", "#step-3");

      // Step 4: the token request carries step 3's code and step 1's verifier; secrets are masked until revealed.
      await page.getByRole("button", { name: /Exchange the code/ }).click();
      await page.waitForURL(/#step-4$/);
      const tokenRequest = await text(page, "#token-exchange pre.request");
      expect(tokenRequest).toMatch(/^POST http:\/\/localhost:\d+\/login\/common\/oauth\/tokens/);
      const sent = new URLSearchParams(bodyOf(tokenRequest));
      expect(sent.get("code")).toBe(code);
      expect(sent.get("code_verifier")).toBe(verifier);
      expect(sent.get("client_secret")).toBe("${CLIENT_SECRET}");
      expect(await page.locator("#token-exchange pre.response").getAttribute("data-status")).toBe("200");
      const tokenResponse = await text(page, "#token-exchange pre.response");
      expect(tokenResponse).toContain('"access_token": "${ACCESS_TOKEN}"');
      expect(await text(page, "#token-exchange pre.curl")).toContain('--data-urlencode "client_secret=${CLIENT_SECRET}"');
      const secrets = await reveal(page, "step-4");
      expect(secrets.CLIENT_SECRET).toBe(sync.clientSecret);
      await shot(page, "04-token", "#step-4");
      // The access token shown is one that works on the API.
      const me = await fetch(`${emulator.url}/Cust12345/api/v1/User/currentPrincipal`, { headers: { authorization: `Bearer ${secrets.ACCESS_TOKEN}`, accept: "application/json" } });
      expect(me.status).toBe(200);

      // Step 5: the id_token decoded, each claim explained, checked against the JWKS step by step.
      await page.getByRole("button", { name: /Check the id_token/ }).click();
      await page.waitForURL(/#step-5$/);
      const checks = page.locator("#id-token-checks li");
      expect(await checks.count()).toBeGreaterThanOrEqual(8);
      for (const ok of await checks.evaluateAll((els) => els.map((e) => `${e.getAttribute("data-check")}=${e.getAttribute("data-ok")}`))) expect(ok).toMatch(/=true$/);
      expect(await text(page, '#id-token-claims tr[data-claim="nonce"] td.value')).toBe(authorizeUrl.searchParams.get("nonce"));
      expect(await text(page, '#id-token-claims tr[data-claim="system_token"] td:nth-child(3)')).toMatch(/sign it with the app's private key/);
      expect(await text(page, "#jwks-exchange pre.request")).toMatch(/^GET http:\/\/localhost:\d+\/login\/.well-known\/jwks/);
      const kid = JSON.parse(await text(page, "#id-token-header")).kid as string;
      expect(await text(page, "#jwks-exchange pre.response")).toContain(kid);
      await shot(page, "05-id-token", "#step-5");

      // Step 6: the API with the access token.
      await page.getByRole("button", { name: /Call the API/ }).click();
      await page.waitForURL(/#step-6$/);
      expect(await text(page, "#api-exchange-1 pre.request")).toMatch(/v1\/User\/currentPrincipal\nHost: .*\n(.|\n)*Authorization: Bearer \$\{ACCESS_TOKEN\}/);
      expect(await page.locator("#api-exchange-1 pre.response").getAttribute("data-status")).toBe("200");
      expect(await text(page, "#api-exchange-2 pre.request")).toMatch(/^GET http:\/\/localhost:\d+\/Cust12345\/api\/v1\/Contact\/1/);
      expect(await page.locator("#api-exchange-2 pre.response").getAttribute("data-status")).toBe("200");
      // The curl shown runs as shown, with the step's revealed secrets.
      const curl = await text(page, "#api-exchange-1 pre.curl");
      // Asynchronously: the emulator answering curl runs in this process.
      const { stdout: byHand } = await promisify(execFile)("bash", ["-c", curl], { env: { ...process.env, ...(await reveal(page, "step-6")) }, encoding: "utf8" });
      expect(byHand).toMatch(/^HTTP\/1.1 200/);
      expect(byHand).toContain('"Associate":"AH"');
      // A tenant not running: the presenter switches the state and calls again.
      await page.locator("#state").selectOption("OfflineMaintenance");
      await page.getByRole("button", { name: "Set state" }).click();
      await page.getByRole("button", { name: "Call v1/User/currentPrincipal again" }).click();
      await page.waitForURL(/#step-6$/);
      expect(await page.locator("#api-exchange-3 pre.response").getAttribute("data-status")).toBe("503");
      expect(await text(page, "#api-exchange-3 pre.response")).toMatch(/retry-after: \d+/);
      await shot(page, "06-api", "#step-6");
      await page.locator("#state").selectOption("Running");
      await page.getByRole("button", { name: "Set state" }).click();

      // Step 7: refresh, revoke, and what fails afterwards.
      await page.getByRole("button", { name: /Refresh, then revoke/ }).click();
      await page.waitForURL(/#step-7$/);
      const statuses = await page.locator("#step-7 pre.response").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
      expect(statuses).toEqual(["200", "200", "400", "401"]);
      expect(await text(page, "#refresh-exchange-3 pre.response")).toContain('"error": "invalid_grant"');
      const refreshed = await reveal(page, "step-7");
      expect(refreshed.ACCESS_TOKEN_2).toMatch(/^8A:Cust12345\./);
      await shot(page, "07-refresh-revoke", "#step-7");

      // Step 8: the signed system token, the exchange, the ticket, the call as the system user.
      await page.getByRole("button", { name: /Act as the system user/ }).click();
      await page.waitForURL(/#step-8$/);
      const exchangeBody = JSON.parse(bodyOf(await text(page, "#system-user-exchange pre.request")));
      expect(exchangeBody.ApplicationToken).toBe("${CLIENT_SECRET}");
      expect(exchangeBody.SignedSystemToken).toBe(`${await text(page, "#signed-system-token dd:nth-of-type(3) code")}.${await text(page, "#signed-system-token dd:nth-of-type(4) code")}`);
      expect(await text(page, "#system-user-exchange pre.response")).toContain('"IsSuccessful": true');
      for (const ok of await page.locator("#system-user-checks li").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-check")}=${e.getAttribute("data-ok")}`))) expect(ok).toMatch(/=true$/);
      const call = await text(page, "#system-user-call pre.request");
      expect(call).toContain("Authorization: SOTicket ${TICKET}");
      expect(call).toContain("SO-AppToken: ${CLIENT_SECRET}");
      expect(await page.locator("#system-user-call pre.response").getAttribute("data-status")).toBe("200");
      const system = await reveal(page, "step-8");
      expect(system.TICKET).toMatch(/^7T:/);
      const asSystem = await fetch(`${emulator.url}/Cust12345/api/v1/User/currentPrincipal`, { headers: { authorization: `SOTicket ${system.TICKET}`, "so-apptoken": sync.clientSecret!, accept: "application/json" } });
      expect(asSystem.status).toBe(200);
      await shot(page, "08-system-user", "#step-8");

      // Step 9: a webhook to the emulator's own inbox, the test ping, a contact, its delivery and signature.
      await page.getByRole("button", { name: "Webhooks (step 9)" }).click();
      await page.waitForURL(/#step-9$/);
      const webhookId = await checkWebhookStep(page, "system-user ticket");
      await shot(page, "09-webhooks", "#step-9");

      // Large type for the projector, then a printable page.
      await page.getByRole("link", { name: "Large type (projector)" }).click();
      await page.waitForURL(/\/workshop$/);
      expect(await page.locator("body").getAttribute("class")).toBe("large");
      await page.locator("#step-4").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/10-large-type.png` });
      await page.emulateMedia({ media: "print" });
      await page.screenshot({ path: `${SHOTS}/11-print.png` });
      expect(await page.locator("#start-form, form[action='/workshop/start-over']").first().isVisible()).toBe(false);

      // Start over deletes the run's webhook, as step 9 says.
      await page.emulateMedia({ media: "screen" });
      expect((await emulator.admin.webhooks.list({ clientId: sync.clientId, tenant: "Cust12345" })).map((h) => h.webhookId)).toContain(webhookId);
      await page.getByRole("button", { name: "Start over" }).click();
      await page.waitForSelector("#start-form");
      expect((await emulator.admin.webhooks.list({ clientId: sync.clientId, tenant: "Cust12345" })).map((h) => h.webhookId)).not.toContain(webhookId);
    });
  }, 120_000);

  it("relays a fragment response with its one small script, and exchanges a native app's code with PKCE alone", async () => {
    const native = emulator.apps.find((a) => a.kind === "native")!;
    await withPage(browser, async (page) => {
      await page.goto(`${emulator.url}/workshop`);
      await page.locator("#app").selectOption(native.clientId);
      await page.locator("#user").selectOption("ada.admin@example.com");
      await page.locator("#responseMode").selectOption("fragment");
      await page.locator("#forceLogin").uncheck();
      await page.getByRole("button", { name: "Start (step 1)" }).click();
      await page.locator("#go-to-superid").click();
      // login_hint pre-fills Ada; without acr_values she picks the tenant on the picker.
      await page.getByRole("button", { name: /Ada Hansen/ }).click();
      await page.getByRole("button", { name: /Aurora Consulting AB/ }).click();
      await page.getByRole("button", { name: "I approve" }).click();
      await page.waitForURL(/\/workshop#step-3$/);
      const callback = await text(page, "#callback-exchange pre.request");
      expect(callback).toMatch(/\/workshop\/callback#code=[A-Za-z0-9]{64}&state=/);
      expect(await page.locator('#callback-checks li[data-check="state matches"]').getAttribute("data-ok")).toBe("true");
      await page.getByRole("button", { name: /Exchange the code/ }).click();
      await page.waitForURL(/#step-4$/);
      const sent = new URLSearchParams(bodyOf(await text(page, "#token-exchange pre.request")));
      expect(sent.get("client_secret")).toBeNull();
      expect(sent.get("code_verifier")).toMatch(/^[\w-]{43}$/);
      expect(await page.locator("#token-exchange pre.response").getAttribute("data-status")).toBe("200");
      await page.getByRole("button", { name: /Check the id_token/ }).click();
      await page.waitForURL(/#step-5$/);
      expect(await text(page, '#id-token-claims tr[data-claim="ctx"] td.value')).toBe("Cust54321");
      await page.getByRole("button", { name: /Call the API/ }).click();
      // Step 9 right after step 6, while the access token works.
      await page.getByRole("button", { name: "Webhooks now (step 9)" }).click();
      await page.waitForURL(/#step-9$/);
      const hookId = await checkWebhookStep(page, "access token");
      await page.getByRole("button", { name: /Refresh, then revoke/ }).click();
      await page.getByRole("button", { name: /Act as the system user/ }).click();
      await page.waitForURL(/#step-8$/);
      expect(await text(page, "#system-user-blocked")).toMatch(/Desktop Native App is not allowed the system user/);
      // Start over deletes the webhook even though step 7 revoked the token that made it.
      expect((await emulator.admin.webhooks.list({ clientId: native.clientId, tenant: "Cust54321" })).map((h) => h.webhookId)).toContain(hookId);
      await page.getByRole("button", { name: "Start over" }).click();
      await page.waitForSelector("#start-form");
      expect((await emulator.admin.webhooks.list({ clientId: native.clientId, tenant: "Cust54321" })).map((h) => h.webhookId)).not.toContain(hookId);
    });
  }, 60_000);
});
