import { createHash, randomBytes } from "node:crypto";
import { FormData, request } from "undici";
import { describe, expect, it } from "vitest";
import { revokeConsent } from "../../src/identity/consent.js";
import { hashSecret } from "../../src/identity/secrets.js";
import { databaseOf } from "../../src/store/store.js";
import { ADA, WEB_CALLBACK, authorizeUrl, ctx, exchange, expectTokenError, expectTokens, getCode, nativeApp, refresh, serviceApp, tokenRequest, tokensUrl, web, webApp, type AppUnderTest, clientAuth, useSuperIdEmulator } from "../support/superid-errors.js";

/**
 * SuperID's negative paths: what the authorize, token, revoke and logout endpoints and the screens answer
 * when something is wrong. Every test uses its own flow; apps that must be unapproved are inserted fresh.
 */
useSuperIdEmulator();

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

  it("a code replayed while the first exchange is still signing its id_token revokes that exchange's tokens too", async () => {
    // RFC 6749 §4.1.2: tokens issued from a code used twice should be revoked. The tokens are stored before the
    // id_token is signed (an await), so a replay arriving meanwhile finds them to revoke.
    const code = await getCode(web(), ADA);
    const replies = await Promise.all([exchange(code), exchange(code)]);
    const ok = replies.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expectTokenError(replies.find((r) => r.status !== 200)!, 400, "invalid_grant");
    const issued = expectTokens(ok[0]!);
    expectTokenError(await refresh(issued.refresh_token!), 400, "invalid_grant");
    expect(ctx().store.grants.findAccessToken(hashSecret(issued.access_token))!.revokedAt).not.toBeNull();
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

  it("a refresh grant sees a consent or membership changed in the store since the token's last refresh", async () => {
    // The user, membership and consent behind a refresh token are kept between grants (store/grants.ts): a
    // write to any of those tables, made without touching the refresh token, must be seen by the next grant.
    const tokens = expectTokens(await exchange(await getCode(web(), ADA)));
    expectTokens(await refresh(tokens.refresh_token!));
    const { store } = ctx();
    store.consents.setStatus(web().clientId, "Cust12345", "NeedsReapproval");
    try {
      expectTokenError(await refresh(tokens.refresh_token!), 400, "invalid_grant");
    } finally {
      store.consents.setStatus(web().clientId, "Cust12345", "Active");
    }
    expectTokens(await refresh(tokens.refresh_token!));
    const db = databaseOf(store);
    const member = db.prepare("UPDATE associates SET deleted = ? WHERE context_identifier = 'Cust12345' AND user_id = (SELECT user_id FROM users WHERE username = ?)");
    member.run(1, ADA.username);
    try {
      expectTokenError(await refresh(tokens.refresh_token!), 400, "invalid_grant");
    } finally {
      member.run(0, ADA.username);
    }
    expectTokens(await refresh(tokens.refresh_token!));
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
