import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserAvailable, CHROMIUM_PATH, launchBrowser, MISSING_BROWSER_MESSAGE, withPage } from "../support/browser.js";

// Proves the browser harness works end to end: real Chromium, a real form, a real POST over loopback.

const FORM_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Smoke form</title></head>
<body>
  <form method="POST" action="/echo">
    <label for="message">Message</label>
    <input id="message" name="message" type="text">
    <button type="submit">Send</button>
  </form>
</body></html>`;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What the server saw, so the test can check the browser really POSTed the form. */
const posts: { contentType: string | undefined; body: string }[] = [];

let server: Server;
let baseUrl: string;
let browser: Browser | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(FORM_PAGE);
      return;
    }
    if (req.method === "POST" && req.url === "/echo") {
      void readBody(req).then((body) => {
        posts.push({ contentType: req.headers["content-type"], body });
        const message = new URLSearchParams(body).get("message") ?? "";
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(`<!doctype html><meta charset="utf-8"><title>Echo</title><p id="echo">You said: ${escapeHtml(message)}</p>`);
      });
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Fail, never skip: CI installs Chromium, so its absence is a broken machine.
  if (!browserAvailable()) throw new Error(MISSING_BROWSER_MESSAGE);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections(); // Chromium's keep-alive sockets would otherwise hold close() open.
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("headless Chromium smoke test", () => {
  it(`finds Chromium at ${CHROMIUM_PATH}`, () => {
    expect(browserAvailable(), MISSING_BROWSER_MESSAGE).toBe(true);
    expect(browser?.isConnected()).toBe(true);
    expect(browser?.version()).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("fills a form, submits it by POST and shows the echoed value", async () => {
    // Non-ASCII and HTML metacharacters prove encoding and escaping survive the round trip.
    const value = `héllo <b>world</b> & "friends" ${Date.now()}`;
    await withPage(browser!, async (page) => {
      page.setDefaultTimeout(10_000);
      const form = await page.goto(`${baseUrl}/`);
      expect(form?.status()).toBe(200);
      expect(await page.title()).toBe("Smoke form");

      await page.getByLabel("Message").fill(value);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${baseUrl}/echo` && r.request().method() === "POST"),
        page.getByRole("button", { name: "Send" }).click(),
      ]);
      expect(response.status()).toBe(200);
      await page.waitForURL(`${baseUrl}/echo`);

      const echo = page.locator("#echo");
      await echo.waitFor({ state: "visible" });
      expect(await echo.isVisible()).toBe(true);
      expect(await echo.innerText()).toBe(`You said: ${value}`);
      // Escaped by the server, so the <b> is text, not an element.
      expect(await page.locator("#echo b").count()).toBe(0);
      expect(await page.title()).toBe("Echo");
    });

    expect(posts).toHaveLength(1);
    expect(posts[0]!.contentType).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(posts[0]!.body).get("message")).toBe(value);
  });
});
