import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { launchBrowser, withPage } from "../support/browser.js";

/**
 * Browser apps on the origins an app registered as "CORS URLs" (identity.md §11) call the tenant web API and
 * the token endpoint with fetch; every other origin gets no CORS headers, so browsers keep refusing it.
 * The seeded web app registers http://localhost:3000.
 */
let emulator: StartedEmulator;
let token: string;
let refreshToken: string;
beforeAll(async () => {
  emulator = await startEmulator();
  const web = emulator.apps.find((a) => a.kind === "web")!;
  const tokens = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com", app: web.clientId });
  token = tokens.access_token;
  refreshToken = tokens.refresh_token!;
});
afterAll(() => emulator?.stop());

const REGISTERED = "http://localhost:3000";
const contactUrl = () => `${emulator.url}/Cust12345/api/v1/Contact/2`;

describe("CORS for registered origins, over HTTP", () => {
  it("answers a tenant API preflight from a registered origin before authentication, and marks the real answer", async () => {
    const preflight = await request(contactUrl(), {
      method: "OPTIONS",
      headers: { origin: REGISTERED, "access-control-request-method": "GET", "access-control-request-headers": "authorization,accept,so-timezone" },
    });
    await preflight.body.dump();
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(REGISTERED);
    expect(preflight.headers["access-control-allow-headers"]).toBe("authorization,accept,so-timezone");
    expect(String(preflight.headers["access-control-allow-methods"])).toContain("PATCH");

    const res = await request(contactUrl(), { headers: { origin: REGISTERED, authorization: `Bearer ${token}`, accept: "application/json" } });
    const body = (await res.body.json()) as { ContactId: number };
    expect(res.statusCode).toBe(200);
    expect(body.ContactId).toBe(2);
    expect(res.headers["access-control-allow-origin"]).toBe(REGISTERED);
    expect(String(res.headers.vary)).toMatch(/Origin/);
    expect(String(res.headers["access-control-expose-headers"])).toContain("Last-Modified");

    // Refusals carry the header too, so the page can read the SuperOffice error body.
    const refused = await request(`${emulator.url}/Cust12345/api/v1/Contact/999999`, { headers: { origin: REGISTERED, authorization: `Bearer ${token}`, accept: "application/json" } });
    await refused.body.dump();
    expect(refused.statusCode).toBe(404);
    expect(refused.headers["access-control-allow-origin"]).toBe(REGISTERED);
  });

  it("gives an unregistered origin nothing: no preflight answer, no header on the real answer", async () => {
    const preflight = await request(contactUrl(), { method: "OPTIONS", headers: { origin: "http://evil.example", "access-control-request-method": "GET" } });
    await preflight.body.dump();
    expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
    const res = await request(contactUrl(), { headers: { origin: "http://evil.example", authorization: `Bearer ${token}`, accept: "application/json" } });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("lets a registered origin refresh at the token endpoint", async () => {
    const url = `${emulator.url}/login/common/oauth/tokens`;
    const preflight = await request(url, { method: "OPTIONS", headers: { origin: REGISTERED, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    await preflight.body.dump();
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(REGISTERED);
    const web = emulator.apps.find((a) => a.kind === "web")!;
    const res = await request(url, {
      method: "POST",
      headers: { origin: REGISTERED, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: web.clientId, client_secret: web.clientSecret! }).toString(),
    });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(REGISTERED);
  });
});

describe("CORS in Chromium", () => {
  let browser: Browser;
  const pages: Server[] = [];
  /** A page origin on a free loopback port, serving a blank page. */
  const pageOrigin = async () => {
    const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>app</title><h1>app</h1>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    pages.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of pages) s.close();
  });

  it("a page on an origin an app registered reads the tenant API with fetch; a page elsewhere is refused", async () => {
    const allowed = await pageOrigin();
    const other = await pageOrigin();
    const app = await emulator.admin.apps.create({ name: "Browser App", kind: "web", redirectUris: [`${allowed}/callback`], corsOrigins: [allowed] });
    await emulator.admin.consents.approve(app.clientId, "Cust12345");
    const { access_token } = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com", app: app.clientId });
    const read = (origin: string) =>
      withPage(browser, async (page) => {
        await page.goto(origin);
        return page.evaluate(
          async ([url, bearer]) => {
            try {
              const res = await fetch(url!, { headers: { authorization: `Bearer ${bearer}`, accept: "application/json", "so-timezone": "UTC" } });
              return { status: res.status, contactId: ((await res.json()) as { ContactId: number }).ContactId };
            } catch (err) {
              return { error: String(err) };
            }
          },
          [contactUrl(), access_token],
        );
      });
    expect(await read(allowed)).toEqual({ status: 200, contactId: 2 });
    expect(await read(other)).toEqual({ error: expect.stringContaining("Failed to fetch") });
  });
});
