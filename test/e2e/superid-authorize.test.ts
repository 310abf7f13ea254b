import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { browse, CookieJar, formOf, post, runAuthorize } from "../support/superid-forms.js";

/**
 * The authorize endpoint's variants besides the plain code flow (identity.md §4): implicit and hybrid
 * response types with at_hash/c_hash, response_mode rules, PKCE's `plain` default, POST requests, the
 * path tenant and acr_values, login_hint and password sign-in. Every flow runs the real screens over HTTP.
 */
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

const WEB_CALLBACK = "http://localhost:3000/callback";
const SO = "http://schemes.superoffice.net/identity/";
const ADA = { username: "ada.admin@example.com", tenant: "Cust12345" };
const web = () => emulator.apps.find((a) => a.kind === "web")!;
const authorizeUrl = (params: Record<string, string>, path = "common") => `${emulator.url}/login/${path}/oauth/authorize?${new URLSearchParams(params)}`;
const codeRequest = (extra: Record<string, string> = {}) => ({ client_id: web().clientId, redirect_uri: WEB_CALLBACK, response_type: "code", scope: "openid", state: "st", ...extra });

/** OIDC's at_hash / c_hash for RS256: base64url of the left half of the value's SHA-256. */
const leftHalfHash = (value: string) => createHash("sha256").update(value).digest().subarray(0, 16).toString("base64url");

async function verifyIdToken(idToken: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${emulator.url}/login/.well-known/jwks`));
  const { payload } = await jwtVerify(idToken, jwks, { issuer: emulator.issuer, audience: web().clientId, algorithms: ["RS256"] });
  return payload;
}

/** Where the response parameters travelled (query, fragment) and what they were. */
function responseOf(location: string | undefined): { where: "query" | "fragment" | "none"; params: Record<string, string> } {
  expect(location, "a redirect to the app").toBeDefined();
  const url = new URL(location!);
  expect(`${url.origin}${url.pathname}`).toBe(WEB_CALLBACK);
  if (url.search && url.hash) throw new Error(`parameters in both query and fragment: ${location}`);
  if (url.hash) return { where: "fragment", params: Object.fromEntries(new URLSearchParams(url.hash.slice(1))) };
  if (url.search) return { where: "query", params: Object.fromEntries(url.searchParams) };
  return { where: "none", params: {} };
}

async function exchangeCode(code: string, extra: Record<string, string> = {}) {
  const res = await request(`${emulator.url}/login/common/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: WEB_CALLBACK, client_id: web().clientId, client_secret: web().clientSecret!, ...extra }).toString(),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, string> };
}

describe("implicit and hybrid response types", () => {
  it.each(["id_token", "id_token token", "token id_token", "code id_token", "token"])("response_type=%s answers in the fragment with what it names", async (responseType) => {
    const nonce = `n-${randomBytes(6).toString("hex")}`;
    const end = await runAuthorize(authorizeUrl({ ...codeRequest(), response_type: responseType, nonce }), ADA);
    expect(end.status, end.body).toBe(303);
    const { where, params } = responseOf(end.location);
    expect(where).toBe("fragment");
    expect(params.state).toBe("st");
    const names = responseType.split(" ");

    if (names.includes("token")) {
      expect(params.access_token).toMatch(/^8A:Cust12345\./);
      expect(params.token_type).toBe("bearer");
      expect(params.expires_in).toBe("3600");
      // The front channel never hands out a refresh token; the access token works on the tenant API.
      expect(params.refresh_token).toBeUndefined();
      const api = await request(`${emulator.url}/Cust12345/api/v1/Contact/2`, { headers: { authorization: `Bearer ${params.access_token}`, accept: "application/json" } });
      expect(api.statusCode, await api.body.text()).toBe(200);
    } else {
      expect(params.access_token).toBeUndefined();
    }

    if (names.includes("code")) {
      expect(params.code).toMatch(/^[A-Za-z0-9]{64}$/);
      const tokens = await exchangeCode(params.code!);
      expect(tokens.status, JSON.stringify(tokens.json)).toBe(200);
      expect((await verifyIdToken(tokens.json.id_token!)).nonce).toBe(nonce);
    } else {
      expect(params.code).toBeUndefined();
    }

    if (names.includes("id_token")) {
      const claims = await verifyIdToken(params.id_token!);
      expect(claims.nonce).toBe(nonce);
      expect(claims[`${SO}ctx`]).toBe("Cust12345");
      expect(claims.at_hash).toBe(names.includes("token") ? leftHalfHash(params.access_token!) : undefined);
      expect(claims.c_hash).toBe(names.includes("code") ? leftHalfHash(params.code!) : undefined);
    } else {
      expect(params.id_token).toBeUndefined();
    }
  });

  it("refuses an id_token response without a nonce, in the fragment, with the state", async () => {
    const end = await runAuthorize(authorizeUrl({ ...codeRequest(), response_type: "id_token" }), ADA);
    expect(end.screens).toEqual([]);
    const { where, params } = responseOf(end.location);
    expect(where).toBe("fragment");
    expect(params).toMatchObject({ error: "invalid_request", state: "st" });
    expect(params.error_description).toMatch(/nonce/);
  });
});

describe("response_mode", () => {
  it("puts a code in the fragment on request, ignores modes it does not know, and never puts tokens in a query", async () => {
    const fragment = await runAuthorize(authorizeUrl(codeRequest({ response_mode: "fragment" })), ADA);
    expect(responseOf(fragment.location)).toMatchObject({ where: "fragment", params: { code: expect.stringMatching(/^[A-Za-z0-9]{64}$/), state: "st" } });

    // SuperOffice's own samples send form_data; SOD ignores it and answers in the query.
    const unknown = await runAuthorize(authorizeUrl(codeRequest({ response_mode: "form_data" })), ADA);
    expect(responseOf(unknown.location)).toMatchObject({ where: "query", params: { code: expect.any(String), state: "st" } });

    const tokensInQuery = await runAuthorize(authorizeUrl(codeRequest({ response_type: "id_token token", nonce: "n", response_mode: "query" })), ADA);
    const { where, params } = responseOf(tokensInQuery.location);
    expect(where).toBe("fragment");
    expect(params.access_token).toMatch(/^8A:Cust12345\./);
  });
});

describe("PKCE", () => {
  it("treats a challenge without a method as plain: the verifier is the challenge itself", async () => {
    const challenge = randomBytes(32).toString("base64url");
    const good = await runAuthorize(authorizeUrl(codeRequest({ code_challenge: challenge })), ADA);
    const code = responseOf(good.location).params.code!;
    const tokens = await exchangeCode(code, { code_verifier: challenge });
    expect(tokens.status, JSON.stringify(tokens.json)).toBe(200);

    const other = await runAuthorize(authorizeUrl(codeRequest({ code_challenge: challenge })), ADA);
    const hashed = createHash("sha256").update(challenge).digest("base64url");
    const wrong = await exchangeCode(responseOf(other.location).params.code!, { code_verifier: hashed });
    expect(wrong).toMatchObject({ status: 400, json: { error: "invalid_grant" } });
  });
});

describe("the request itself", () => {
  it("accepts a POST authorize request with its parameters in the form body", async () => {
    const jar = new CookieJar();
    const res = await post(`${emulator.url}/login/common/oauth/authorize`, codeRequest({ state: "posted" }), {}, jar);
    expect(res.status, res.body).toBe(303);
    jar.take(res.headers["set-cookie"]); // the screens belong to the browser that started them
    const end = await runAuthorize(new URL(res.headers.location as string, emulator.url).toString(), ADA, jar);
    expect(end.screens).toContain("sign-in");
    expect(responseOf(end.location)).toMatchObject({ where: "query", params: { code: expect.any(String), state: "posted" } });
  });

  it("skips the tenant picker for a tenant in the path or in acr_values, and signs the id_token for that tenant", async () => {
    const ada = { username: ADA.username };
    for (const [url, tenant] of [
      [authorizeUrl(codeRequest(), "Cust54321"), "Cust54321"],
      [authorizeUrl(codeRequest({ acr_values: "tenant:Cust54321" })), "Cust54321"],
      [authorizeUrl(codeRequest({ acr_values: "tenant:cust12345" })), "Cust12345"],
    ] as const) {
      const end = await runAuthorize(url, ada);
      expect(end.screens, url).not.toContain("tenant");
      const tokens = await exchangeCode(responseOf(end.location).params.code!);
      expect(tokens.status).toBe(200);
      expect(tokens.json.access_token).toMatch(new RegExp(`^8A:${tenant}\\.`));
      expect((await verifyIdToken(tokens.json.id_token!))[`${SO}ctx`]).toBe(tenant);
    }
  });
});

describe("the sign-in screen", () => {
  it("prefills the user name from login_hint, escaped", async () => {
    const plain = await browse(authorizeUrl(codeRequest({ login_hint: "bob.user@example.com" })), new CookieJar());
    expect(plain.body).toMatch(/name="username"[^>]*value="bob\.user@example\.com"/);

    const hostile = await browse(authorizeUrl(codeRequest({ login_hint: 'x"><script>alert(1)</script>' })), new CookieJar());
    expect(hostile.status).toBe(200);
    expect(hostile.body).not.toContain("<script>alert(1)</script>");
    expect(hostile.body).toContain("x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("asks for a password only where the user has one, and refuses a wrong one without starting a session", async () => {
    await emulator.admin.tenants.addUser("Cust12345", { username: "pw.user@example.com", administrator: true, password: "s3cret pass" });
    const jar = new CookieJar();
    const page = await browse(authorizeUrl(codeRequest()), jar);
    const form = formOf(page, "sign-in");

    const wrong = await post(form.action, { csrf: form.csrf, username: "pw.user@example.com", password: "s3cret" }, { origin: emulator.url }, jar);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain("Wrong password.");
    expect(wrong.body).toContain('name="username"');
    expect([wrong.headers["set-cookie"] ?? []].flat().some((c) => c.startsWith("superid_session="))).toBe(false);

    const right = await post(form.action, { csrf: form.csrf, username: "pw.user@example.com", password: "s3cret pass" }, { origin: emulator.url }, jar);
    expect(right.status, right.body).toBe(303);
    jar.take(right.headers["set-cookie"]);
    expect(jar.header()).toMatch(/superid_session=/);
    // One tenant and an app already approved there: straight back to the app with a code.
    expect(responseOf(right.headers.location as string)).toMatchObject({ where: "query", params: { code: expect.any(String), state: "st" } });
  });
});

describe("public clients and logout", () => {
  it("lets a native app send an empty client_secret, with PKCE S256", async () => {
    const native = emulator.apps.find((a) => a.kind === "native")!;
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const redirectUri = "http://127.0.0.1:8000/callback";
    const params = { client_id: native.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "st", code_challenge: challenge, code_challenge_method: "S256" };
    const end = await runAuthorize(authorizeUrl(params), ADA);
    const code = new URL(end.location!).searchParams.get("code")!;
    const res = await request(`${emulator.url}/login/common/oauth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, client_id: native.clientId, client_secret: "", code_verifier: verifier }).toString(),
    });
    const text = await res.body.text();
    expect(res.statusCode, text).toBe(200);
    expect(JSON.parse(text).access_token).toMatch(/^8A:Cust12345\./);
  });

  it("returns to a registered post-logout URL named by SOD samples' redirect_uri, the app known from id_token_hint", async () => {
    const end = await runAuthorize(authorizeUrl(codeRequest()), ADA);
    const tokens = await exchangeCode(responseOf(end.location).params.code!);
    const logout = await request(`${emulator.url}/login/logout?${new URLSearchParams({ redirect_uri: "http://localhost:3000/", id_token_hint: tokens.json.id_token!, state: "bye" })}`);
    await logout.body.dump();
    expect(logout.statusCode).toBe(303);
    expect(logout.headers.location).toBe("http://localhost:3000/?state=bye");

    // An expired id_token still names its app.
    const clock = emulator.emulator.context.clock;
    clock.advance(3_600_000);
    try {
      const later = await request(`${emulator.url}/login/logout?${new URLSearchParams({ redirect_uri: "http://localhost:3000/", id_token_hint: tokens.json.id_token! })}`);
      await later.body.dump();
      expect(later.statusCode).toBe(303);
    } finally {
      clock.advance(-3_600_000);
    }

    // A hint that does not verify names no app, so there is no redirect.
    const forged = `${tokens.json.id_token!.slice(0, -4)}AAAA`;
    const refused = await request(`${emulator.url}/login/logout?${new URLSearchParams({ redirect_uri: "http://localhost:3000/", id_token_hint: forged })}`);
    await refused.body.dump();
    expect(refused.statusCode).toBe(200);
    expect(refused.headers.location).toBeUndefined();
  });
});
