import { createServer } from "node:net";
import { createSign } from "node:crypto";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import * as oidc from "openid-client";
import { Agent, fetch as undiciFetch, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { loadConfig } from "../../src/config/load-config.js";
import { ConfigError } from "../../src/config/config-error.js";
import { runAuthorize } from "../support/superid-forms.js";
import { signIn } from "../support/sign-in.js";

/**
 * Front channel and back channel (--backchannel, --backchannel-url): an app in a container reaches the
 * emulator by a service name (here `sod-emulator`, which a test Agent resolves to loopback as Docker's
 * network alias would), the browser by the public URL. The issuer and browser URLs must stay on the public
 * URL, the URLs a server calls may follow the service name, and a Host the emulator does not own is never
 * reflected into handed-out URLs.
 */
const SO = "http://schemes.superoffice.net/identity/";
const SERVICE = "sod-emulator";

/** Resolves every name to 127.0.0.1, so `http://sod-emulator:{port}` reaches the emulator with that Host. */
const serviceNetwork = new Agent({
  connect: { lookup: (_host, opts, cb) => ((opts as { all?: boolean })?.all ? (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)) },
});
afterAll(() => serviceNetwork.close());

/** GET on the emulator's port with a chosen Host header. */
async function getWithHost(emulator: StartedEmulator, path: string, host: string) {
  const res = await request(`${emulator.url}${path}`, { headers: { host, accept: "application/json" } });
  const text = await res.body.text();
  return { status: res.statusCode, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const portOf = (e: StartedEmulator) => new URL(e.url).port;
const BACK_KEYS = ["token_endpoint", "revocation_endpoint", "jwks_uri"] as const;
const FRONT_KEYS = ["authorization_endpoint", "end_session_endpoint"] as const;

/** A free loopback port, for a fixed back-channel URL that must name the port the emulator listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

describe("option parsing", () => {
  it("accepts off and dynamic (any case) and an http(s) URL; refuses anything else with the option's name", () => {
    expect(loadConfig({ env: {}, flags: { backchannel: "DYNAMIC" } }).backchannel).toBe("dynamic");
    expect(loadConfig({ env: { SOD_BACKCHANNEL: "off" } }).backchannel).toBe("off");
    expect(loadConfig({ env: {} }).backchannel).toBe("off");
    expect(loadConfig({ env: { SOD_BACKCHANNEL_URL: "http://sod-emulator:5080/" } }).backchannelUrl).toBe("http://sod-emulator:5080");
    expect(() => loadConfig({ env: {}, flags: { backchannel: "request" } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, flags: { backchannel: "request" } })).toThrow(/--backchannel: expected off or dynamic/);
    expect(() => loadConfig({ env: { SOD_BACKCHANNEL_URL: "sod-emulator:5080" } })).toThrow(/SOD_BACKCHANNEL_URL=sod-emulator:5080: expected an absolute http\(s\) URL/);
  });
});

describe("back channel off (the default)", () => {
  let emulator: StartedEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ allowedHosts: [SERVICE] });
  });
  afterAll(() => emulator?.stop());

  it("every discovery URL stays on the public URL, whatever Host the request names", async () => {
    for (const host of [`${SERVICE}:${portOf(emulator)}`, `127.0.0.1:${portOf(emulator)}`, "evil.example"]) {
      const d = (await getWithHost(emulator, "/login/.well-known/openid-configuration", host)).json();
      expect(d.issuer, host).toBe(emulator.issuer);
      for (const k of [...BACK_KEYS, ...FRONT_KEYS]) expect(String(d[k]), `${host} ${k}`).toMatch(new RegExp(`^${emulator.url}/login/`));
    }
  });

  it("the tenant state API names the public URL", async () => {
    const s = (await getWithHost(emulator, "/api/state/Cust12345", `${SERVICE}:${portOf(emulator)}`)).json();
    expect(s.Endpoint).toBe(`${emulator.url}/Cust12345`);
  });
});

describe("back channel dynamic (--backchannel dynamic --allowed-hosts sod-emulator)", () => {
  let emulator: StartedEmulator;
  let service: string;
  beforeAll(async () => {
    emulator = await startEmulator({ backchannel: "dynamic", allowedHosts: [SERVICE] });
    service = `http://${SERVICE}:${portOf(emulator)}`;
  });
  afterAll(() => emulator?.stop());

  it("discovery through the service name: issuer and browser URLs on the public URL, server URLs on the service name", async () => {
    for (const path of ["/login/.well-known/openid-configuration", "/.well-known/openid-configuration"]) {
      const d = (await getWithHost(emulator, path, `${SERVICE}:${portOf(emulator)}`)).json();
      expect(d.issuer).toBe(emulator.issuer);
      expect(d.authorization_endpoint).toBe(`${emulator.url}/login/common/oauth/authorize`);
      expect(d.end_session_endpoint).toBe(`${emulator.url}/login/logout`);
      expect(d.token_endpoint).toBe(`${service}/login/common/oauth/tokens`);
      expect(d.revocation_endpoint).toBe(`${service}/login/common/oauth/revoke`);
      expect(d.jwks_uri).toBe(`${service}/login/.well-known/jwks`);
    }
    // The same document for the browser's Host is all public URL (each host gets its own cached body).
    const front = (await getWithHost(emulator, "/login/.well-known/openid-configuration", `localhost:${portOf(emulator)}`)).json();
    for (const k of [...BACK_KEYS, ...FRONT_KEYS]) expect(String(front[k]), k).toMatch(new RegExp(`^${emulator.url}/login/`));
  });

  it("loopback names follow the request too (an app on the host that calls 127.0.0.1)", async () => {
    const d = (await getWithHost(emulator, "/login/.well-known/openid-configuration", `127.0.0.1:${portOf(emulator)}`)).json();
    expect(d.issuer).toBe(emulator.issuer);
    expect(d.token_endpoint).toBe(`http://127.0.0.1:${portOf(emulator)}/login/common/oauth/tokens`);
    expect(d.authorization_endpoint).toBe(`${emulator.url}/login/common/oauth/authorize`);
  });

  it("a Host the emulator does not own is never reflected: every URL falls back to the public URL", async () => {
    for (const host of ["evil.example", `evil.example:${portOf(emulator)}`, "sod-emulator.evil.example", "10.0.0.7:5080"]) {
      const d = (await getWithHost(emulator, "/login/.well-known/openid-configuration", host)).json();
      for (const k of [...BACK_KEYS, ...FRONT_KEYS]) expect(String(d[k]), `${host} ${k}`).toMatch(new RegExp(`^${emulator.url}/login/`));
      const s = (await getWithHost(emulator, "/api/state/Cust12345", host)).json();
      expect(s.Endpoint, host).toBe(`${emulator.url}/Cust12345`);
    }
  });

  it("the tenant state API and the tenant's version document name the service", async () => {
    const s = (await getWithHost(emulator, "/api/state/Cust12345", `${SERVICE}:${portOf(emulator)}`)).json();
    expect(s).toMatchObject({ Endpoint: `${service}/Cust12345`, Api: `${service}/Cust12345/api` });
    const v = (await getWithHost(emulator, "/Cust12345/api", `${SERVICE}:${portOf(emulator)}`)).json();
    expect(v.v1).toBe(`${service}/Cust12345/api/v1/`);
  });

  it("openid-client discovers from the service name's metadata URL, signs in on the public URL, and validates one issuer", async () => {
    const web = emulator.apps.find((a) => a.kind === "web")!;
    const calls: string[] = [];
    const containerFetch: oidc.CustomFetch = async (url, options) => {
      calls.push(`${options.method} ${url}`);
      return (await undiciFetch(url, { ...(options as object), dispatcher: serviceNetwork })) as unknown as Response;
    };
    // A custom metadata URL (it has /.well-known/ in it), as an app in a container configures its authority.
    const config = await oidc.discovery(new URL(`${service}/login/.well-known/openid-configuration`), web.clientId, undefined, oidc.ClientSecretPost(web.clientSecret!), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: containerFetch,
    });
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(emulator.issuer);
    expect(meta.token_endpoint).toBe(`${service}/login/common/oauth/tokens`);

    // The browser follows the authorize URL on the public URL (the screens answered over HTTP).
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const authorizeUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: "http://localhost:3000/callback",
      scope: "openid",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    expect(authorizeUrl.origin).toBe(emulator.url);
    const end = await runAuthorize(authorizeUrl.toString(), { username: "ada.admin@example.com", tenant: "Cust12345" });
    expect(end.status, end.body).toBe(303);

    // The server exchanges the code through the service name; openid-client checks iss, aud and nonce.
    const tokens = await oidc.authorizationCodeGrant(config, new URL(end.location!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(emulator.issuer);
    expect(claims[`${SO}webapi_url`]).toBe(`${service}/Cust12345/api/`);
    expect(claims[`${SO}netserver_url`]).toBe(`${service}/Cust12345/Remote/Services88/`);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.iss).toBe(emulator.issuer);
    expect(calls).toContain(`POST ${service}/login/common/oauth/tokens`);
    expect(calls.every((c) => new URL(c.split(" ")[1]!).host === `${SERVICE}:${portOf(emulator)}`)).toBe(true);

    // The signature, against the JWKS from the discovered jwks_uri (the service name), with the one issuer.
    const jwks = (await (await undiciFetch(meta.jwks_uri!, { dispatcher: serviceNetwork })).json()) as JSONWebKeySet;
    const verified = await jwtVerify(refreshed.id_token!, createLocalJWKSet(jwks), { issuer: emulator.issuer, audience: web.clientId });
    expect(verified.payload.sub).toBe("ada.admin@example.com");

    // The handed-out web API URL works from the container with the access token.
    const me = await undiciFetch(`${claims[`${SO}webapi_url`]}v1/User/currentPrincipal`, {
      headers: { authorization: `Bearer ${refreshed.access_token}`, accept: "application/json" },
      dispatcher: serviceNetwork,
    });
    expect(me.status).toBe(200);

    // A code exchanged on the public URL (a server on the host) gets public URLs, from the same emulator.
    const direct = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com", app: web.clientId });
    expect(decodeJwt(direct.id_token!)[`${SO}webapi_url`]).toBe(`${emulator.url}/Cust12345/api/`);
  });

  it("the system user exchange through the service name hands out the service's tenant URLs", async () => {
    const app = emulator.apps.find((a) => a.kind === "server-to-server")!;
    const tokens = await signIn(emulator, "ada.admin@example.com", "Cust12345", "server-to-server");
    const systemToken = String(decodeJwt(tokens.id_token)[`${SO}system_token`]);
    const d = new Date(emulator.emulator.context.clock.now());
    const p = (n: number) => String(n).padStart(2, "0");
    const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
    const key = emulator.emulator.context.store.apps.privateKeyPem(app.clientId)!;
    const signature = createSign("SHA256").update(`${systemToken}.${stamp}`).sign(key, "base64");
    const res = await undiciFetch(`${service}/Login/api/PartnerSystemUser/Authenticate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ SignedSystemToken: `${systemToken}.${stamp}.${signature}`, ApplicationToken: app.clientSecret, ContextIdentifier: "Cust12345", ReturnTokenType: "JWT" }),
      dispatcher: serviceNetwork,
    });
    const reply = (await res.json()) as { IsSuccessful: boolean; Token: string };
    expect(reply.IsSuccessful).toBe(true);
    expect(decodeJwt(reply.Token)[`${SO}webapi_url`]).toBe(`${service}/Cust12345/api/`);
  });
});

describe("back channel fixed (--backchannel-url http://sod-emulator:{port})", () => {
  let emulator: StartedEmulator;
  let service: string;
  beforeAll(async () => {
    const port = await freePort();
    service = `http://${SERVICE}:${port}`;
    emulator = await startEmulator({ port, backchannelUrl: service });
  });
  afterAll(() => emulator?.stop());

  it("server URLs name the fixed URL for any Host; the issuer and browser URLs stay public", async () => {
    for (const host of [`localhost:${portOf(emulator)}`, "evil.example"]) {
      const d = (await getWithHost(emulator, "/login/.well-known/openid-configuration", host)).json();
      expect(d.issuer).toBe(emulator.issuer);
      expect(d.authorization_endpoint).toBe(`${emulator.url}/login/common/oauth/authorize`);
      expect(d.jwks_uri).toBe(`${service}/login/.well-known/jwks`);
      expect(d.token_endpoint).toBe(`${service}/login/common/oauth/tokens`);
    }
  });

  it("the fixed URL's host is one of the emulator's own: the admin API answers on it, not on other names", async () => {
    expect((await getWithHost(emulator, "/_emulator/v1/tenants", `${SERVICE}:${portOf(emulator)}`)).status).toBe(200);
    expect((await getWithHost(emulator, "/_emulator/v1/tenants", `other-service:${portOf(emulator)}`)).status).toBe(403);
  });

  it("a refresh through the service name validates against the JWKS with the public issuer", async () => {
    const web = emulator.apps.find((a) => a.kind === "web")!;
    const tokens = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com", app: web.clientId });
    const config = await oidc.discovery(new URL(`${service}/.well-known/openid-configuration`), web.clientId, undefined, oidc.ClientSecretPost(web.clientSecret!), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: async (url, options) => (await undiciFetch(url, { ...(options as object), dispatcher: serviceNetwork })) as unknown as Response,
    });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()!.iss).toBe(emulator.issuer);
    expect(refreshed.claims()![`${SO}webapi_url`]).toBe(`${service}/Cust12345/api/`);
    const jwks = (await (await undiciFetch(config.serverMetadata().jwks_uri!, { dispatcher: serviceNetwork })).json()) as JSONWebKeySet;
    await expect(jwtVerify(refreshed.id_token!, createLocalJWKSet(jwks), { issuer: emulator.issuer, audience: web.clientId })).resolves.toBeDefined();
  });
});

describe("dynamic with a fixed fallback", () => {
  let emulator: StartedEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ backchannel: "dynamic", backchannelUrl: "http://sod-emulator:5080" });
  });
  afterAll(() => emulator?.stop());

  it("an own host follows the request; any other Host gets the fixed URL, never itself", async () => {
    const own = (await getWithHost(emulator, "/login/.well-known/openid-configuration", `${SERVICE}:7000`)).json();
    expect(own.token_endpoint).toBe(`http://${SERVICE}:7000/login/common/oauth/tokens`);
    const other = (await getWithHost(emulator, "/login/.well-known/openid-configuration", "evil.example:7000")).json();
    expect(other.token_endpoint).toBe("http://sod-emulator:5080/login/common/oauth/tokens");
    expect(other.issuer).toBe(emulator.issuer);
  });
});
