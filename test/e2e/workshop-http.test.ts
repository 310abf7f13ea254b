import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

/**
 * Workshop mode (/workshop) over plain HTTP: what bad input gets. The whole flow in a browser is in
 * workshop-browser.test.ts; here each refusal must be a clear page with the right status, never a 500.
 */
let emulator: StartedEmulator;
beforeAll(async () => void (emulator = await startEmulator()));
afterAll(async () => void (await emulator?.stop()));

const web = () => emulator.apps.find((a) => a.kind === "web")!;

async function http(method: "GET" | "POST", path: string, opts: { cookie?: string; form?: Record<string, string>; origin?: string } = {}) {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    redirect: "manual",
    headers: {
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.form ? { "content-type": "application/x-www-form-urlencoded", origin: opts.origin ?? emulator.url } : {}),
    },
    ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, error: /id="workshop-error"[^>]*>([^<]*)</.exec(text)?.[1] ?? "" };
}

/** The page's CSRF token and a fresh run's session cookie. */
async function startRun(choice: Record<string, string> = {}) {
  const first = await http("GET", "/workshop");
  const csrf = /name="csrf" value="([^"]+)"/.exec(first.text)![1]!;
  const started = await http("POST", "/workshop/start", { form: { csrf, app: web().clientId, user: "", tenant: "Cust12345", responseMode: "query", ...choice } });
  expect(started.status).toBe(303);
  const cookie = started.headers.get("set-cookie")!;
  return { csrf, cookie: cookie.split(";")[0]!, setCookie: cookie };
}

describe("workshop page over HTTP", () => {
  it("answers the start page with a strict CSP, no caching, and the apps that registered its callback", async () => {
    const res = await http("GET", "/workshop");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'/);
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'nonce-/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    for (const a of emulator.apps) expect(res.text).toContain(a.clientId);
    expect(res.text).toContain('action="/workshop/start"');
  });

  it("keeps each browser's run under an HttpOnly, SameSite=Lax cookie scoped to /workshop", async () => {
    const { setCookie } = await startRun();
    expect(setCookie).toMatch(/^sod_workshop=[\w-]{32};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\/workshop/);
  });

  it("refuses forms without the CSRF token, or from another origin, with 403", async () => {
    const noToken = await http("POST", "/workshop/start", { form: { app: web().clientId, responseMode: "query" } });
    expect(noToken.status).toBe(403);
    expect(noToken.error).toMatch(/missing or wrong CSRF token/);
    const { csrf } = await startRun();
    const foreign = await http("POST", "/workshop/start", { form: { csrf, app: web().clientId, responseMode: "query" }, origin: "http://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.error).toMatch(/another origin/);
  });

  it("names what is wrong with the presenter's choices", async () => {
    const { csrf } = await startRun();
    const cases: [Record<string, string>, RegExp][] = [
      [{ app: "0123456789abcdef0123456789abcdef", responseMode: "query" }, /App: choose one of the apps that registered \/workshop\/callback/],
      [{ app: web().clientId, responseMode: "sideways" }, /Response mode: expected one of query, form_post, fragment/],
      [{ app: web().clientId, responseMode: "query", tenant: "Cust1" }, /Tenant: Cust1 is not a tenant/],
      [{ app: web().clientId, responseMode: "query", user: "nobody@example.com" }, /User: nobody@example.com is not a SuperID user/],
    ];
    for (const [form, message] of cases) {
      const res = await http("POST", "/workshop/start", { form: { csrf, ...form } });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(res.error).toMatch(message);
    }
  });

  it("refuses a callback from a browser without a run, and one whose state is not the run's", async () => {
    const noCookie = await http("GET", "/workshop/callback?code=abc&state=xyz");
    expect(noCookie.status).toBe(400);
    expect(noCookie.error).toMatch(/this browser has no workshop run/);

    const { cookie } = await startRun();
    const badState = await http("GET", "/workshop/callback?code=abc&state=forged", { cookie });
    expect(badState.status).toBe(400);
    expect(badState.error).toMatch(/state in the callback \(forged\) is not the one this browser&#39;s run sent/);
    const noState = await http("GET", "/workshop/callback?code=abc", { cookie });
    expect(noState.status).toBe(400);
    expect(noState.error).toMatch(/no state parameter/);
    // Nothing was recorded: step 3 is still waiting.
    const page = await http("GET", "/workshop", { cookie });
    expect(page.text).not.toContain('id="callback-exchange"');
    // A form_post callback is refused the same way.
    const posted = await http("POST", "/workshop/callback", { cookie, form: { code: "abc", state: "forged" } });
    expect(posted.status).toBe(400);
  });

  it("answers steps taken out of order with 409 and what to do", async () => {
    const { csrf, cookie } = await startRun();
    for (const path of ["/workshop/token", "/workshop/id-token", "/workshop/api", "/workshop/refresh", "/workshop/system-user", "/workshop/webhooks"]) {
      const res = await http("POST", path, { cookie, form: { csrf } });
      expect(res.status, path).toBe(409);
      expect(res.error.length, path).toBeGreaterThan(20);
    }
    const noRun = await http("POST", "/workshop/token", { form: { csrf } });
    expect(noRun.status).toBe(400);
    expect(noRun.error).toMatch(/no workshop run/);
  });

  it("switches a tenant's state through the presenter tools, and refuses unknown states", async () => {
    const { csrf, cookie } = await startRun();
    const bad = await http("POST", "/workshop/tenant-state", { cookie, form: { csrf, tenant: "Cust54321", state: "Sleeping" } });
    expect(bad.status).toBe(400);
    const ok = await http("POST", "/workshop/tenant-state", { cookie, form: { csrf, tenant: "Cust54321", state: "OfflineMaintenance" } });
    expect(ok.status).toBe(303);
    expect(((await (await fetch(`${emulator.url}/api/state/Cust54321`)).json()) as { State: string }).State).toBe("OfflineMaintenance");
    await http("POST", "/workshop/tenant-state", { cookie, form: { csrf, tenant: "Cust54321", state: "Running" } });
  });

  it("escapes what a callback carries", async () => {
    const { cookie } = await startRun();
    const page = await http("GET", "/workshop", { cookie });
    const runState = /data-param="state"><td><code>state<\/code><\/td><td class="value">([^<]+)</.exec(page.text)![1]!;
    const res = await http("GET", `/workshop/callback?state=${runState}&code=<script>alert(1)</script>`, { cookie });
    expect(res.status).toBe(303);
    const shown = await http("GET", "/workshop", { cookie });
    expect(shown.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(shown.text).not.toContain("<script>alert(1)</script>");
  });
});

describe("the workshop callback as a registered redirect URI", () => {
  it("is registered as a path: accepted on the emulator's own URL, refused on any other host", async () => {
    const authorize = (redirectUri: string) =>
      fetch(`${emulator.url}/login/common/oauth/authorize?${new URLSearchParams({ client_id: web().clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid" })}`, { redirect: "manual" });
    expect((await authorize(`${emulator.url}/workshop/callback`)).status).not.toBe(400);
    for (const other of ["http://evil.example/workshop/callback", `${emulator.url}/workshop/callback/`, `${emulator.url}//workshop/callback`, "/workshop/callback"]) {
      const res = await authorize(other);
      expect(res.status, other).toBe(400);
      expect(await res.text()).toContain("InvalidRedirectUrl");
    }
  });
});

describe("workshop with --admin-key", () => {
  it("needs the key like the portal", async () => {
    const e = await startEmulator({ adminKey: "w0rkshop-key" });
    try {
      expect((await fetch(`${e.url}/workshop`)).status).toBe(401);
      const withKey = await fetch(`${e.url}/workshop?adminKey=w0rkshop-key`);
      expect(withKey.status).toBe(200);
    } finally {
      await e.stop();
    }
  });
});
