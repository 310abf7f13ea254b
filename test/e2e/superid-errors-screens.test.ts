import { randomBytes } from "node:crypto";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/index.js";
import { browse, CookieJar, formOf, post, runAuthorize, submit } from "../support/superid-forms.js";
import { ADA, WEB_CALLBACK, authorizeUrl, ctx, emulator, exchange, expectTokenError, expectTokens, getCode, refresh, registerApp, tokenRequest, web, webApp, clientAuth, useSuperIdEmulator } from "../support/superid-errors.js";

/**
 * SuperID's negative paths: what the authorize, token, revoke and logout endpoints and the screens answer
 * when something is wrong. Every test uses its own flow; apps that must be unapproved are inserted fresh.
 */
useSuperIdEmulator();

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
