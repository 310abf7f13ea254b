import { createHash, randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { startAppServer, type AppServer } from "../support/app-server.js";
import { launchBrowser, withPage } from "../support/browser.js";

/**
 * A person's view of SuperID: real headless Chromium clicks through the screens. "The app" is a small
 * HTTP server on a free loopback port, which the seeded native app's registered redirect pattern
 * `^http://127.0.0.1\:\d{4,10}$` allows; it records what the browser brings it.
 */
let emulator: StartedEmulator;
let browser: Browser;
let appServer: AppServer;
let appRequests: AppServer["requests"];
let appCallback: string;
beforeAll(async () => {
  appServer = await startAppServer();
  appRequests = appServer.requests;
  appCallback = appServer.callback;
  [emulator, browser] = await Promise.all([startEmulator(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await emulator?.stop();
  await appServer?.close();
});

const app = (kind: string) => emulator.apps.find((a) => a.kind === kind)!;

function authorizeUrl(clientId: string, redirectUri: string, extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid",
    state: "browser-state",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    ...extra,
  });
  return { url: `${emulator.url}/login/common/oauth/authorize?${params}`, verifier };
}

/** Answers requests to the app's redirect URI with a small page, recording what arrived. */
async function stubApp(page: Page, redirectUri: string) {
  const arrived: { url: string; method: string; form: URLSearchParams | null }[] = [];
  await page.route(`${redirectUri}**`, async (route) => {
    const req = route.request();
    arrived.push({ url: req.url(), method: req.method(), form: req.method() === "POST" ? new URLSearchParams(req.postData() ?? "") : null });
    await route.fulfill({ status: 200, contentType: "text/html", body: "<h1>The app got the response</h1>" });
  });
  return arrived;
}

describe("SuperID screens in Chromium", () => {
  it("an administrator signs in, picks a tenant, approves, and returns to the app with a code", async () => {
    await withPage(browser, async (page) => {
      const native = app("native");
      const { url, verifier } = authorizeUrl(native.clientId, appCallback);
      await page.goto(url);

      expect(await page.locator("h1").textContent()).toBe("Sign in to SuperOffice");
      expect(await page.locator(".steps li.current").textContent()).toBe("1. Sign in");
      await page.getByRole("button", { name: /Ada Hansen/ }).click();

      await page.waitForSelector("text=Choose a tenant");
      expect(await page.locator(".steps li.current").textContent()).toBe("2. Choose tenant");
      await page.getByRole("button", { name: /Fjordline Trading AS/ }).click();

      await page.waitForSelector("text=Allow Desktop Native App access to Fjordline Trading AS?");
      expect(await page.locator(".steps li.current").textContent()).toBe("3. Consent");
      expect(await page.locator("main").textContent()).toContain("Example Partner AS");
      await page.getByRole("button", { name: "I approve" }).click();

      await page.waitForSelector("text=The app got the response");
      const callback = new URL(page.url());
      expect(callback.origin + callback.pathname).toBe(appCallback);
      expect(callback.searchParams.get("state")).toBe("browser-state");
      expect(appRequests.at(-1)?.url.searchParams.get("code")).toBe(callback.searchParams.get("code"));

      // A public client: no secret, the PKCE verifier proves it started the flow.
      const res = await request(`${emulator.url}/login/common/oauth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code: callback.searchParams.get("code")!,
          redirect_uri: appCallback,
          client_id: native.clientId,
          code_verifier: verifier,
        }).toString(),
      });
      expect(res.statusCode).toBe(200);
      expect(((await res.body.json()) as { access_token: string }).access_token).toMatch(/^8A:Cust12345\./);

      // Single sign-on: the session cookie and the consent now skip every screen.
      const before = appRequests.length;
      await page.goto(authorizeUrl(native.clientId, appCallback, { acr_values: "tenant:Cust12345" }).url);
      await page.waitForSelector("text=The app got the response");
      expect(new URL(page.url()).searchParams.get("code")).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(appRequests.length).toBe(before + 1);
    });
  });

  it("a non-administrator is told an administrator must approve first, and stays on SuperID", async () => {
    await withPage(browser, async (page) => {
      const sync = app("server-to-server");
      const arrived = await stubApp(page, "http://localhost:3001/callback");
      await page.goto(authorizeUrl(sync.clientId, "http://localhost:3001/callback").url);
      await page.getByRole("button", { name: /Bob Nilsen/ }).click();
      await page.waitForSelector("text=Account does not have access");
      expect(await page.locator("main").textContent()).toContain("only an administrator can approve it");
      expect(new URL(page.url()).origin).toBe(emulator.url);
      expect(arrived).toHaveLength(0);

      // The way back to the app says so: access_denied.
      await page.getByRole("button", { name: "Return to the app" }).click();
      await page.waitForSelector("text=The app got the response");
      expect(new URL(page.url()).searchParams.get("error")).toBe("access_denied");
    });
  });

  it("form_post delivers the response by POST, its script allowed by the page's CSP nonce", async () => {
    await withPage(browser, async (page) => {
      const web = app("web");
      const arrived = await stubApp(page, "http://localhost:3000/callback");
      const csp: string[] = [];
      page.on("response", (r) => {
        const header = r.headers()["content-security-policy"];
        if (header) csp.push(header);
      });
      await page.goto(authorizeUrl(web.clientId, "http://localhost:3000/callback", { response_mode: "form_post", acr_values: "tenant:Cust54321" }).url);
      await page.getByRole("button", { name: /Ada Hansen/ }).click();
      await page.getByRole("button", { name: "I approve" }).click();
      await page.waitForSelector("text=The app got the response", { timeout: 5000 }).catch(async (err) => {
        await page.screenshot({ path: "/tmp/form-post.png" });
        throw new Error(`${err}\n${await page.content()}`);
      });
      const post = arrived.find((a) => a.method === "POST");
      expect(post?.form?.get("code")).toMatch(/^[A-Za-z0-9]{64}$/);
      expect(post?.form?.get("state")).toBe("browser-state");
      expect(csp.length).toBeGreaterThan(0);
      expect(csp.every((h) => h.includes("default-src 'none'") && h.includes("frame-ancestors 'none'"))).toBe(true);
    });
  });
});
