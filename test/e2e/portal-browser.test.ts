import type { Browser, Page } from "playwright-core";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { startAppServer, type AppServer } from "../support/app-server.js";
import { launchBrowser, withPage } from "../support/browser.js";

/**
 * The local Developer Portal in real headless Chromium: a developer registers an app, signs in with it,
 * watches the calls on the Activity page, inspects the id_token, and revokes the tenant's approval.
 * "The app" is a small HTTP server on a free loopback port, registered as the app's redirect URL.
 */
let emulator: StartedEmulator;
let browser: Browser;
// Read by a page.evaluate callback, which runs in Chromium: test/tsconfig.json leaves the DOM lib out (the
// tests run in Node), so the one browser global used is declared for this module only (nothing is emitted).
declare const window: { __pwned?: number };
let app: AppServer;
let appCallback: string;

beforeAll(async () => {
  app = await startAppServer();
  appCallback = app.callback;
  [emulator, browser] = await Promise.all([startEmulator(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
  await app?.close();
});

/** Fills and submits the portal's register form; returns the new app's page. */
async function registerApp(page: Page, name: string, redirectUri: string) {
  await page.goto(`${emulator.url}/portal`);
  expect(await page.locator("h1").textContent()).toBe("Apps");
  await page.locator("#name").fill(name);
  await page.locator("#kind").selectOption("web");
  await page.locator("#redirectUris").fill(redirectUri);
  await page.getByRole("button", { name: "Register app" }).click();
  await page.waitForURL(/\/portal\/apps\/[0-9a-f]{32}\?done=registered$/);
  return { clientId: (await page.locator("#client-id").textContent())!, secret: (await page.locator("#client-secret").textContent())! };
}

/** The token endpoint over HTTP, as libraries call it: everything in the form body (client_secret_post). */
async function tokens(clientId: string, form: Record<string, string>) {
  const res = await request(`${emulator.url}/login/common/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: clientId, ...form }).toString(),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
}

async function inspect(page: Page, token: string) {
  await page.goto(`${emulator.url}/portal/tokens`);
  await page.locator("#token").fill(token);
  await page.getByRole("button", { name: "Inspect" }).click();
  await page.waitForSelector("#result");
}

describe("Developer Portal in Chromium", () => {
  it("registers an app, signs in with it, lists its calls, decodes its id_token, and revokes the approval", async () => {
    await withPage(browser, async (page) => {
      const { clientId, secret } = await registerApp(page, "Portal Workshop App", appCallback);
      expect(clientId).toMatch(/^[0-9a-f]{32}$/);
      expect(secret).toMatch(/^[0-9a-f]{32}$/);

      // Sign in with the new app, in the same browser.
      const params = new URLSearchParams({ client_id: clientId, redirect_uri: appCallback, response_type: "code", scope: "openid", acr_values: "tenant:Cust12345", state: "portal" });
      await page.goto(`${emulator.url}/login/common/oauth/authorize?${params}`);
      await page.getByRole("button", { name: /Ada Hansen/ }).click();
      await page.waitForSelector("text=Allow Portal Workshop App access to Fjordline Trading AS?");
      await page.getByRole("button", { name: "I approve" }).click();
      await page.waitForSelector("text=The app got the response");
      const code = app.requests.at(-1)?.url.searchParams.get("code");
      expect(code).toMatch(/^[A-Za-z0-9]{64}$/);

      const exchanged = await tokens(clientId, { grant_type: "authorization_code", code: code!, redirect_uri: appCallback, client_secret: secret });
      expect(exchanged.status).toBe(200);
      const { refresh_token: refreshToken, id_token: idToken, access_token: accessToken } = exchanged.body;
      expect(refreshToken).toBeTruthy();

      // Activity: the authorize and token calls, filtered to this app.
      await page.goto(`${emulator.url}/portal/activity`);
      await page.locator("#app").selectOption(clientId);
      await page.getByRole("button", { name: "Filter" }).click();
      await page.waitForURL(/\/portal\/activity\?app=/);
      const calls = await page.locator("#calls tr.call").allTextContents();
      expect(calls.some((c) => c.includes("GET") && c.includes("/login/common/oauth/authorize"))).toBe(true);
      expect(calls.some((c) => c.includes("POST") && c.includes("/login/common/oauth/tokens") && c.includes("200"))).toBe(true);
      expect(calls.every((c) => c.includes("Portal Workshop App"))).toBe(true);
      expect(await page.locator("#summary").textContent()).toContain("Portal Workshop App");

      // Tokens: the id_token decoded, its SuperOffice claims explained, its signature checked.
      await inspect(page, idToken!);
      expect(await page.locator("#signature").textContent()).toContain("signature valid");
      expect(await page.locator("#validity").textContent()).toContain("valid until");
      expect(await page.locator('#claims tr[data-claim="ctx"]').textContent()).toContain("Cust12345");
      expect(await page.locator('#claims tr[data-claim="ctx"]').textContent()).toContain("ContextIdentifier");
      expect(await page.locator("#result").textContent()).toContain("ada.admin@example.com");

      // The app page: Cust12345's approval, by Ada, then revoked.
      await page.goto(`${emulator.url}/portal/apps/${clientId}`);
      const row = page.locator('tr[data-tenant="Cust12345"]');
      expect(await row.textContent()).toContain("Active");
      expect(await row.textContent()).toContain("ada.admin@example.com");
      await page.getByRole("button", { name: "Revoke for Cust12345" }).click();
      await page.waitForURL(/\?done=revoked$/);
      expect(await row.locator("td").nth(1).textContent()).toBe("Revoked");

      const refreshed = await tokens(clientId, { grant_type: "refresh_token", refresh_token: refreshToken!, client_secret: secret });
      expect(refreshed.status).toBe(400);
      expect(refreshed.body.error).toBe("invalid_grant");

      // The opaque access token, looked up by hash: revoked along with the approval.
      await inspect(page, accessToken!);
      const facts = await page.locator("#result").textContent();
      expect(facts).toContain("Portal Workshop App");
      expect(facts).toMatch(/Revokedat \d{4}-/);
    });
  });

  it("shows an app name containing <script> as text", async () => {
    await withPage(browser, async (page) => {
      const name = "<script>window.__pwned = 1</script> Evil & Co";
      const dialogs: string[] = [];
      page.on("dialog", (d) => void dialogs.push(d.message()));
      await registerApp(page, name, "http://localhost:3999/callback");
      await page.goto(`${emulator.url}/portal/apps`);
      expect(await page.locator("td a", { hasText: "Evil & Co" }).textContent()).toBe(name);
      expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
      const html = await (await request(`${emulator.url}/portal/apps`)).body.text();
      expect(html).toContain("&lt;script&gt;window.__pwned = 1&lt;/script&gt; Evil &amp; Co");
      expect(html).not.toContain("<script>window.__pwned");
      expect(dialogs).toEqual([]);
    });
  });

  it("refuses a portal form post without its CSRF token or from another origin (403)", async () => {
    const appsBefore = (await emulator.admin.apps.list()).length;
    await withPage(browser, async (page) => {
      await page.goto(`${emulator.url}/portal/apps`);
      await page.locator('form[action="/portal/apps"] input[name="csrf"]').evaluate((el) => el.remove());
      await page.locator("#name").fill("Forged App");
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Register app" }).click()]);
      expect(response.status()).toBe(403);
      await page.waitForSelector("text=Form rejected");
    });
    const page = await (await request(`${emulator.url}/portal/apps`)).body.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const post = (origin: string, body: Record<string, string>) =>
      request(`${emulator.url}/portal/apps`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin }, body: new URLSearchParams(body).toString() });
    expect((await post(emulator.url, { name: "Forged App", kind: "web" })).statusCode).toBe(403);
    expect((await post("http://evil.example", { name: "Forged App", kind: "web", csrf })).statusCode).toBe(403);
    // With both, bad input is a 400 page, not a 500.
    expect((await post(emulator.url, { name: "", kind: "web", csrf })).statusCode).toBe(400);
    expect((await emulator.admin.apps.list()).length).toBe(appsBefore);
  });
});
