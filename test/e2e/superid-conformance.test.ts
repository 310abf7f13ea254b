import { randomBytes } from "node:crypto";
import { decodeJwt, type JWTPayload } from "jose";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { browse, CookieJar, runAuthorize } from "../support/superid-forms.js";
import { ADA, CB, FORM, SO, apiStatus, authorizeUrl, basic, ctx, emulator, exchange, expectError, formEncode, getCode, nativeApp, ok, refresh, registerApp, send, service, tokens, url, web, type Client, auth, useConformanceEmulator } from "../support/superid-conformance.js";

/**
 * Spec conformance of SuperID (identity.md §2-7, §10; issue 3) over plain HTTP, probing the corners the
 * flow tests leave out: exact discovery, client authentication variants, token/claim rules, consent and
 * revocation, encodings and hostile parameter values. Each test names the spec line it checks.
 */
useConformanceEmulator();

describe("discovery, paths and methods (§1, §2)", () => {
  // §2: SOD's published field set, in its order, endpoint URLs on the emulator; code_challenge_methods_supported is the README's one addition.
  it("discovery has exactly SOD's fields and values, the same at both paths, and answers HEAD", async () => {
    const doc = (await send("/login/.well-known/openid-configuration")).json;
    const login = url("/login");
    const expected = {
      issuer: emulator.issuer,
      authorization_endpoint: `${login}/common/oauth/authorize`,
      token_endpoint: `${login}/common/oauth/tokens`,
      end_session_endpoint: `${login}/logout`,
      jwks_uri: `${login}/.well-known/jwks`,
      scopes_supported: ["openid"],
      response_modes_supported: ["form_post", "fragment", "query"],
      response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      grant_types_supported: ["implicit", "authorization_code", "refresh_token"],
      revocation_endpoint: `${login}/common/oauth/revoke`,
      code_challenge_methods_supported: ["plain", "S256"],
    };
    expect(doc).toStrictEqual(expected);
    expect(Object.keys(doc)).toEqual(Object.keys(expected));
    expect(doc).not.toHaveProperty("userinfo_endpoint");
    expect((await send("/.well-known/openid-configuration")).json).toStrictEqual(doc);
    const head = await send("/login/.well-known/openid-configuration", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });

  // §1: "Routing is case-insensitive on the real (IIS) servers ... /oauth/revoke and /oauth/Revoke".
  it("routes every SuperID endpoint in any case", async () => {
    expect((await send("/LOGIN/.Well-Known/OpenID-Configuration")).status).toBe(200);
    expect((await send("/Login/.well-known/JWKS")).json.keys).toHaveLength(1);
    expect((await send("/login/certificates/SUPEROFFICEFEDERATEDLOGIN.PEM")).text).toContain("BEGIN CERTIFICATE");
    const t = ok(await exchange((await getCode()).code, web()));
    expect(ok(await tokens({ grant_type: "refresh_token", refresh_token: t.refresh_token!, ...auth(web()) }, {}, "/Login/Common/OAuth/Tokens")).id_token).toBeTruthy();
    expect((await tokens({ token: t.access_token, ...auth(web()) }, {}, "/login/common/oauth/Revoke")).status).toBe(200);
    const out = await send(`/Login/LogOut?${new URLSearchParams({ post_logout_redirect_uri: "http://localhost:3000/", client_id: web().id })}`);
    expect(out.status).toBe(303);
    expect((await request(authorizeUrl({ client_id: web().id, redirect_uri: CB, response_type: "code" }).replace("/login/common/oauth/authorize", "/Login/COMMON/OAuth/Authorize"))).statusCode).toBe(303);
  });

  // Brief rule "never a 500": wrong methods and oversized values get JSON errors.
  it("answers wrong methods and oversized values with a JSON 4xx, never a 500", async () => {
    for (const [method, path] of [["GET", "/login/common/oauth/tokens"], ["PUT", "/login/common/oauth/tokens"], ["GET", "/login/common/oauth/revoke"], ["DELETE", "/login/common/oauth/authorize"], ["POST", "/login/.well-known/jwks"], ["POST", "/login/.well-known/openid-configuration"]] as const) {
      const r = await send(path, { method });
      expect([404, 405], `${method} ${path}`).toContain(r.status);
      expect(typeof r.json.error, `${method} ${path}`).toBe("string");
    }
    expectError(await exchange("a".repeat(500_000)), 400, "invalid_grant");
    const huge = await send("/login/common/oauth/tokens", { method: "POST", headers: FORM, body: `code=${"a".repeat(2_000_000)}` });
    expect(huge.status).toBe(413);
    expect(huge.json.error).toBe("invalid_request");
  });
});

describe("token endpoint: client authentication (§5.1)", () => {
  // §5.1 item 3 / RFC 6749 §2.3.1: Basic carries the form-encoded id and secret; ':' '%' '+' ' ' and UTF-8 survive.
  it("accepts Basic with form-encoded credentials containing reserved characters, and a raw ':' in the secret", async () => {
    const awkward = await registerApp("a:b%41 c+d/ü");
    const encoded = await tokens({ grant_type: "authorization_code", code: (await getCode(awkward)).code, redirect_uri: CB }, { authorization: basic(formEncode(awkward.id), formEncode(awkward.secret!)) });
    ok(encoded);
    ok(await exchange((await getCode(awkward)).code, awkward));
    const colons = await registerApp("x:y:z");
    ok(await tokens({ grant_type: "authorization_code", code: (await getCode(colons)).code, redirect_uri: CB }, { authorization: basic(colons.id, colons.secret!) }));
  });

  // §5.1: "Merge query + body (+Basic)"; all transports must work, also mixed.
  it("merges client_id in the query with the secret in the body, and Basic with the same client_id in the body", async () => {
    const { code } = await getCode();
    ok(await tokens({ grant_type: "authorization_code", code, redirect_uri: CB, client_secret: web().secret! }, {}, `/login/common/oauth/tokens?client_id=${web().id}`));
    const second = await getCode();
    ok(await tokens({ grant_type: "authorization_code", code: second.code, redirect_uri: CB, client_id: web().id }, { authorization: basic(web().id, web().secret!) }));
  });

  // §5.1 (INFERRED: "body wins on conflict"): the emulator refuses two different secrets instead, as it does
  // two different client_ids; RFC 6749 §2.3 allows one authentication method per request (README).
  it("refuses a body client_secret that differs from the Basic one, whichever is right", async () => {
    for (const [basicSecret, bodySecret] of [["wrong-secret", web().secret!], [web().secret!, "wrong-secret"]]) {
      const reply = await tokens({ grant_type: "authorization_code", code: (await getCode()).code, redirect_uri: CB, client_secret: bodySecret! }, { authorization: basic(web().id, basicSecret!) });
      expectError(reply, 400, "invalid_request");
    }
    const same = await tokens({ grant_type: "authorization_code", code: (await getCode()).code, redirect_uri: CB, client_secret: web().secret! }, { authorization: basic(web().id, web().secret!) });
    expect(same.status, same.text).toBe(200);
  });

  // §5.3: "Native public clients refresh with empty/no secret (AppAuth sample)".
  it("lets a native public client refresh with no secret and with an empty one", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const native: Client = { id: nativeApp().clientId, secret: null, redirect: "http://127.0.0.1:54321/cb" };
    const { code } = await getCode(native, ADA, { code_challenge: verifier });
    const t = ok(await exchange(code, native, { code_verifier: verifier }));
    ok(await refresh(t.refresh_token!, native));
    ok(await refresh(t.refresh_token!, native, { client_secret: "" }));
  });
});

describe("token endpoint: grants, responses and errors (§5.2-5.5)", () => {
  // §5.4: field set and order; expires_in a number. §5.3: no refresh_token on refresh; relative redirect_uri, redirect_url and scope ignored.
  it("answers in SOD's field order, and a refresh without a refresh_token whatever redirect_uri it sends", async () => {
    const first = await exchange((await getCode()).code);
    expect(Object.keys(first.json)).toEqual(["token_type", "access_token", "expires_in", "refresh_token", "id_token"]);
    expect(first.json).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const again = await refresh(String(first.json.refresh_token), web(), { redirect_uri: "/callback", redirect_url: "x", scope: "openid profile" });
    expect(Object.keys(again.json), again.text).toEqual(["token_type", "access_token", "expires_in", "id_token"]);
    expect(await apiStatus(String(again.json.access_token))).toBe(200);
  });

  // RFC 6749 §4.1.3 with §4.2's legacy default redirect: redirect_uri is required at the token endpoint only if the authorize request had one.
  it("exchanges a code from an authorize request without redirect_uri without one", async () => {
    const end = await runAuthorize(authorizeUrl({ client_id: web().id, response_type: "code", state: "legacy" }), ADA);
    const code = new URL(end.location!).searchParams.get("code")!;
    ok(await tokens({ grant_type: "authorization_code", code, ...auth(web()) }));
  });

  // §5.5: unknown grant types are 400 unsupported_grant_type; names of Object.prototype members are no exception.
  it("refuses grant_type values that are Object.prototype member names with 400 unsupported_grant_type", async () => {
    for (const grantType of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"]) {
      const r = await tokens({ grant_type: grantType, ...auth(web()) });
      // grant_type=constructor currently answers 200 with the whole EmulatorContext (config, admin key, activity).
      expect(r.text.includes("signingKey"), `${grantType} leaks the emulator's context`).toBe(false);
      expect({ status: r.status, error: r.json.error }, `${grantType}: ${r.text.slice(0, 200)}`).toEqual({ status: 400, error: "unsupported_grant_type" });
    }
  });

  // §5.5 + "never a 500": a form that cannot be parsed is the client's 400 invalid_request.
  it("answers a malformed multipart body at the token, revoke and authorize endpoints with a 400", async () => {
    for (const path of ["/login/common/oauth/tokens", "/login/common/oauth/revoke", "/login/common/oauth/authorize"]) {
      const r = await send(path, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=zz" }, body: "not multipart" });
      expect(r.status, `${path}: ${r.text}`).toBe(400);
      if (!path.endsWith("authorize")) expect(r.json.error, path).toBe("invalid_request");
    }
  });

  // §5.5: a refresh token or code of another client is invalid_grant and does not spend the owner's grant.
  it("refuses another client's code and refresh token with invalid_grant, leaving them usable by their owner", async () => {
    const { code } = await getCode();
    expectError(await exchange(code, service()), 400, "invalid_grant");
    const t = ok(await exchange(code));
    expectError(await refresh(t.refresh_token!, service()), 400, "invalid_grant");
    ok(await refresh(t.refresh_token!));
  });
});

describe("id_token claims (§6.3)", () => {
  const claimsOf = (jwt: string): JWTPayload => decodeJwt(jwt);
  function expectSodClaims(c: JWTPayload) {
    expect(c.exp! - c.iat!).toBe(300);
    expect(c.iat! - c.nbf!).toBe(60);
    expect(typeof c.aud).toBe("string");
    expect(c.sub).toBe(c[`${SO}upn`]);
    for (const [k, v] of Object.entries(c)) if (k.startsWith(SO)) expect(typeof v, k).toBe("string");
    for (const absent of ["auth_time", "azp", "sid", "name", "email"]) expect(c, absent).not.toHaveProperty(absent);
    expect(c[`${SO}webapi_url`]).toBe(url("/Cust12345/api/"));
  }

  // §6.3: nonce only if requested; no at_hash/c_hash in token-endpoint id_tokens; none from refresh.
  it("puts nonce only where sent and never at_hash/c_hash in token-endpoint id_tokens, code, hybrid or refresh", async () => {
    const plain = ok(await exchange((await getCode()).code));
    expectSodClaims(claimsOf(plain.id_token));
    expect(claimsOf(plain.id_token)).not.toHaveProperty("nonce");

    const end = await runAuthorize(authorizeUrl({ client_id: web().id, redirect_uri: CB, response_type: "code id_token", nonce: "n-hybrid", state: "s" }), ADA);
    const front = new URLSearchParams(new URL(end.location!).hash.slice(1));
    expect(claimsOf(front.get("id_token")!).c_hash).toBeTruthy();
    const back = ok(await exchange(front.get("code")!));
    const backClaims = claimsOf(back.id_token);
    expectSodClaims(backClaims);
    expect(backClaims.nonce).toBe("n-hybrid");
    expect(backClaims).not.toHaveProperty("at_hash");
    expect(backClaims).not.toHaveProperty("c_hash");

    const refreshed = claimsOf(ok(await refresh(back.refresh_token!)).id_token);
    expectSodClaims(refreshed);
    for (const absent of ["nonce", "at_hash", "c_hash"]) expect(refreshed, absent).not.toHaveProperty(absent);
  });

  // §7: "Refresh returns updated claims (id_token)".
  it("refresh signs the claims as they are now", async () => {
    const t = ok(await exchange((await getCode()).code));
    const before = claimsOf(t.id_token)[`${SO}company_name`] as string;
    expect(ctx().store.tenants.setCompanyName("Cust12345", "Renamed Conformance AS")).toBe(true);
    try {
      expect(claimsOf(ok(await refresh(t.refresh_token!)).id_token)[`${SO}company_name`]).toBe("Renamed Conformance AS");
    } finally {
      ctx().store.tenants.setCompanyName("Cust12345", before);
    }
  });

  // §6.3: sub = upn = the SuperID user name, verbatim, also outside ASCII; login_hint pre-fills it (§4.1).
  it("signs in a user with a UTF-8 name and carries it verbatim", async () => {
    const username = "åse.ørn-ﬁ@example.com";
    await emulator.admin.tenants.addUser("Cust12345", { username, administrator: true, firstName: "Åse", lastName: "Ørn" });
    const page = await browse(authorizeUrl({ client_id: web().id, redirect_uri: CB, response_type: "code", login_hint: username }), new CookieJar());
    expect(page.body).toContain(`value="${username}"`);
    const { code } = await getCode(web(), { username }, {}, new CookieJar());
    const c = claimsOf(ok(await exchange(code)).id_token);
    expect([c.sub, c[`${SO}upn`], c[`${SO}email`], c[`${SO}initials`]]).toEqual([username, username, username, "ÅØ"]);
  });
});
