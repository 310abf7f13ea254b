import { decodeJwt } from "jose";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { revokeConsent } from "../../src/identity/consent.js";
import { browse, CookieJar, formOf, runAuthorize } from "../support/superid-forms.js";
import { ADA, CB, SO, apiStatus, authorizeUrl, ctx, emulator, exchange, expectError, getCode, nativeApp, ok, postedFields, refresh, registerApp, send, service, tokens, web, auth, useConformanceEmulator } from "../support/superid-conformance.js";

/**
 * Spec conformance of SuperID (identity.md §2-7, §10; issue 3) over plain HTTP, probing the corners the
 * flow tests leave out: exact discovery, client authentication variants, token/claim rules, consent and
 * revocation, encodings and hostile parameter values. Each test names the spec line it checks.
 */
useConformanceEmulator();

describe("authorize (§4)", () => {
  // §4.1 response_type: unsupported values go back as unsupported_response_type, whatever their name.
  it("refuses response_type values that are Object.prototype member names with unsupported_response_type", async () => {
    for (const responseType of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      const res = await request(authorizeUrl({ client_id: web().id, redirect_uri: CB, response_type: responseType, state: "st-proto" }));
      const text = await res.body.text();
      expect(res.statusCode, `${responseType}: ${text}`).toBe(303);
      const loc = new URL(res.headers.location as string);
      expect([loc.searchParams.get("error"), loc.searchParams.get("state")], responseType).toEqual(["unsupported_response_type", "st-proto"]);
    }
  });

  // §4.4: errors go "in the chosen response mode"; form_post is honoured for some errors but not for response_type ones.
  it("delivers every error by form_post when the app asked for response_mode=form_post", async () => {
    const control = await send(`/login/common/oauth/authorize?${new URLSearchParams({ client_id: web().id, redirect_uri: CB, response_type: "code", response_mode: "form_post", state: "s1", code_challenge_method: "S256" })}`);
    expect(control.status).toBe(200);
    expect(postedFields(control.text)).toMatchObject({ error: "invalid_request", state: "s1" });
    for (const [responseType, error] of [["bogus", "unsupported_response_type"], ["", "invalid_request"]]) {
      const r = await send(`/login/common/oauth/authorize?${new URLSearchParams({ client_id: web().id, redirect_uri: CB, response_type: responseType!, response_mode: "form_post", state: "s2" })}`);
      expect(r.headers.location, `response_type=${responseType}`).toBeUndefined();
      expect(r.status).toBe(200);
      expect(r.text).toContain(`action="${CB}"`);
      expect(postedFields(r.text)).toMatchObject({ error, state: "s2" });
    }
  });

  // §4.1 state: "echoed back verbatim" in query, fragment and form_post; §4.4 form_post carries exactly the response fields.
  it("echoes a long state with reserved and non-ASCII characters verbatim in every response mode", async () => {
    const state = `a b+c/=&%?#é😀<'"${"x".repeat(2000)}`;
    const base = { client_id: web().id, redirect_uri: CB, state, nonce: "n" };
    const q = await runAuthorize(authorizeUrl({ ...base, response_type: "code" }), ADA);
    expect(new URL(q.location!).searchParams.get("state")).toBe(state);
    const f = await runAuthorize(authorizeUrl({ ...base, response_type: "id_token token" }), ADA);
    expect(new URLSearchParams(new URL(f.location!).hash.slice(1)).get("state")).toBe(state);
    const p = await runAuthorize(authorizeUrl({ ...base, response_type: "code id_token", response_mode: "form_post" }), ADA);
    const fields = postedFields(p.body);
    expect(Object.keys(fields).sort()).toEqual(["code", "id_token", "state"]);
    expect(fields.state).toBe(state);
    const implicit = postedFields((await runAuthorize(authorizeUrl({ ...base, response_type: "token id_token", response_mode: "form_post" }), ADA)).body);
    expect(Object.keys(implicit).sort()).toEqual(["access_token", "expires_in", "id_token", "state", "token_type"]);
  });

  // §4.2: "must exactly match" (no normalisation); native regex: IsMatch with any path.
  it("matches redirect URIs exactly, and the native pattern on any port of 4-10 digits with a path or query", async () => {
    for (const ru of [`${CB}/`, "HTTP://localhost:3000/callback", "http://LOCALHOST:3000/callback", "http://localhost:3000/./callback", `${CB}?`, `${CB}#`]) {
      const r = await send(`/login/common/oauth/authorize?${new URLSearchParams({ client_id: web().id, redirect_uri: ru, response_type: "code" })}`);
      expect([r.status, r.headers.location], ru).toEqual([400, undefined]);
      expect(r.text).toContain("InvalidRedirectUrl (2)");
    }
    const native = (ru: string) => send(`/login/common/oauth/authorize?${new URLSearchParams({ client_id: nativeApp().clientId, redirect_uri: ru, response_type: "code", code_challenge: "c".repeat(43) })}`);
    for (const ru of ["http://127.0.0.1:65499", "http://127.0.0.1:8000/desktop-callback/", "http://127.0.0.1:8000/cb?x=1"]) expect((await native(ru)).status, ru).toBe(303);
    for (const ru of ["http://127.0.0.1:123/cb", "http://127.0.0.1:8000x/cb", "http://localhost:8000/cb"]) expect((await native(ru)).status, ru).toBe(400);
  });

  // §4.1: prompt=consent "must not error"; other scopes, access_type, a stray grant_type, redirect_url and no scope are ignored.
  it("ignores parameters and scopes it does not use", async () => {
    const { code } = await getCode(web(), ADA, { prompt: "consent", scope: "openid profile api", access_type: "offline", grant_type: "authorization_code", redirect_url: "x" });
    ok(await exchange(code));
    const end = await runAuthorize(authorizeUrl({ client_id: web().id, redirect_uri: CB, response_type: "code" }), ADA);
    expect(new URL(end.location!).searchParams.get("code")).toBeTruthy();
  });
});

describe("consent and revocation (§7, §10)", () => {
  // §10 / §4.3: "approval is registered on the app + tenant": other users skip consent there, other tenants still ask.
  it("an approval is per app and tenant: a non-administrator then signs in without consent; another tenant still asks", async () => {
    const app = await registerApp();
    expect((await getCode(app, ADA)).screens).toEqual(["sign-in", "tenant", "consent"]);
    expect((await getCode(app, { username: "bob.user@example.com" })).screens).toEqual(["sign-in"]);
    expect((await getCode(app, { username: ADA.username, tenant: "Cust54321" })).screens).toEqual(["sign-in", "tenant", "consent"]);
  });

  // §10 effects: outstanding access tokens 401; authorize asks consent again; re-approval keeps the system_token.
  it("revoking consent stops access tokens, asks for consent again, and re-approval keeps the system_token", async () => {
    const first = ok(await exchange((await getCode(service())).code, service()));
    const systemToken = decodeJwt(first.id_token)[`${SO}system_token`];
    expect(systemToken).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    expect(revokeConsent(ctx(), service().id, "Cust12345")).toBe(true);
    expect(await apiStatus(first.access_token)).toBe(401);
    const again = await getCode(service());
    expect(again.screens).toContain("consent");
    expect(decodeJwt(ok(await exchange(again.code, service())).id_token)[`${SO}system_token`]).toBe(systemToken);
  });

  // §7: revoking a token "does not delete the authorization record"; an access token's revocation leaves the refresh token.
  it("revoking tokens (RFC 7009) keeps the consent: the access token stops, the refresh token still works until revoked", async () => {
    const t = ok(await exchange((await getCode()).code));
    expect((await tokens({ token: t.access_token, token_type_hint: "access_token", ...auth(web()) }, {}, "/login/common/oauth/revoke")).status).toBe(200);
    expect(await apiStatus(t.access_token)).toBe(401);
    ok(await refresh(t.refresh_token!));
    expect((await tokens({ token: t.refresh_token!, ...auth(web()) }, {}, "/login/common/oauth/revoke")).status).toBe(200);
    expect(ctx().store.consents.get(web().id, "Cust12345")?.status).toBe("Active");
    expect((await getCode()).screens).not.toContain("consent");
  });

  // §4.4 enum + §10: an Expired or NeedsReapproval record fails the refresh grant, named "Expired (3)" / "NeedsReapproval (5)".
  it("names an Expired or NeedsReapproval authorization in the refresh grant's invalid_grant", async () => {
    for (const [status, name] of [["Expired", "Expired (3)"], ["NeedsReapproval", "NeedsReapproval (5)"]] as const) {
      const app = await registerApp();
      const t = ok(await exchange((await getCode(app)).code, app));
      ctx().store.consents.setStatus(app.id, "Cust12345", status);
      const r = await refresh(t.refresh_token!, app);
      expectError(r, 400, "invalid_grant");
      expect(r.json.error_description, status).toContain(name);
    }
  });
});

describe("end session (§7)", () => {
  // §7: the observed SOD client call is `logout?scope=openid&redirect_uri={postLogoutUrl}` (no client_id, no hint).
  it("returns SOD's observed logout call, which names no app, to a registered post-logout URL", async () => {
    const r = await send(`/login/logout?${new URLSearchParams({ scope: "openid", redirect_uri: "http://localhost:3000/" })}`);
    expect(r.status, r.text.slice(0, 200)).toBe(303);
    expect(r.headers.location).toBe("http://localhost:3000/");
  });

  // Brief rule "never a 500": broken encodings and non-URLs are a signed-out page.
  it("answers odd logout parameters with the signed-out page", async () => {
    for (const query of [`post_logout_redirect_uri=%E0%A4%A&client_id=${web().id}`, `post_logout_redirect_uri=not%20a%20url&client_id=${web().id}`, "redirect_uri=http%3A%2F%2Flocalhost%3A3000%2F&id_token_hint=a.b.c", "client_id=__proto__&post_logout_redirect_uri=x"]) {
      const r = await send(`/login/logout?${query}`);
      expect([r.status, r.headers.location], query).toEqual([200, undefined]);
      expect(r.text).toContain("signed out");
    }
  });
});

describe("the screens", () => {
  // Brief rule "never a 500" on the screens' form posts (issue 3: every form has CSRF protection).
  it("answers a malformed multipart form post to a screen with a 4xx page", async () => {
    const jar = new CookieJar();
    const page = await browse(authorizeUrl({ client_id: web().id, redirect_uri: CB, response_type: "code" }), jar);
    const { action } = formOf(page, "sign-in");
    const res = await request(action, { method: "POST", headers: { origin: emulator.url, cookie: jar.header(), "content-type": "multipart/form-data; boundary=zz" }, body: "not multipart" });
    const body = await res.body.text();
    expect([400, 403], body.slice(0, 200)).toContain(res.statusCode);
  });
});
