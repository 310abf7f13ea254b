import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { FormData, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeConsent } from "../../src/identity/consent.js";
import { hashSecret } from "../../src/identity/secrets.js";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { browse, CookieJar, formOf, post, runAuthorize, submit, type Answers } from "../support/superid-forms.js";

/**
 * SuperID's negative paths: what the authorize, token, revoke and logout endpoints and the screens answer
 * when something is wrong. Every test uses its own flow; apps that must be unapproved are inserted fresh.
 */
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

const WEB_CALLBACK = "http://localhost:3000/callback";
const ctx = () => emulator.emulator.context;
const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;
const serviceApp = () => emulator.apps.find((a) => a.kind === "server-to-server")!;
const tokensUrl = () => `${emulator.url}/login/common/oauth/tokens`;

interface AppUnderTest {
  clientId: string;
  clientSecret: string | null;
  redirect: string;
}
const web = (): AppUnderTest => ({ clientId: webApp().clientId, clientSecret: webApp().clientSecret, redirect: WEB_CALLBACK });

const authorizeUrl = (params: Record<string, string>, path = "common") => `${emulator.url}/login/${path}/oauth/authorize?${new URLSearchParams(params)}`;

/** An app registered through the admin API, as the Developer Portal would: nobody has approved it for any tenant. */
async function registerApp(name: string, vendor = "Fresh Vendor AS"): Promise<AppUnderTest> {
  const app = await emulator.admin.apps.create({ name, vendor, type: "standard", kind: "web", redirectUris: [WEB_CALLBACK] });
  return { clientId: app.clientId, clientSecret: app.clientSecret as string, redirect: WEB_CALLBACK };
}

/** Runs the screens for a code flow and returns the code. */
async function getCode(app: AppUnderTest, answers: Answers, extra: Record<string, string> = {}): Promise<string> {
  const end = await runAuthorize(authorizeUrl({ client_id: app.clientId, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "st", ...extra }), answers);
  expect(end.status, end.body).toBe(303);
  const code = new URL(end.location!).searchParams.get("code");
  expect(code, end.location).toMatch(/^[A-Za-z0-9]{64}$/);
  return code!;
}

interface TokenReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

/** A POST to the token (or revoke) endpoint with a form body. */
async function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}, url = tokensUrl()): Promise<TokenReply> {
  const res = await request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.body.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // left empty; the assertions on content-type will say why
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

const clientAuth = (app: AppUnderTest) => ({ client_id: app.clientId, ...(app.clientSecret ? { client_secret: app.clientSecret } : {}) });

/** Exchanges a code with client_secret_post. */
const exchange = (code: string, extra: Record<string, string> = {}, app = web()) =>
  tokenRequest({ grant_type: "authorization_code", code, redirect_uri: app.redirect, ...clientAuth(app), ...extra });

const refresh = (refreshToken: string, app = web()) => tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, ...clientAuth(app) });

/** An RFC 6749 §5.2 error: exact status and error code, a description, JSON, not cached. */
function expectTokenError(reply: TokenReply, status: number, error: string) {
  expect({ status: reply.status, error: reply.json.error }, reply.text).toEqual({ status, error });
  expect(typeof reply.json.error_description).toBe("string");
  expect(reply.json.error_description).not.toBe("");
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.headers["cache-control"]).toMatch(/no-store/);
}

function expectTokens(reply: TokenReply, contextIdentifier = "Cust12345") {
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.headers["cache-control"]).toMatch(/no-store/);
  expect(reply.json.access_token).toMatch(new RegExp(`^8A:${contextIdentifier}\\.`));
  return reply.json as { access_token: string; refresh_token?: string; id_token: string };
}

const ADA: Answers = { username: "ada.admin@example.com", tenant: "Cust12345" };

describe("authorize endpoint: requests that cannot be trusted are pages, never redirects", () => {
  it("refuses an unregistered redirect_uri with a 400 InvalidRedirectUrl (2) page and no Location", async () => {
    const app = webApp();
    const refused = [
      "http://evil.example/callback",
      "http://localhost:3000/callback/extra", // extra path segment
      "http://localhost:3001/callback", // another port (registered for another app)
      "http://localhost:3000/Callback", // case differs
      "http://localhost:3000/callback?next=x", // query not registered
    ];
    for (const redirectUri of refused) {
      const res = await request(authorizeUrl({ client_id: app.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "s" }));
      const body = await res.body.text();
      expect(res.statusCode, redirectUri).toBe(400);
      expect(res.headers.location, redirectUri).toBeUndefined();
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(body, redirectUri).toContain("InvalidRedirectUrl (2)");
      expect(body).not.toContain("code=");
    }
  });

  it("refuses loopback URIs that only look like the native app's pattern", async () => {
    const app = nativeApp();
    for (const redirectUri of ["http://127.0.0.1:8000@evil.example/callback", "http://127.0.0.1:12345.evil.example/callback", "http://127.0.0.1:80/callback"]) {
      const res = await request(authorizeUrl({ client_id: app.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid", code_challenge: "x".repeat(43), code_challenge_method: "plain" }));
      const body = await res.body.text();
      expect(res.statusCode, redirectUri).toBe(400);
      expect(res.headers.location, redirectUri).toBeUndefined();
      expect(body, redirectUri).toContain("InvalidRedirectUrl (2)");
    }
  });

  it("refuses an unknown client_id with a 400 page and no Location, even with a plausible redirect_uri", async () => {
    const unknown = randomBytes(16).toString("hex");
    const res = await request(authorizeUrl({ client_id: unknown, redirect_uri: WEB_CALLBACK, response_type: "code", scope: "openid", state: "s" }));
    const body = await res.body.text();
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(body).toContain("Authorization error");
    expect(body).toContain(unknown);
  });

  it("sends an unsupported response_type back to the app: 303 with error=unsupported_response_type and the state", async () => {
    const res = await request(authorizeUrl({ client_id: webApp().clientId, redirect_uri: WEB_CALLBACK, response_type: "code token2", scope: "openid", state: "st-42" }));
    await res.body.dump();
    expect(res.statusCode).toBe(303);
    const location = new URL(res.headers.location as string);
    expect(location.origin + location.pathname).toBe(WEB_CALLBACK);
    expect(location.searchParams.get("error")).toBe("unsupported_response_type");
    expect(location.searchParams.get("state")).toBe("st-42");
    expect(location.searchParams.get("error_description")).toBeTruthy();
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("echoes the state on the other errors sent to the app too (native app without PKCE, unknown acr_values tenant)", async () => {
    const cases: Record<string, string>[] = [
      { client_id: nativeApp().clientId, redirect_uri: "http://127.0.0.1:8000/callback", response_type: "code", scope: "openid", state: "st-pkce" },
      { client_id: webApp().clientId, redirect_uri: WEB_CALLBACK, response_type: "code", scope: "openid", acr_values: "tenant:Cust00000", state: "st-acr" },
    ];
    for (const params of cases) {
      const res = await request(authorizeUrl(params));
      await res.body.dump();
      expect(res.statusCode, params.state).toBe(303);
      const location = new URL(res.headers.location as string);
      expect(location.origin + location.pathname).toBe(params.redirect_uri!);
      expect(location.searchParams.get("error"), params.state).toBe("invalid_request");
      expect(location.searchParams.get("state"), location.toString()).toBe(params.state);
    }
  });
});

describe("token endpoint errors", () => {
  it("a wrong client secret in the body is 401 invalid_client", async () => {
    const code = await getCode(web(), ADA);
    const reply = await exchange(code, { client_secret: "not-the-secret" });
    expectTokenError(reply, 401, "invalid_client");
  });

  it("a wrong client secret over HTTP Basic is 401 invalid_client with a WWW-Authenticate challenge", async () => {
    const code = await getCode(web(), ADA);
    const basic = Buffer.from(`${webApp().clientId}:not-the-secret`).toString("base64");
    const reply = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: WEB_CALLBACK }, { authorization: `Basic ${basic}` });
    expectTokenError(reply, 401, "invalid_client");
    expect(reply.headers["www-authenticate"]).toMatch(/^Basic\b/i);
  });

  it("client_credentials and password grants are 400 unsupported_grant_type", async () => {
    for (const grantType of ["client_credentials", "password"]) {
      const reply = await tokenRequest({ grant_type: grantType, username: "ada.admin@example.com", password: "x", scope: "openid", ...clientAuth(web()) });
      expectTokenError(reply, 400, "unsupported_grant_type");
    }
  });

  it("a code grant without a code is 400 invalid_request", async () => {
    const reply = await tokenRequest({ grant_type: "authorization_code", redirect_uri: WEB_CALLBACK, ...clientAuth(web()) });
    expectTokenError(reply, 400, "invalid_request");
  });

  it("never answers malformed requests with a 500", async () => {
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const cases: { name: string; body?: string; headers: Record<string, string>; statuses: number[]; errors: string[] }[] = [
      { name: "empty POST", headers: {}, statuses: [400, 401], errors: ["invalid_request", "invalid_client"] },
      { name: "JSON body", body: JSON.stringify({ grant_type: "authorization_code" }), headers: { "content-type": "application/json" }, statuses: [400, 401], errors: ["invalid_request", "invalid_client"] },
      {
        name: "broken percent-encoding",
        body: `grant_type=authorization_code&code=%E0%A4%A&redirect_uri=${encodeURIComponent(WEB_CALLBACK)}&client_id=${webApp().clientId}&client_secret=${webApp().clientSecret}`,
        headers: form,
        statuses: [400],
        errors: ["invalid_request", "invalid_grant"],
      },
      { name: "Basic that is not base64 of id:secret", body: "grant_type=authorization_code&code=x", headers: { ...form, authorization: "Basic %%%not-base64%%%" }, statuses: [401], errors: ["invalid_client"] },
      { name: "unknown client over Basic", body: "grant_type=authorization_code&code=x", headers: { ...form, authorization: `Basic ${Buffer.from("nobody:nothing").toString("base64")}` }, statuses: [401], errors: ["invalid_client"] },
      { name: "unknown refresh token", body: `grant_type=refresh_token&refresh_token=${"A".repeat(64)}&client_id=${webApp().clientId}&client_secret=${webApp().clientSecret}`, headers: form, statuses: [400], errors: ["invalid_grant"] },
      { name: "no grant_type", body: `client_id=${webApp().clientId}&client_secret=${webApp().clientSecret}`, headers: form, statuses: [400], errors: ["invalid_request"] },
    ];
    for (const c of cases) {
      const res = await request(tokensUrl(), { method: "POST", headers: c.headers, body: c.body });
      const text = await res.body.text();
      expect(c.statuses, `${c.name}: ${res.statusCode} ${text}`).toContain(res.statusCode);
      expect(res.headers["content-type"], c.name).toMatch(/^application\/json/);
      expect(res.headers["cache-control"], c.name).toMatch(/no-store/);
      const json = JSON.parse(text) as Record<string, unknown>;
      expect(c.errors, `${c.name}: ${text}`).toContain(json.error);
      expect(typeof json.error_description, c.name).toBe("string");
    }
  });

  it("a wrong PKCE verifier is 400 invalid_grant", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const code = await getCode(web(), ADA, { code_challenge: challenge, code_challenge_method: "S256" });
    const reply = await exchange(code, { code_verifier: randomBytes(32).toString("base64url") });
    expectTokenError(reply, 400, "invalid_grant");
  });

  it("a PKCE verifier for a code issued without a challenge is 400 invalid_grant", async () => {
    const code = await getCode(web(), ADA);
    const reply = await exchange(code, { code_verifier: randomBytes(32).toString("base64url") });
    expectTokenError(reply, 400, "invalid_grant");
  });

  it("a replayed code is 400 invalid_grant and revokes what the first exchange issued", async () => {
    const code = await getCode(web(), ADA);
    const first = expectTokens(await exchange(code));
    expect(first.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);
    // Still good before the replay.
    expectTokens(await refresh(first.refresh_token!));

    expectTokenError(await exchange(code), 400, "invalid_grant");

    expectTokenError(await refresh(first.refresh_token!), 400, "invalid_grant");
    const access = ctx().store.grants.findAccessToken(hashSecret(first.access_token));
    expect(access).toBeDefined();
    expect(access!.revokedAt).not.toBeNull();
  });

  it("an expired code (11 minutes later) is 400 invalid_grant", async () => {
    const code = await getCode(web(), ADA);
    ctx().clock.advance(11 * 60_000);
    try {
      expectTokenError(await exchange(code), 400, "invalid_grant");
    } finally {
      ctx().clock.advance(-11 * 60_000);
    }
  });

  it("a refresh token stops working when the app's consent for the tenant is revoked", async () => {
    const app: AppUnderTest = { clientId: serviceApp().clientId, clientSecret: serviceApp().clientSecret, redirect: "http://localhost:3001/callback" };
    const code = await getCode(app, ADA);
    const tokens = expectTokens(await exchange(code, {}, app));
    expectTokens(await refresh(tokens.refresh_token!, app));

    expect(revokeConsent(ctx(), app.clientId, "Cust12345")).toBe(true);

    expectTokenError(await refresh(tokens.refresh_token!, app), 400, "invalid_grant");
  });

  it("accepts SOD's documented style: an empty POST with every parameter in the query string", async () => {
    const code = await getCode(web(), ADA);
    const query = new URLSearchParams({ client_id: webApp().clientId, client_secret: webApp().clientSecret!, code, redirect_uri: WEB_CALLBACK, grant_type: "authorization_code" });
    const res = await request(`${tokensUrl()}?${query}`, { method: "POST" });
    const text = await res.body.text();
    expect(res.statusCode, text).toBe(200);
    const tokens = JSON.parse(text) as Record<string, unknown>;
    expect(tokens.access_token).toMatch(/^8A:Cust12345\./);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.token_type).toBe("Bearer");
  });
  it("reads a form with a charset, lets the body win over the query, and counts a repeated field once", async () => {
    const tokens = expectTokens(await exchange(await getCode(web(), ADA)));
    const form = `grant_type=refresh_token&refresh_token=${tokens.refresh_token}&refresh_token=not-this-one&client_id=${encodeURIComponent(webApp().clientId)}&client_secret=${encodeURIComponent(webApp().clientSecret!)}`;
    // The query's grant_type is wrong; the body's is the one that counts.
    const res = await request(`${tokensUrl()}?grant_type=password`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" }, body: form });
    const text = await res.body.text();
    expect(res.statusCode, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ token_type: "Bearer", access_token: expect.stringMatching(/^8A:Cust12345\./) });

    const multipart = new FormData();
    for (const [k, v] of Object.entries({ grant_type: "refresh_token", refresh_token: tokens.refresh_token!, ...clientAuth(web()) })) multipart.append(k, v);
    const viaMultipart = await request(tokensUrl(), { method: "POST", body: multipart });
    const multipartText = await viaMultipart.body.text();
    expect(viaMultipart.statusCode, multipartText).toBe(200);
    expect(JSON.parse(multipartText).id_token).toEqual(expect.any(String));
  });
});

describe("revoke endpoint", () => {
  it("revoking a refresh token answers 200 with an empty body, and the token no longer refreshes", async () => {
    const tokens = expectTokens(await exchange(await getCode(web(), ADA)));
    const revokeUrl = `${emulator.url}/login/common/oauth/revoke`;
    const reply = await tokenRequest({ token: tokens.refresh_token!, token_type_hint: "refresh_token", ...clientAuth(web()) }, {}, revokeUrl);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toBe("");
    expectTokenError(await refresh(tokens.refresh_token!), 400, "invalid_grant");
  });

  it("revoking an unknown token answers 200", async () => {
    const reply = await tokenRequest({ token: randomBytes(48).toString("base64url"), ...clientAuth(web()) }, {}, `${emulator.url}/login/common/oauth/revoke`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toBe("");
  });
});

describe("the screens", () => {
  it("refuses a form post without the CSRF token, and one without an Origin header", async () => {
    const jar = new CookieJar();
    const page = await browse(authorizeUrl({ client_id: webApp().clientId, redirect_uri: WEB_CALLBACK, response_type: "code", scope: "openid", state: "s" }), jar);
    expect(page.status).toBe(200);
    const form = formOf(page, "sign-in");

    const noCsrf = await post(form.action, { username: "ada.admin@example.com", password: "" }, { origin: emulator.url }, jar);
    expect(noCsrf.status, noCsrf.body).toBe(403);
    expect(noCsrf.headers["set-cookie"]).toBeUndefined();
    expect(noCsrf.body).toContain("CSRF");

    const wrongCsrf = await post(form.action, { csrf: "A".repeat(form.csrf.length), username: "ada.admin@example.com", password: "" }, { origin: emulator.url }, jar);
    expect(wrongCsrf.status, wrongCsrf.body).toBe(403);
    expect(wrongCsrf.headers["set-cookie"]).toBeUndefined();

    const noOrigin = await post(form.action, { csrf: form.csrf, username: "ada.admin@example.com", password: "" }, {}, jar);
    expect(noOrigin.status, noOrigin.body).toBe(403);
    expect(noOrigin.headers["set-cookie"]).toBeUndefined();

    const crossOrigin = await post(form.action, { csrf: form.csrf, username: "ada.admin@example.com", password: "" }, { origin: "http://evil.example" }, jar);
    expect(crossOrigin.status, crossOrigin.body).toBe(403);
    expect(crossOrigin.headers["set-cookie"]).toBeUndefined();

    // The same form with both passes: the refusals above were about the CSRF defences only.
    const ok = await post(form.action, { csrf: form.csrf, username: "ada.admin@example.com", password: "" }, { origin: emulator.url }, jar);
    expect(ok.status, ok.body).toBe(303);
    expect(String(ok.headers["set-cookie"])).toMatch(/superid_session=/);
  });

  it("shows an app name and vendor with markup escaped on the consent screen, under a Content-Security-Policy", async () => {
    const app = await registerApp("<script>alert(1)</script>", "<b>Evil & Co</b>");
    const jar = new CookieJar();
    const signIn = await browse(authorizeUrl({ client_id: app.clientId, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "s" }), jar);
    expect(signIn.body).not.toContain("<script>alert(1)</script>");
    const picker = await submit(signIn, "sign-in", { username: "ada.admin@example.com", password: "" }, jar);
    const consent = await submit(picker, "tenant", { tenant: "Cust54321" }, jar);
    expect(consent.status).toBe(200);
    expect(consent.body).toMatch(/action="[^"]*\/consent"/);
    expect(consent.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(consent.body).not.toContain("<script>alert(1)</script>");
    expect(consent.body).toContain("&lt;b&gt;Evil &amp; Co&lt;/b&gt;");
    expect(consent.body).not.toContain("<b>Evil");
    const csp = consent.headers["content-security-policy"] as string | undefined;
    expect(csp).toBeDefined();
    expect(csp).toMatch(/script-src 'nonce-/);
    expect(csp).toContain("default-src 'none'");
  });

  it("stops a non-administrator at 'Account does not have access' for an unapproved app, without a redirect or a consent record", async () => {
    const app = await registerApp("Not Yet Approved App");
    const end = await runAuthorize(authorizeUrl({ client_id: app.clientId, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "s" }), { username: "bob.user@example.com" });
    expect(end.screens).toEqual(["sign-in"]);
    expect(end.status).toBe(403);
    expect(end.location).toBeUndefined();
    expect(end.body).toContain("Account does not have access");
    expect(ctx().store.consents.get(app.clientId, "Cust12345")).toBeUndefined();
  });

  it("cancelling on the consent screen sends the app access_denied with the state, and records no consent", async () => {
    const app = await registerApp("Cancelled App");
    const end = await runAuthorize(authorizeUrl({ client_id: app.clientId, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "st-cancel" }), { ...ADA, consent: "cancel" });
    expect(end.screens).toEqual(["sign-in", "tenant", "consent"]);
    expect(end.status).toBe(303);
    const callback = new URL(end.location!);
    expect(callback.origin + callback.pathname).toBe(WEB_CALLBACK);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("st-cancel");
    expect(callback.searchParams.has("code")).toBe(false);
    expect(ctx().store.consents.get(app.clientId, "Cust12345")).toBeUndefined();
  });
});

describe("logout", () => {
  it("ends single sign-on: before logout a second authorize skips sign-in, after it the sign-in screen is back", async () => {
    const url = authorizeUrl({ client_id: webApp().clientId, redirect_uri: WEB_CALLBACK, response_type: "code", scope: "openid", state: "s" }, "Cust12345");
    const jar = new CookieJar();
    const first = await runAuthorize(url, ADA, jar);
    expect(first.screens[0]).toBe("sign-in");
    expect(new URL(first.location!).searchParams.get("code")).toMatch(/^[A-Za-z0-9]{64}$/);

    const second = await runAuthorize(url, ADA, jar);
    expect(second.screens).toEqual([]);
    expect(new URL(second.location!).searchParams.get("code")).toMatch(/^[A-Za-z0-9]{64}$/);
    const cookieBeforeLogout = jar.header();
    expect(cookieBeforeLogout).toMatch(/superid_session=/);

    const logout = await request(
      `${emulator.url}/login/logout?${new URLSearchParams({ post_logout_redirect_uri: "http://localhost:3000/", state: "x", client_id: webApp().clientId })}`,
      { headers: { cookie: jar.header() } },
    );
    await logout.body.dump();
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe("http://localhost:3000/?state=x");
    const cleared = [logout.headers["set-cookie"] ?? []].flat().find((c) => c.startsWith("superid_session="));
    expect(cleared).toBeDefined();
    expect(cleared).toMatch(/^superid_session=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=[^;]*19(70|69)/i);
    jar.take(logout.headers["set-cookie"]);

    const third = await runAuthorize(url, ADA, jar);
    expect(third.screens[0]).toBe("sign-in");

    // A browser that kept the old cookie gets no session either: it ended on the server.
    const stale = new CookieJar();
    stale.take(cookieBeforeLogout);
    const fourth = await runAuthorize(url, ADA, stale);
    expect(fourth.screens[0]).toBe("sign-in");
  });

  it("does not redirect to an unregistered post-logout URI (no open redirect)", async () => {
    for (const target of ["http://evil.example/", WEB_CALLBACK /* a redirect URI, not a post-logout one */]) {
      const res = await request(`${emulator.url}/login/logout?${new URLSearchParams({ post_logout_redirect_uri: target, state: "x", client_id: webApp().clientId })}`);
      const body = await res.body.text();
      expect(res.statusCode, target).toBe(200);
      expect(res.headers.location, target).toBeUndefined();
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(body).toContain("signed out");
    }
  });
});

describe("CORS", () => {
  it("is open to any origin on discovery and JWKS only; an unregistered origin gets nothing from the token endpoint or the screens", async () => {
    const e = await startEmulator();
    try {
      const origin = { origin: "http://spa.example" };
      for (const path of ["/login/.well-known/openid-configuration", "/.well-known/openid-configuration", "/login/.well-known/jwks"]) {
        expect((await request(`${e.url}${path}`, { headers: origin })).headers["access-control-allow-origin"], path).toBe("*");
        // A GET with a non-simple header is preflighted first.
        const preflight = await request(`${e.url}${path}`, { method: "OPTIONS", headers: { ...origin, "access-control-request-method": "GET", "access-control-request-headers": "x-requested-with" } });
        await preflight.body.dump();
        expect(preflight.statusCode, path).toBe(204);
        expect(preflight.headers["access-control-allow-origin"], path).toBe("*");
        expect(preflight.headers["access-control-allow-headers"], path).toBe("x-requested-with");
      }
      const tokensPreflight = await request(`${e.url}/login/common/oauth/tokens`, { method: "OPTIONS", headers: { ...origin, "access-control-request-method": "POST" } });
      await tokensPreflight.body.dump();
      expect(tokensPreflight.headers["access-control-allow-origin"]).toBeUndefined();
      const tokens = await request(`${e.url}/login/common/oauth/tokens`, { method: "POST", headers: origin });
      expect(tokens.headers["access-control-allow-origin"]).toBeUndefined();
      const health = await request(`${e.url}/health`, { headers: origin });
      expect(health.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await e.stop();
    }
  });
});
