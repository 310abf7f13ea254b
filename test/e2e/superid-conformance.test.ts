import { randomBytes } from "node:crypto";
import { decodeJwt, type JWTPayload } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeConsent } from "../../src/identity/consent.js";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { browse, CookieJar, formOf, runAuthorize, type Answers } from "../support/superid-forms.js";

/**
 * Spec conformance of SuperID (identity.md §2-7, §10; issue 3) over plain HTTP, probing the corners the
 * flow tests leave out: exact discovery, client authentication variants, token/claim rules, consent and
 * revocation, encodings and hostile parameter values. Each test names the spec line it checks.
 */
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

const CB = "http://localhost:3000/callback";
const SO = "http://schemes.superoffice.net/identity/";
const ADA: Answers = { username: "ada.admin@example.com", tenant: "Cust12345" };
const ctx = () => emulator.emulator.context;
const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;
const serviceApp = () => emulator.apps.find((a) => a.kind === "server-to-server")!;
const url = (path: string) => `${emulator.url}${path}`;
const authorizeUrl = (params: Record<string, string>, tenant = "common") => url(`/login/${tenant}/oauth/authorize?${new URLSearchParams(params)}`);

interface Client {
  id: string;
  secret: string | null;
  redirect: string;
}
const web = (): Client => ({ id: webApp().clientId, secret: webApp().clientSecret, redirect: CB });
const service = (): Client => ({ id: serviceApp().clientId, secret: serviceApp().clientSecret, redirect: "http://localhost:3001/callback" });

/**
 * A web app registered through the admin API (unapproved everywhere); an awkward secret is then set through
 * the app repository, since the Developer Portal only generates secrets.
 */
async function registerApp(secret?: string): Promise<Client> {
  const app = await emulator.admin.apps.create({ name: `Conformance ${randomBytes(3).toString("hex")}`, vendor: "V AS", type: "standard", kind: "web", redirectUris: [CB] });
  if (secret !== undefined) expect(ctx().store.apps.setSecret(app.clientId, secret)).toBe(true);
  return { id: app.clientId, secret: secret ?? (app.clientSecret as string), redirect: CB };
}

async function getCode(app: Client = web(), answers: Answers = ADA, extra: Record<string, string> = {}, jar = new CookieJar()) {
  const end = await runAuthorize(authorizeUrl({ client_id: app.id, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "st", ...extra }), answers, jar);
  const code = end.location ? new URL(end.location).searchParams.get("code") : null;
  expect(code, `${end.status} ${end.location} ${end.body.slice(0, 300)}`).toMatch(/^[A-Za-z0-9]{64}$/);
  return { code: code!, screens: end.screens };
}

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: Record<string, unknown> };
const parseJson = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {}; // not JSON: the assertions say so
  }
};
async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await request(url(path), { method: (init.method ?? "GET") as "GET", headers: init.headers, body: init.body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parseJson(text) };
}
const FORM = { "content-type": "application/x-www-form-urlencoded" };
const tokens = (params: Record<string, string>, headers: Record<string, string> = {}, path = "/login/common/oauth/tokens") =>
  send(path, { method: "POST", headers: { ...FORM, ...headers }, body: new URLSearchParams(params).toString() });
const auth = (c: Client) => ({ client_id: c.id, ...(c.secret !== null ? { client_secret: c.secret } : {}) });
const exchange = (code: string, c: Client = web(), extra: Record<string, string> = {}) => tokens({ grant_type: "authorization_code", code, redirect_uri: c.redirect, ...auth(c), ...extra });
const refresh = (rt: string, c: Client = web(), extra: Record<string, string> = {}) => tokens({ grant_type: "refresh_token", refresh_token: rt, ...auth(c), ...extra });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, "utf8").toString("base64")}`;
const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
const apiStatus = async (accessToken: string) =>
  (await send("/Cust12345/api/v1/User/currentPrincipal", { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } })).status;
const ok = (r: Reply) => {
  expect(r.status, r.text).toBe(200);
  return r.json as { access_token: string; refresh_token?: string; id_token: string };
};
const expectError = (r: Reply, status: number, error: string) => expect({ status: r.status, error: r.json.error }, r.text).toEqual({ status, error });
/** The hidden fields of a form_post page. */
const unescapeHtml = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const postedFields = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map(([, k, v]) => [k, unescapeHtml(v!)]));

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
