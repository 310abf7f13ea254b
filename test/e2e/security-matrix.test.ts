import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CB, NATIVE_CB, authorizeUrl, codeFor, codeRequest, emulator, exchange, expectGrantError, expectRefusedPage, nativeApp, pkcePair, send, tenantApi, tokens, webApp, useSecurityMatrixEmulator } from "../support/security-matrix.js";

/** Rows of issue 12's OAuth/web security matrix that no other test file checks (the list of the others: test/support/security-matrix.ts). */
useSecurityMatrixEmulator();

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
