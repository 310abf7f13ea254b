import { createHash, randomBytes } from "node:crypto";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { browse, CookieJar, formOf, post, runAuthorize, submit, type Answers, type Page } from "../support/superid-forms.js";

/**
 * The rows of issue 12's OAuth/web security matrix that no other test file checks (issue 12, "Keep it
 * true"). Rows already covered elsewhere, and where:
 * - code replay (400 invalid_grant, the first exchange's refresh token and access-token row revoked), another
 *   client's code, expired code: superid-errors.test.ts, superid-conformance.test.ts
 * - PKCE wrong verifier, verifier without a challenge, plain challenge with an S256 verifier, native app
 *   without PKCE: superid-errors.test.ts, superid-authorize.test.ts
 * - redirect URIs: unregistered, extra path, other port, case, query, trailing slash, dot segment, `?`/`#`,
 *   127.0.0.1:8000@evil, 127.0.0.1:12345.evil, ports of 3 or 11 digits, localhost for 127.0.0.1; unknown
 *   client; post-logout open redirect: superid-errors.test.ts, superid-conformance.test.ts
 * - cross-tenant: a Cust12345 token on Cust54321 (tenant-api-errors.test.ts), a ticket on another tenant and
 *   a system token exchanged for another tenant (system-user.test.ts), another tenant's ids
 *   (tenant-api-conformance.test.ts)
 * - expiry: access token after the clock moves (admin-api.test.ts, tenant-api-errors.test.ts), ticket 6 h
 *   sliding (system-user*.test.ts), interaction (superid-screens.test.ts)
 * - CSRF: the sign-in form without/with a wrong token, without or with a foreign Origin
 *   (superid-errors.test.ts, superid-screens.test.ts in Chromium); every portal form (admin-conformance.test.ts,
 *   portal-browser.test.ts)
 * - escaping: app name, vendor and consent text on the consent screen, login_hint, state, error pages and
 *   the logout page (superid-errors.test.ts, superid-screens.test.ts); portal Apps, app, Tenants and Tokens
 *   pages (admin-conformance.test.ts, portal-browser.test.ts)
 * - admin key on every admin resource and portal page, Bearer and X-Admin-Key, `?adminKey=` once
 *   (admin-api.test.ts, admin-conformance.test.ts)
 * - SO-TimeZone before authentication (a 401 must win): tenant-api-fuzz.test.ts
 * Cross-site requests to the admin API and Host (DNS rebinding) checks have tests of their own.
 */
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

const CB = "http://localhost:3000/callback";
const NATIVE_CB = "http://127.0.0.1:8000/callback";
const ADA: Answers = { username: "ada.admin@example.com", tenant: "Cust12345" };
const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
const ctx = () => emulator.emulator.context;
const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;
const authorizeUrl = (params: Record<string, string>, tenant = "common") => `${emulator.url}/login/${tenant}/oauth/authorize?${new URLSearchParams(params)}`;
const codeRequest = (extra: Record<string, string> = {}) => ({ client_id: webApp().clientId, redirect_uri: CB, response_type: "code", scope: "openid", state: "st", ...extra });

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}
async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await request(url, { method: (init.method ?? "GET") as "GET", headers: init.headers, body: init.body });
  const text = await res.body.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: the assertions say so
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}
const tokens = (params: Record<string, string>) =>
  send(`${emulator.url}/login/common/oauth/tokens`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });
const webAuth = () => ({ client_id: webApp().clientId, client_secret: webApp().clientSecret! });
const exchange = (code: string, extra: Record<string, string> = {}) => tokens({ grant_type: "authorization_code", code, redirect_uri: CB, ...webAuth(), ...extra });
const tenantApi = (tenant: string, path: string, accessToken: string, init: { method?: string; body?: unknown } = {}) =>
  send(`${emulator.url}/${tenant}/api/${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });

async function codeFor(params: Record<string, string>, answers: Answers = ADA): Promise<string> {
  const end = await runAuthorize(authorizeUrl(params), answers);
  const code = end.location ? new URL(end.location).searchParams.get("code") : null;
  expect(code, `${end.status} ${end.location} ${end.body.slice(0, 300)}`).toMatch(/^[A-Za-z0-9]{64}$/);
  return code!;
}
const pkcePair = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};
const expectGrantError = (r: Reply, error = "invalid_grant") => expect({ status: r.status, error: r.json.error }, r.text).toEqual({ status: 400, error });

/** An authorize request that must be answered with SuperID's own page: a 4xx, HTML, and no Location anywhere. */
async function expectRefusedPage(url: string, what: string) {
  const res = await send(url);
  expect(res.status, `${what}: ${res.status} ${String(res.headers.location)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(res.headers.location, what).toBeUndefined();
  expect(res.headers["content-type"], what).toMatch(/^text\/html/);
  expect(res.text, what).not.toMatch(/code=[A-Za-z0-9]{64}/);
  return res;
}

describe("code replay", () => {
  it("after a replay the first exchange's access token is refused by the tenant API, and two exchanges at once issue one token set", async () => {
    const code = await codeFor(codeRequest());
    const first = await exchange(code);
    expect(first.status, first.text).toBe(200);
    const access = String(first.json.access_token);
    expect((await tenantApi("Cust12345", "v1/User/currentPrincipal", access)).status).toBe(200);
    expectGrantError(await exchange(code));
    expect((await tenantApi("Cust12345", "v1/User/currentPrincipal", access)).status).toBe(401);

    const raced = await codeFor(codeRequest());
    const replies = await Promise.all([exchange(raced), exchange(raced), exchange(raced)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });
});

describe("PKCE", () => {
  it("refuses a missing verifier, the S256 challenge itself sent as the verifier, and verifiers that are not 43-128 unreserved characters", async () => {
    const s256 = pkcePair();
    const missing = await codeFor(codeRequest({ code_challenge: s256.challenge, code_challenge_method: "S256" }));
    expectGrantError(await exchange(missing));
    // A refused exchange does not burn the code: whoever intercepted it cannot lock the real client out by
    // guessing (and cannot guess 256 bits), so the client with its verifier still gets its tokens, once.
    expect((await exchange(missing, { code_verifier: s256.verifier })).status).toBe(200);
    expectGrantError(await exchange(missing, { code_verifier: s256.verifier }));

    const downgrade = await codeFor(codeRequest({ code_challenge: s256.challenge, code_challenge_method: "S256" }));
    expectGrantError(await exchange(downgrade, { code_verifier: s256.challenge }));

    const plain = randomBytes(32).toString("base64url");
    for (const verifier of [plain.slice(0, 42), `${plain}!`, `${plain} `, "a".repeat(129)]) {
      const code = await codeFor(codeRequest({ code_challenge: plain, code_challenge_method: "plain" }));
      expectGrantError(await exchange(code, { code_verifier: verifier }));
    }
  });

  it("sends unsupported methods and malformed challenges back to the app as invalid_request, with no code", async () => {
    const { challenge } = pkcePair();
    const cases: Record<string, string>[] = [
      { code_challenge: challenge, code_challenge_method: "S512" },
      { code_challenge: challenge, code_challenge_method: "s256" },
      { code_challenge: challenge.slice(0, 42), code_challenge_method: "S256" },
      { code_challenge: `${challenge.slice(0, 42)}+`, code_challenge_method: "plain" },
      { code_challenge_method: "S256" },
    ];
    for (const extra of cases) {
      const res = await send(authorizeUrl(codeRequest(extra)));
      expect(res.status, JSON.stringify(extra)).toBe(303);
      const location = new URL(String(res.headers.location));
      expect(location.origin + location.pathname).toBe(CB);
      expect(location.searchParams.get("error"), JSON.stringify(extra)).toBe("invalid_request");
      expect(location.searchParams.has("code")).toBe(false);
    }
  });

  it("a native app must use PKCE for every response type with a code, and exchange with the verifier", async () => {
    const native = { client_id: nativeApp().clientId, redirect_uri: NATIVE_CB, scope: "openid", state: "st", nonce: "n" };
    for (const responseType of ["code", "code id_token"]) {
      const res = await send(authorizeUrl({ ...native, response_type: responseType }));
      const location = new URL(String(res.headers.location));
      expect(location.origin + location.pathname).toBe(NATIVE_CB);
      const params = responseType === "code" ? location.searchParams : new URLSearchParams(location.hash.slice(1));
      expect(params.get("error"), responseType).toBe("invalid_request");
      expect(params.has("code")).toBe(false);
    }
    const { verifier, challenge } = pkcePair();
    const code = await codeFor({ ...native, response_type: "code", code_challenge: challenge, code_challenge_method: "S256" });
    const noVerifier = await tokens({ grant_type: "authorization_code", code, redirect_uri: NATIVE_CB, client_id: nativeApp().clientId });
    expectGrantError(noVerifier);
    void verifier;
  });
});

describe("redirect tricks", () => {
  it("refuses prefix, suffix, userinfo, fragment, encoded and whitespace variants of a registered URI with a page", async () => {
    const variants = [
      "http://localhost:3000/callbac",
      "http://localhost:3000/callbackx",
      "http://localhost:3000/callback.evil.example",
      "http://localhost:3000/callback/../callback",
      "http://localhost:3000/callback/%2e%2e/callback",
      "http://user@localhost:3000/callback",
      "http://localhost:3000@evil.example/callback",
      "http://localhost:3000\\@evil.example/callback",
      "http://localhost:3000/callback#",
      "http://localhost:3000/callback#x",
      "http://localhost:3000/%63allback",
      "http://localhost%3A3000/callback",
      "http://localhost:03000/callback",
      "http://localhost.:3000/callback",
      " http://localhost:3000/callback",
      "http://localhost:3000/callback ",
      "http://localhost:3000/call\tback",
      "https://localhost:3000/callback",
      "//localhost:3000/callback",
      "http:/localhost:3000/callback",
      "http://evil.example/http://localhost:3000/callback",
      "javascript://localhost:3000/callback%0aalert(1)",
    ];
    for (const redirectUri of variants) {
      const page = await expectRefusedPage(authorizeUrl(codeRequest({ redirect_uri: redirectUri })), redirectUri);
      expect(page.text, redirectUri).toContain("InvalidRedirectUrl (2)");
    }
  });

  it("refuses what only looks like the native pattern ^http://127.0.0.1\\:\\d{4,10}$", async () => {
    const { challenge } = pkcePair();
    const variants = [
      "http://127.0.0.1:80@evil.example",
      "http://127.0.0.1:8000@evil.example/callback",
      "http://127.0.0.1.evil.example:8000/callback",
      "http://127.0.0.1:8000.evil.example",
      "http://127.0.0.1:8000\\@evil.example",
      "http://127.0.0.1:8000%40evil.example",
      "http://127.0.0.1:8000%2F@evil.example",
      "http://127.0.0.1:8000#@evil.example",
      "http://127.0.0.1:8000 .evil.example",
      "http://evil.example/?http://127.0.0.1:8000",
      "http://evil.example#http://127.0.0.1:8000",
      "http://user@127.0.0.1:8000/callback",
      "https://127.0.0.1:8000/callback",
      "http://127.0.0.1:99999",
      "http://127.0.0.1:12345678901",
      "http://[::1]:8000/callback",
      "http://localhost:8000/callback",
    ];
    for (const redirectUri of variants) {
      await expectRefusedPage(authorizeUrl({ client_id: nativeApp().clientId, redirect_uri: redirectUri, response_type: "code", code_challenge: challenge, code_challenge_method: "S256" }), redirectUri);
    }
  });

  it("never redirects from an error path unless the redirect URI is registered: every other error is a page", async () => {
    const evil = "http://evil.example/cb";
    const cases: [string, string][] = [
      ["unsupported response_type", authorizeUrl(codeRequest({ redirect_uri: evil, response_type: "code token2" }))],
      ["native app without PKCE", authorizeUrl({ client_id: nativeApp().clientId, redirect_uri: evil, response_type: "code" })],
      ["unknown acr_values tenant", authorizeUrl(codeRequest({ redirect_uri: evil, acr_values: "tenant:Cust00000" }))],
      ["id_token without nonce", authorizeUrl(codeRequest({ redirect_uri: evil, response_type: "id_token" }))],
      ["bad PKCE method", authorizeUrl(codeRequest({ redirect_uri: evil, code_challenge: "c".repeat(43), code_challenge_method: "S512" }))],
      ["form_post to an unregistered URI", authorizeUrl(codeRequest({ redirect_uri: evil, response_mode: "form_post" }))],
      ["unknown tenant in the path, registered URI", authorizeUrl(codeRequest(), "Cust00000")],
      ["no client_id", authorizeUrl({ redirect_uri: CB, response_type: "code" })],
    ];
    for (const [what, url] of cases) {
      const page = await expectRefusedPage(url, what);
      expect(page.text, what).not.toContain('action="http://evil.example'); // no form_post to the attacker either
    }
  });

  it("logout returns only to a registered post-logout URL, never to a prefix, suffix or userinfo variant", async () => {
    for (const target of ["http://localhost:3000", "http://localhost:3000/x", "http://localhost:3000/?next=http://evil.example", "http://localhost:3000@evil.example/", "http://evil.example/http://localhost:3000/", "//evil.example/"]) {
      const res = await send(`${emulator.url}/login/logout?${new URLSearchParams({ post_logout_redirect_uri: target, client_id: webApp().clientId, state: "s" })}`);
      expect(res.status, target).toBe(200);
      expect(res.headers.location, target).toBeUndefined();
    }
  });
});

describe("cross-tenant tokens", () => {
  it("a token whose tenant prefix is rewritten is unknown everywhere, and a token of another tenant writes nothing", async () => {
    const ada = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
    const forged = ada.access_token.replace(/^8A:Cust12345\./, "8A:Cust54321.");
    expect(forged).not.toBe(ada.access_token);
    for (const tenant of ["Cust12345", "Cust54321"]) expect((await tenantApi(tenant, "v1/User/currentPrincipal", forged)).status, tenant).toBe(401);

    const before = (await tenantApi("Cust54321", "v1/Contact/2", (await emulator.admin.signIn({ tenant: "Cust54321", user: "ada.admin@example.com" })).access_token)).text;
    expect((await tenantApi("Cust54321", "v1/Contact/2", ada.access_token, { method: "PUT", body: { Name: "Taken over" } })).status).toBe(401);
    expect((await tenantApi("Cust54321", "v1/Contact", ada.access_token, { method: "POST", body: { Name: "Planted" } })).status).toBe(401);
    const after = (await tenantApi("Cust54321", "v1/Contact/2", (await emulator.admin.signIn({ tenant: "Cust54321", user: "ada.admin@example.com" })).access_token)).text;
    expect(after).toBe(before);
  });

  it("a refresh stays in its tenant, whatever the request names; a user of one tenant cannot sign in to another", async () => {
    const ada = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
    const refreshed = await tokens({ grant_type: "refresh_token", refresh_token: ada.refresh_token!, acr_values: "tenant:Cust54321", tenant: "Cust54321", ...webAuth() });
    expect(refreshed.status, refreshed.text).toBe(200);
    expect(refreshed.json.access_token).toMatch(/^8A:Cust12345\./);
    expect((await tenantApi("Cust54321", "v1/User/currentPrincipal", String(refreshed.json.access_token))).status).toBe(401);

    // Bob is a user of Cust12345 only: naming Cust54321 by path or acr_values ends at a page, no code.
    for (const url of [authorizeUrl(codeRequest(), "Cust54321"), authorizeUrl(codeRequest({ acr_values: "tenant:Cust54321" }))]) {
      const end = await runAuthorize(url, { username: "bob.user@example.com" });
      expect(end.location, url).toBeUndefined();
      expect(end.status, url).toBe(403);
      expect(end.body).toContain("is not a user of Cust54321");
    }
  });
});

describe("expired credentials, by the admin API's clock", () => {
  it("an access token works until 3600 s and is refused from then on; a code until 10 minutes; single sign-on for 8 hours", async () => {
    try {
      const token = (await emulator.admin.signIn({ tenant: "Cust12345", user: "bob.user@example.com" })).access_token;
      await emulator.admin.clock.advance(3599);
      expect((await tenantApi("Cust12345", "v1/User/currentPrincipal", token)).status).toBe(200);
      await emulator.admin.clock.advance(1);
      const expired = await tenantApi("Cust12345", "v1/User/currentPrincipal", token);
      expect(expired.status).toBe(401);
      expect(String(expired.json.ErrorMessage)).toMatch(/expired/);

      const code = await codeFor(codeRequest());
      await emulator.admin.clock.advance(600);
      expectGrantError(await exchange(code));

      const jar = new CookieJar();
      await runAuthorize(authorizeUrl(codeRequest()), ADA, jar);
      await emulator.admin.clock.advance(8 * 3600 - 60);
      expect((await runAuthorize(authorizeUrl(codeRequest(), "Cust12345"), ADA, jar)).screens).toEqual([]); // still signed in
      await emulator.admin.clock.advance(120);
      expect((await runAuthorize(authorizeUrl(codeRequest(), "Cust12345"), ADA, jar)).screens).toEqual(["sign-in"]);
    } finally {
      await emulator.admin.clock.reset();
    }
  });
});

describe("CSRF on the screens' other forms", () => {
  /** Posts a screen's form four forged ways: no token, a wrong token, a foreign Origin, no Origin. Each must be a 403 page. */
  async function expectForgeriesRefused(page: Page, suffix: string, fields: Record<string, string>, jar: CookieJar) {
    const form = formOf(page, suffix);
    const wrong = form.csrf.slice(0, -1) + (form.csrf.endsWith("A") ? "B" : "A");
    const forgeries: [string, Record<string, string>, Record<string, string>][] = [
      ["no token", fields, { origin: emulator.url }],
      ["wrong token", { ...fields, csrf: wrong }, { origin: emulator.url }],
      ["foreign Origin", { ...fields, csrf: form.csrf }, { origin: "http://evil.example" }],
      ["no Origin", { ...fields, csrf: form.csrf }, {}],
      ["null Origin", { ...fields, csrf: form.csrf }, { origin: "null" }],
    ];
    for (const [what, body, headers] of forgeries) {
      const res = await post(form.action, body, headers, jar);
      expect(res.status, `${suffix}, ${what}: ${res.body.slice(0, 200)}`).toBe(403);
      expect(res.headers.location, `${suffix}, ${what}`).toBeUndefined();
      expect(res.headers["set-cookie"], `${suffix}, ${what}`).toBeUndefined();
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
    }
    // The interaction is where it was: the same screen again.
    const again = await browse(page.url, jar);
    expect(formOf(again, suffix).action).toBe(form.action);
  }

  it("the tenant picker refuses forged posts and picks nothing", async () => {
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl(codeRequest()), jar);
    const picker = await submit(signIn, "sign-in", { username: "ada.admin@example.com" }, jar);
    await expectForgeriesRefused(picker, "tenant", { tenant: "Cust54321" }, jar);
  });

  it("the consent screen refuses forged approvals and cancellations and records nothing", async () => {
    const app = await emulator.admin.apps.create({ name: "CSRF consent app", kind: "web", redirectUris: [CB] });
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl({ ...codeRequest(), client_id: app.clientId }, "Cust12345"), jar);
    const consent = await submit(signIn, "sign-in", { username: "ada.admin@example.com" }, jar);
    await expectForgeriesRefused(consent, "consent", { decision: "approve" }, jar);
    await expectForgeriesRefused(consent, "consent", { decision: "cancel" }, jar);
    expect(ctx().store.consents.get(app.clientId, "Cust12345")).toBeUndefined();
  });

  it("'Sign in as someone else' and 'Return to the app' refuse forged posts: the session stays, nothing goes to the app", async () => {
    const app = await emulator.admin.apps.create({ name: "CSRF exits app", kind: "web", redirectUris: [CB] });
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl({ ...codeRequest(), client_id: app.clientId }, "Cust12345"), jar);
    const refusal = await submit(signIn, "sign-in", { username: "bob.user@example.com" }, jar);
    expect(refusal.body).toContain("Account does not have access");
    await expectForgeriesRefused(refusal, "switch-user", {}, jar);
    await expectForgeriesRefused(refusal, "cancel", {}, jar);
    // Still Bob's single sign-on: the next authorize skips the sign-in screen.
    expect((await runAuthorize(authorizeUrl(codeRequest(), "Cust12345"), { username: "bob.user@example.com" }, jar)).screens).toEqual([]);
  });
});

describe("escaping what users and admins typed", () => {
  it("user names, company names and tenant states on the screens and the portal are served escaped", async () => {
    const tenant = await emulator.admin.tenants.create({ profile: "empty", companyName: `Evil ${HOSTILE}` });
    const hostileTenant = tenant.contextIdentifier;
    const username = "mallory@example.com";
    await emulator.admin.tenants.addUser(hostileTenant, { username, firstName: `Mal ${HOSTILE}`, lastName: `Lory ${HOSTILE}`, administrator: true });
    await emulator.admin.tenants.addUser("Cust12345", { username, administrator: true });
    const escapedOnly = (html: string, where: string) => {
      expect(html, where).not.toContain("<script>alert");
      expect(html, where).not.toContain("<img src=x");
      expect(html, where).toContain("&lt;script&gt;alert(");
      expect(html, where).toContain("&lt;img src=x onerror=alert(1)&gt;");
    };

    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl(codeRequest()), jar);
    escapedOnly(signIn.body, "sign-in screen (the user list)");
    const picker = await submit(signIn, "sign-in", { username }, jar);
    expect(picker.body).toContain("Choose a tenant");
    escapedOnly(picker.body, "tenant picker");

    await emulator.admin.tenants.setState(hostileTenant, "Suspended");
    const unavailable = await runAuthorize(authorizeUrl(codeRequest(), hostileTenant), { username });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toContain("Suspended");
    escapedOnly(unavailable.body, "tenant not available page");

    for (const path of ["/portal/tenants", `/portal/tenants/${hostileTenant}`]) {
      const page = await send(`${emulator.url}${path}`);
      if (page.status === 404) continue; // no page per tenant
      expect(page.status, path).toBe(200);
      escapedOnly(page.text, path);
    }
  });

  it("a tenant named in the authorize path and a failed call's error body on the Activity page are served escaped", async () => {
    const unknown = await expectRefusedPage(`${emulator.url}/login/${encodeURIComponent(HOSTILE)}/oauth/authorize?${new URLSearchParams(codeRequest())}`, "unknown tenant page");
    expect(unknown.text).not.toContain("<script>alert");

    const token = (await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" })).access_token;
    const failed = await tenantApi("Cust12345", `v1/Archive/${encodeURIComponent(HOSTILE)}`, token);
    expect(failed.status).toBe(404);
    const activity = await send(`${emulator.url}/portal/activity`);
    expect(activity.status).toBe(200);
    expect(activity.text).toContain("Unknown archive provider");
    expect(activity.text).not.toContain("<script>alert");
    expect(activity.text).not.toContain("<img src=x");
  });
});

describe("admin key", () => {
  it("?adminKey= sets an HttpOnly, SameSite=Strict cookie; a portal form with a valid CSRF token but no key is refused", async () => {
    const keyed = await startEmulator({ adminKey: "k3y-for-the-matrix" });
    try {
      const once = await send(`${keyed.url}/portal/apps?adminKey=k3y-for-the-matrix`);
      expect(once.status).toBe(200);
      const cookie = [once.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith("sod_admin="))!;
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
      const csrf = /name="csrf" value="([^"]+)"/.exec(once.text)![1]!;
      const before = (await keyed.admin.apps.list()).length;
      const form = (headers: Record<string, string>) =>
        send(`${keyed.url}/portal/apps`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: keyed.url, ...headers }, body: new URLSearchParams({ csrf, name: "Keyless", kind: "web" }).toString() });
      for (const headers of [{}, { cookie: "sod_admin=k3y-for-the-matri" }, { cookie: "sod_admin=K3Y-FOR-THE-MATRIX" }, { "x-admin-key": "k3y-for-the-matrix-" }, { authorization: "Bearer k3y-for-the-matri" }]) {
        expect((await form(headers)).status, JSON.stringify(headers)).toBe(401);
      }
      expect((await keyed.admin.apps.list()).length).toBe(before);
      // The right key in the cookie and the same token: accepted, so the refusals above were the key's.
      expect((await form({ cookie: cookie.split(";")[0]! })).status).toBeLessThan(400);
    } finally {
      await keyed.stop();
    }
  });
});
