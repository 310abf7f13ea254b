import { createHash, createPublicKey, X509Certificate } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import * as oidc from "openid-client";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { runAuthorize } from "../support/superid-forms.js";

/**
 * SuperID against a certified relying-party library: openid-client v6 discovers the emulator, builds the
 * authorize URL, exchanges the code and validates the id_token against the JWKS, as a real app would.
 */
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

const SO = "http://schemes.superoffice.net/identity/";
const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;

/** Every token-endpoint answer, as the wire carried it (openid-client hands back only what it parsed). */
interface RawTokenResponse {
  status: number;
  body: Record<string, unknown>;
}

/** openid-client's configuration for an app, discovered from the issuer, recording raw token responses. */
async function configure(clientId: string, auth: oidc.ClientAuth, raw: RawTokenResponse[], metadata?: Partial<oidc.ClientMetadata>) {
  const recordingFetch: oidc.CustomFetch = async (url, options) => {
    const res = await fetch(url, options as RequestInit);
    if (new URL(url).pathname.endsWith("/oauth/tokens")) raw.push({ status: res.status, body: (await res.clone().json()) as Record<string, unknown> });
    return res;
  };
  return oidc.discovery(new URL(emulator.issuer), clientId, metadata, auth, {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: recordingFetch,
  });
}

/** Authorization code + PKCE S256 + state + nonce through the screens; returns the tokens openid-client validated. */
async function codeFlow(config: oidc.Configuration, redirectUri: string, answers: { username: string; tenant?: string }) {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorizeUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: "openid",
    response_type: "code",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const end = await runAuthorize(authorizeUrl.toString(), answers);
  expect(end.status, end.body).toBe(303);
  const callback = new URL(end.location!);
  expect(callback.origin + callback.pathname).toBe(redirectUri);
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce });
  return { tokens, nonce, end };
}

function expectSuperOfficeClaims(claims: Record<string, unknown>, username: string, contextIdentifier: string) {
  const user = emulator.emulator.context.store.users.findByUsername(username)!;
  const membership = user.memberships.find((m) => m.contextIdentifier === contextIdentifier)!;
  const tenant = emulator.tenants.find((t) => t.contextIdentifier === contextIdentifier)!;
  const soClaims = Object.fromEntries(Object.entries(claims).filter(([k]) => k.startsWith(SO)));
  for (const [name, value] of Object.entries(soClaims)) expect(typeof value, name).toBe("string");
  expect(soClaims).toMatchObject({
    [`${SO}ctx`]: contextIdentifier,
    [`${SO}associateid`]: String(membership.associateId),
    [`${SO}email`]: user.email,
    [`${SO}upn`]: username,
    [`${SO}initials`]: user.initials,
    [`${SO}is_administrator`]: membership.isAdministrator ? "True" : "False",
    [`${SO}company_name`]: tenant.companyName,
    [`${SO}serial`]: tenant.serial,
    [`${SO}identityprovider`]: "central-superid",
    [`${SO}so_primary_email_address`]: user.email,
    [`${SO}netserver_url`]: `${emulator.url}/${contextIdentifier}/Remote/Services88/`,
    [`${SO}webapi_url`]: `${emulator.url}/${contextIdentifier}/api/`,
  });
  expect(soClaims[`${SO}serial`]).toMatch(/^\d{10}$/);
}

describe("openid-client v6 against SuperID", () => {
  it("a. discovery, code + PKCE S256 + state + nonce with client_secret_post, validated id_token, then a non-rotating refresh", async () => {
    const raw: RawTokenResponse[] = [];
    const app = webApp();
    const config = await configure(app.clientId, oidc.ClientSecretPost(app.clientSecret!), raw);
    const server = config.serverMetadata();
    expect(server.issuer).toBe(emulator.issuer);
    expect(server.issuer).toBe(emulator.url);
    expect(server.authorization_endpoint).toBe(`${emulator.url}/login/common/oauth/authorize`);
    expect(server.token_endpoint).toBe(`${emulator.url}/login/common/oauth/tokens`);

    const { tokens, nonce, end } = await codeFlow(config, "http://localhost:3000/callback", { username: "ada.admin@example.com", tenant: "Cust12345" });
    expect(end.screens).toEqual(["sign-in", "tenant", "consent"]);

    // The validated claims (openid-client checked signature, iss, aud, exp, iat and nonce).
    const claims = tokens.claims()!;
    expect(claims.sub).toBe("ada.admin@example.com");
    expect(claims.aud).toBe(app.clientId);
    expect(typeof claims.aud).toBe("string");
    expect(claims.iss).toBe(emulator.issuer);
    expect(Number.isInteger(claims.iat)).toBe(true);
    expect(claims.nbf).toBe(claims.iat - 60);
    expect(claims.exp).toBe(claims.iat + 300);
    expect(claims.nonce).toBe(nonce);
    expect(claims.at_hash).toBeUndefined();
    expect(claims.c_hash).toBeUndefined();
    expectSuperOfficeClaims(claims, "ada.admin@example.com", "Cust12345");
    expect(claims[`${SO}webapi_url`]).toBe(`${emulator.url}/Cust12345/api/`);

    expect(tokens.access_token).toMatch(/^8A:Cust12345\./);
    expect(tokens.token_type).toBe("bearer"); // openid-client lower-cases it
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);

    expect(raw).toHaveLength(1);
    expect(raw[0]!.status).toBe(200);
    expect(raw[0]!.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(typeof raw[0]!.body.expires_in).toBe("number");

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(raw).toHaveLength(2);
    expect(raw[1]!.status).toBe(200);
    expect(Object.keys(raw[1]!.body).sort()).toEqual(["access_token", "expires_in", "id_token", "token_type"]);
    expect(raw[1]!.body).not.toHaveProperty("refresh_token");
    expect(refreshed.refresh_token).toBeUndefined();
    expect(refreshed.access_token).toMatch(/^8A:Cust12345\./);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.expires_in).toBe(3600);
    expect(refreshed.id_token).toBeDefined();
    expect(refreshed.id_token).not.toBe(tokens.id_token);
    const refreshedClaims = refreshed.claims()!;
    expect(refreshedClaims.nonce).toBeUndefined();
    expect(refreshedClaims.sub).toBe("ada.admin@example.com");
    expect(refreshedClaims.aud).toBe(app.clientId);
    expect(refreshedClaims.exp).toBe(refreshedClaims.iat + 300);
    expectSuperOfficeClaims(refreshedClaims, "ada.admin@example.com", "Cust12345");

    // Not rotated: the original refresh token still works.
    const again = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(again.access_token).toMatch(/^8A:Cust12345\./);
  });

  it("b. client_secret_basic for the web app", async () => {
    const raw: RawTokenResponse[] = [];
    const app = webApp();
    const config = await configure(app.clientId, oidc.ClientSecretBasic(app.clientSecret!), raw);
    const { tokens, nonce } = await codeFlow(config, "http://localhost:3000/callback", { username: "ada.admin@example.com", tenant: "Cust54321" });
    const claims = tokens.claims()!;
    expect(claims.nonce).toBe(nonce);
    expect(claims.aud).toBe(app.clientId);
    expectSuperOfficeClaims(claims, "ada.admin@example.com", "Cust54321");
    expect(tokens.access_token).toMatch(/^8A:Cust54321\./);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toMatch(/^8A:Cust54321\./);
    expect(raw.map((r) => r.status)).toEqual([200, 200]);
    expect(raw[1]!.body).not.toHaveProperty("refresh_token");
  });

  it("c. the native app as a public client (no secret) with PKCE S256 and a loopback redirect on a random port", async () => {
    const raw: RawTokenResponse[] = [];
    const app = nativeApp();
    expect(app.clientSecret).toBeNull();
    const config = await configure(app.clientId, oidc.None(), raw, { token_endpoint_auth_method: "none" });
    const redirectUri = "http://127.0.0.1:54321/callback";
    const { tokens, nonce } = await codeFlow(config, redirectUri, { username: "ada.admin@example.com", tenant: "Cust12345" });
    const claims = tokens.claims()!;
    expect(claims.aud).toBe(app.clientId);
    expect(claims.nonce).toBe(nonce);
    expectSuperOfficeClaims(claims, "ada.admin@example.com", "Cust12345");
    expect(tokens.access_token).toMatch(/^8A:Cust12345\./);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9]{64}$/);

    // A public client refreshes without a secret too.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toMatch(/^8A:Cust12345\./);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(raw.map((r) => r.status)).toEqual([200, 200]);
  });

  it("d. JWKS: one RS256 key whose kid/x5t are the SHA-1 thumbprint of a real x5c certificate; CORS on discovery and JWKS; id_token header", async () => {
    for (const path of ["/.well-known/openid-configuration", "/login/.well-known/openid-configuration"]) {
      const res = await request(`${emulator.url}${path}`, { headers: { origin: "http://localhost:4200" } });
      expect(res.statusCode, path).toBe(200);
      expect(res.headers["access-control-allow-origin"], path).toBe("*");
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      const doc = (await res.body.json()) as Record<string, unknown>;
      expect(doc.issuer).toBe(emulator.issuer);
      expect(doc.jwks_uri).toBe(`${emulator.url}/login/.well-known/jwks`);
    }

    const res = await request(`${emulator.url}/login/.well-known/jwks`, { headers: { origin: "http://localhost:4200" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const jwks = (await res.body.json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    const key = jwks.keys[0]!;
    expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use", "x5c", "x5t"]);
    expect(key).toMatchObject({ kty: "RSA", use: "sig", alg: "RS256" });
    expect(key.kid).toMatch(/^[0-9A-F]{40}$/);
    expect(key.x5c).toHaveLength(1);

    const der = Buffer.from((key.x5c as string[])[0]!, "base64");
    const cert = new X509Certificate(der);
    expect(key.kid).toBe(cert.fingerprint.replace(/:/g, ""));
    expect(key.kid).toBe(createHash("sha1").update(der).digest("hex").toUpperCase());
    expect(key.x5t).toBe(createHash("sha1").update(der).digest("base64url"));
    const certJwk = cert.publicKey.export({ format: "jwk" });
    expect(certJwk.kty).toBe("RSA");
    expect(certJwk.n).toBe(key.n);
    expect(certJwk.e).toBe(key.e);
    expect(createPublicKey({ key: { kty: "RSA", n: key.n as string, e: key.e as string }, format: "jwk" }).asymmetricKeyDetails?.modulusLength).toBe(2048);

    // An id_token's header names that key.
    const app = webApp();
    const config = await configure(app.clientId, oidc.ClientSecretPost(app.clientSecret!), []);
    const { tokens } = await codeFlow(config, "http://localhost:3000/callback", { username: "ada.admin@example.com", tenant: "Cust12345" });
    const header = decodeProtectedHeader(tokens.id_token!);
    expect(header).toEqual({ alg: "RS256", kid: key.kid, x5t: key.x5t, typ: "JWT" });
    expect(typeof decodeJwt(tokens.id_token!).aud).toBe("string");
  });
});
