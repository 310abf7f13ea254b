import { createPrivateKey, createPublicKey, createSign, generateKeyPairSync } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, importX509, jwtVerify, type JWTPayload } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { revokeConsent } from "../../src/identity/consent.js";
import { runCli, tempDir } from "../support/cli.js";
import { signIn } from "../support/sign-in.js";

/**
 * The system user flow (identity.md §8, §10) as SuperOffice's published node sample does it: the system
 * token from the id_token of an administrator's sign-in, signed with the app's private key, exchanged at
 * PartnerSystemUser/Authenticate (REST and SOAP) for a JWT carrying a `7T:` ticket, which then works
 * against the tenant API with `SO-AppToken`.
 */
const SO = "http://schemes.superoffice.net/identity/";
const TENANT = "Cust12345";
const OTHER = "Cust54321";
const SOAP_NS = "http://www.superoffice.com/superid/partnersystemuser/0.1";

let emulator: StartedEmulator;
let app: StartedEmulator["apps"][number];
let webApp: StartedEmulator["apps"][number];
let privateKeyPem: string;
/** Ada's system token for the server-to-server app in Cust12345. */
let systemToken: string;

beforeAll(async () => {
  emulator = await startEmulator();
  app = emulator.apps.find((a) => a.kind === "server-to-server")!;
  webApp = emulator.apps.find((a) => a.kind === "web")!;
  const tokens = await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server");
  systemToken = String(decodeJwt(tokens.id_token)[`${SO}system_token`]);
  privateKeyPem = emulator.emulator.context.store.apps.privateKeyPem(app.clientId)!;
});
afterAll(() => emulator?.stop());

const ctx = () => emulator.emulator.context;

/** `yyyyMMddHHmm` in UTC, as C# formats it. */
function utcStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** What the node sample does: `createSign('SHA256')` over `{token}.{stamp}`, base64, appended with a dot. */
function signSystemToken(token: string, stamp = utcStamp(ctx().clock.now()), key: string = privateKeyPem): string {
  const signature = createSign("SHA256").update(`${token}.${stamp}`).sign(key, "base64");
  return `${token}.${stamp}.${signature}`;
}

interface ExchangeReply {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

async function exchangeRest(body: unknown, path = "/Login/api/PartnerSystemUser/Authenticate"): Promise<ExchangeReply> {
  const res = await request(`${emulator.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  return { status: res.statusCode, text, json: JSON.parse(text) as Record<string, unknown> };
}

function exchangeBody(overrides: Record<string, string> = {}): Record<string, string> {
  return { SignedSystemToken: signSystemToken(systemToken), ApplicationToken: app.clientSecret!, ContextIdentifier: TENANT, ReturnTokenType: "JWT", ...overrides };
}

/** A refusal: still 200 (SOD answers business failures with 200), exactly the three keys, no token. */
async function expectRefusal(body: unknown, cause: RegExp): Promise<string> {
  const reply = await exchangeRest(body);
  expect(reply.status, reply.text).toBe(200);
  expect(Object.keys(reply.json)).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
  expect(reply.json.IsSuccessful).toBe(false);
  expect(reply.json.Token).toBeNull();
  expect(reply.json.ErrorMessage).toEqual(expect.any(String));
  expect(reply.json.ErrorMessage).toMatch(cause);
  expect(reply.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  return String(reply.json.ErrorMessage);
}

/** A successful REST exchange; returns the JWT. */
async function exchangeOk(overrides: Record<string, string> = {}): Promise<string> {
  const reply = await exchangeRest(exchangeBody(overrides));
  expect(reply.status, reply.text).toBe(200);
  expect(reply.json.IsSuccessful, reply.text).toBe(true);
  return String(reply.json.Token);
}

const ticketOf = (jwt: string) => String(decodeJwt(jwt)[`${SO}ticket`]);
const newTicket = async () => ticketOf(await exchangeOk());

interface ApiReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | null;
}

/** One tenant API call with system-user credentials; `appToken: null` omits SO-AppToken. */
async function api(method: string, path: string, ticket: string, opts: { appToken?: string | null; tenant?: string; body?: unknown } = {}): Promise<ApiReply> {
  const appToken = opts.appToken === undefined ? app.clientSecret! : opts.appToken;
  const headers: Record<string, string> = { accept: "application/json", authorization: `SOTicket ${ticket}` };
  if (appToken !== null) headers["so-apptoken"] = appToken;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await request(`${emulator.url}/${opts.tenant ?? TENANT}/api/${path}`, {
    method: method as "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.body.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** 401 with a WWW-Authenticate challenge and the SuperOffice error body. */
function expectUnauthorized(reply: ApiReply, message?: RegExp): void {
  expect(reply.status, reply.text).toBe(401);
  expect(reply.headers["www-authenticate"]).toEqual(expect.any(String));
  expect(String(reply.headers["www-authenticate"])).toMatch(/SOTicket|Bearer/);
  expect(Object.keys(reply.json ?? {}).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(reply.json!.Error).toBe(true);
  expect(reply.json!.ErrorMessage).toEqual(expect.any(String));
  expect(reply.json!.Message).toBe(reply.json!.ErrorMessage);
  if (message) expect(reply.json!.ErrorMessage).toMatch(message);
}

/** Approval again (Ada re-approves the app in the authorize flow), after a test revoked it. */
async function reapprove(tenant: string): Promise<string> {
  const tokens = await signIn(emulator, "ada.admin@example.com", tenant, "server-to-server");
  return String(decodeJwt(tokens.id_token)[`${SO}system_token`]);
}

// ---- a minimal xml2js: elements become arrays of children, prefixes stripped (as the node sample does)

// Children by name (arrays), attributes under `$`, text under `_` when mixed: loosely typed, like xml2js.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type XmlNode = Record<string, any>;
type XmlValue = XmlNode | string;

function parseXml(xml: string): Record<string, XmlNode> {
  const strip = (name: string) => name.slice(name.indexOf(":") + 1);
  const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const root: XmlNode = {} as XmlNode;
  const stack: { name: string; node: XmlNode; text: string }[] = [{ name: "", node: root, text: "" }];
  const tag = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const finish = (entry: { name: string; node: XmlNode; text: string }): XmlValue => {
    const hasChildren = Object.keys(entry.node).some((k) => k !== "$");
    const text = entry.text.trim();
    if (!hasChildren && !entry.node.$) return text;
    if (text) entry.node._ = text;
    return entry.node;
  };
  while ((m = tag.exec(xml))) {
    stack.at(-1)!.text += decode(xml.slice(last, m.index));
    last = tag.lastIndex;
    if (!m[2]) continue;
    const [, close, rawName, rawAttrs, selfClosing] = m;
    const name = strip(rawName!);
    if (close) {
      const done = stack.pop()!;
      if (done.name !== name) throw new Error(`mismatched </${rawName}>`);
      const parent = stack.at(-1)!.node;
      (parent[name] ??= []).push(finish(done));
      continue;
    }
    const node = {} as XmlNode;
    for (const a of rawAttrs!.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) if (!a[1]!.startsWith("xmlns")) (node.$ ??= {})[a[1]!] = decode(a[2]!);
    const entry = { name, node, text: "" };
    if (selfClosing) (stack.at(-1)!.node[name] ??= []).push(finish(entry));
    else stack.push(entry);
  }
  if (stack.length !== 1) throw new Error("unclosed elements");
  return Object.fromEntries(Object.entries(root).map(([k, v]) => [k, v[0] as XmlNode]));
}

function soapEnvelope(fields: { applicationToken: string; contextIdentifier: string; signedSystemToken: string; returnTokenType?: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"
                   xmlns:tns="${SOAP_NS}">
  <SOAP-ENV:Header>
    <tns:ApplicationToken>${fields.applicationToken}</tns:ApplicationToken>
    <tns:ContextIdentifier>${fields.contextIdentifier}</tns:ContextIdentifier>
  </SOAP-ENV:Header>
  <SOAP-ENV:Body>
    <tns:AuthenticationRequest>
      <tns:SignedSystemToken>${fields.signedSystemToken}</tns:SignedSystemToken>
      <tns:ReturnTokenType>${fields.returnTokenType ?? "Jwt"}</tns:ReturnTokenType>
    </tns:AuthenticationRequest>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>`;
}

async function exchangeSoap(envelope: string): Promise<{ status: number; text: string; response: XmlNode }> {
  const res = await request(`${emulator.url}/login/services/PartnerSystemUserService.svc`, {
    method: "POST",
    headers: { "content-type": "text/xml;charset=UTF-8", soapaction: `${SOAP_NS}/IPartnerSystemUserService/Authenticate` },
    body: envelope,
  });
  const text = await res.body.text();
  expect(res.headers["content-type"]).toMatch(/^text\/xml/);
  const parsed = parseXml(text);
  const body = parsed.Envelope!.Body![0] as XmlNode;
  return { status: res.statusCode, text, response: body.AuthenticationResponse![0] as XmlNode };
}

// ---------------------------------------------------------------------------------------------------

describe("the way SuperOffice's published node sample works", () => {
  it("the id_token of an administrator's sign-in carries the system token {AppName}-{10 alphanumerics}", () => {
    expect(app.name).toBe("Nightly Sync Service");
    expect(systemToken).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    expect(ctx().store.consents.get(app.clientId, TENANT)?.systemToken).toBe(systemToken);
  });

  it("the app's private key is a usable RSA key whose public half is the one registered for the app", () => {
    expect(privateKeyPem).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyType).toBe("rsa");
    const registered = ctx().store.apps.get(app.clientId)!.publicKeyPem!;
    expect(createPublicKey(key).export({ format: "jwk" })).toEqual(createPublicKey(registered).export({ format: "jwk" }));
    expect(ctx().store.apps.privateKeyPem(webApp.clientId)).toBeNull();
  });

  it("signs, exchanges at the mixed-case REST path, and gets exactly IsSuccessful/Token/ErrorMessage", async () => {
    const stamp = utcStamp(ctx().clock.now());
    expect(stamp).toMatch(/^\d{12}$/);
    const signed = signSystemToken(systemToken, stamp);
    expect(signed.startsWith(`${systemToken}.${stamp}.`)).toBe(true);
    const reply = await exchangeRest({ SignedSystemToken: signed, ApplicationToken: app.clientSecret, ContextIdentifier: TENANT, ReturnTokenType: "JWT" });
    expect(reply.status, reply.text).toBe(200);
    expect(Object.keys(reply.json)).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
    expect(reply.json.IsSuccessful).toBe(true);
    expect(reply.json.ErrorMessage).toBeNull();
    expect(reply.json.Token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("the returned JWT verifies with the published certificate and with the JWKS, with the documented claims", async () => {
    const jwt = await exchangeOk();
    const unverified = decodeJwt(jwt);
    const serial = unverified[`${SO}serial`];
    expect(serial).toEqual(expect.any(String));
    expect(String(serial)).toBe(emulator.tenants.find((t) => t.contextIdentifier === TENANT)!.serial);
    const expected = { issuer: "SuperOffice AS", audience: `spn:${serial}`, algorithms: ["RS256"] };

    // 1. The certificate apps pin (SuperOfficeFederatedLogin.pem).
    const pemRes = await request(`${emulator.url}/login/certificates/SuperOfficeFederatedLogin.pem`);
    expect(pemRes.statusCode).toBe(200);
    const certificatePem = await pemRes.body.text();
    expect(certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const byCertificate = await jwtVerify(jwt, await importX509(certificatePem, "RS256"), expected);

    // 2. The JWKS, as SystemUserTokenHandler and jwks-rsa do.
    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/login/.well-known/jwks`));
    const byJwks = await jwtVerify(jwt, jwks, expected);
    expect(byJwks.payload).toEqual(byCertificate.payload);

    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe("RS256");
    expect(header.kid).toBe(ctx().signingKey.kid);

    const p: JWTPayload = byCertificate.payload;
    expect(p.iss).toBe("SuperOffice AS");
    expect(p.aud).toBe(`spn:${serial}`);
    expect(p[`${SO}ctx`]).toBe(TENANT);
    expect(String(p[`${SO}webapi_url`])).toMatch(/\/Cust12345\/api\/$/);
    expect(String(p[`${SO}webapi_url`])).toBe(`${emulator.url}/Cust12345/api/`);
    expect(p.nbf).toEqual(expect.any(Number));
    expect(p.exp).toEqual(expect.any(Number));
    expect(p.exp!).toBeGreaterThan(p.nbf!);
    expect(p.exp!).toBeGreaterThan(Math.floor(Date.now() / 1000));

    const ticket = String(p[`${SO}ticket`]);
    expect(ticket).toMatch(/^7T:[A-Za-z0-9+/]+={0,2}$/);
    const inner = Buffer.from(ticket.slice(3), "base64").toString("utf16le");
    expect(inner).toMatch(/^[0-9a-f]{32};\d+;Cust12345$/);
  });

  it("the ticket creates, reads, updates and deletes a contact with SOTicket + SO-AppToken", async () => {
    const ticket = await newTicket();
    const name = `System user contact ${process.pid}`;

    const created = await api("POST", "v1/Contact", ticket, { body: { Name: name, Department: "Made by the system user" } });
    expect(created.status, created.text).toBe(200);
    const id = Number(created.json!.ContactId);
    expect(id).toBeGreaterThan(0);
    expect(created.json!.Name).toBe(name);

    const read = await api("GET", `v1/Contact/${id}`, ticket);
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ ContactId: id, Name: name, Department: "Made by the system user" });

    const updated = await api("PUT", `v1/Contact/${id}`, ticket, { body: { ...read.json, Department: "Updated by the system user" } });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json!.Department).toBe("Updated by the system user");
    expect((await api("GET", `v1/Contact/${id}`, ticket)).json!.Department).toBe("Updated by the system user");

    const deleted = await api("DELETE", `v1/Contact/${id}`, ticket);
    expect(deleted.status, deleted.text).toBe(204);
    expect((await api("GET", `v1/Contact/${id}`, ticket)).status).toBe(404);
  });

  it("currentPrincipal shows the system user; the scheme name is case-insensitive", async () => {
    const ticket = await newTicket();
    for (const scheme of ["SOTicket", "SOTICKET", "SoTicket"]) {
      const res = await request(`${emulator.url}/${TENANT}/api/v1/User/currentPrincipal`, {
        headers: { accept: "application/json", authorization: `${scheme} ${ticket}`, "so-apptoken": app.clientSecret! },
      });
      const text = await res.body.text();
      expect(res.statusCode, `${scheme}: ${text}`).toBe(200);
      const principal = JSON.parse(text) as Record<string, unknown>;
      expect(principal.RoleType === "System" || principal.UserType === "SystemAssociate", text).toBe(true);
      expect(principal).toMatchObject({ UserType: "SystemAssociate", RoleType: "System", DatabaseContextIdentifier: TENANT });
    }
  });

  it("member names and ReturnTokenType are accepted in any case", async () => {
    const reply = await exchangeRest({ signedsystemtoken: signSystemToken(systemToken), applicationtoken: app.clientSecret, contextidentifier: TENANT, returntokentype: "jwt" });
    expect(reply.json.IsSuccessful, reply.text).toBe(true);
    const lower = await exchangeRest(exchangeBody(), "/login/api/partnersystemuser/authenticate");
    expect(lower.json.IsSuccessful, lower.text).toBe(true);
  });

  it("a system token whose app name contains dots is split on the last two dots (not the first)", async () => {
    // The token itself is unknown here, but the refusal must be about the token, not about the format.
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken("My.App v1.2-abcdefghij") }), /Unknown system token/i);
  });
});

describe("the private key from the CLI: `sod-emulator apps key`", () => {
  const tmp = tempDir("sod-apps-key-");
  afterAll(tmp.cleanup);

  it("prints the PEM, and --xml the RSAKeyValue with the same Modulus and Exponent", async () => {
    const dir = tmp.dir;
    const info = await runCli(["info", "--json", "--data", dir]);
    expect(info.code, info.stderr).toBe(0);
    const cliApp = (JSON.parse(info.stdout).apps as { kind: string; clientId: string; name: string }[]).find((a) => a.kind === "server-to-server")!;

    const pem = await runCli(["apps", "key", cliApp.clientId, "--data", dir]);
    expect(pem.code, pem.stderr).toBe(0);
    // node-forge writes PEM with CRLF line ends; PEM readers accept either.
    expect(pem.stdout).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END (RSA )?PRIVATE KEY-----\r?\n$/);
    const key = createPrivateKey(pem.stdout);
    expect(key.asymmetricKeyType).toBe("rsa");
    // The key is derived from the seed: the same default seed gives the in-process emulator the same key.
    expect(createPublicKey(key).export({ format: "jwk" })).toEqual(createPublicKey(privateKeyPem).export({ format: "jwk" }));

    const xml = await runCli(["apps", "key", cliApp.clientId, "--xml", "--data", dir]);
    expect(xml.code, xml.stderr).toBe(0);
    expect(xml.stdout.trim()).toMatch(/^<RSAKeyValue>.*<\/RSAKeyValue>$/s);
    const member = (name: string) => new RegExp(`<${name}>([A-Za-z0-9+/=]+)</${name}>`).exec(xml.stdout)?.[1];
    for (const name of ["Modulus", "Exponent", "P", "Q", "DP", "DQ", "InverseQ", "D"]) expect(member(name), name).toBeDefined();
    const jwk = createPublicKey(key).export({ format: "jwk" });
    const std = (b64url: string | undefined) => Buffer.from(b64url!, "base64url").toString("base64");
    expect(member("Modulus")).toBe(std(jwk.n));
    expect(member("Exponent")).toBe(std(jwk.e));
    expect(member("Exponent")).toBe("AQAB");
    // The XML is a complete private key: rebuild it as a JWK and sign with it.
    const fromXml = createPrivateKey({
      format: "jwk",
      key: {
        kty: "RSA",
        n: Buffer.from(member("Modulus")!, "base64").toString("base64url"),
        e: Buffer.from(member("Exponent")!, "base64").toString("base64url"),
        d: Buffer.from(member("D")!, "base64").toString("base64url"),
        p: Buffer.from(member("P")!, "base64").toString("base64url"),
        q: Buffer.from(member("Q")!, "base64").toString("base64url"),
        dp: Buffer.from(member("DP")!, "base64").toString("base64url"),
        dq: Buffer.from(member("DQ")!, "base64").toString("base64url"),
        qi: Buffer.from(member("InverseQ")!, "base64").toString("base64url"),
      },
    });
    const data = "Nightly Sync Service-abcdefghij.202601010000";
    expect(createSign("SHA256").update(data).sign(fromXml, "base64")).toBe(createSign("SHA256").update(data).sign(key, "base64"));
  });

  it("refuses an app without a system-user key and an unknown app (exit 2, one line, no stack)", async () => {
    const info = JSON.parse((await runCli(["info", "--json", "--data", tmp.dir])).stdout);
    const web = (info.apps as { kind: string; clientId: string }[]).find((a) => a.kind === "web")!;
    const noKey = await runCli(["apps", "key", web.clientId, "--data", tmp.dir]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/no system-user key/);
    expect(noKey.stdout).toBe("");
    const unknown = await runCli(["apps", "key", "0123456789abcdef0123456789abcdef", "--data", tmp.dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/0123456789abcdef0123456789abcdef/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the same exchange over SOAP", () => {
  it("answers an AuthenticationResponse the node sample reads (strip prefixes; IsSuccessful 'true'; Token)", async () => {
    const { status, text, response } = await exchangeSoap(
      soapEnvelope({ applicationToken: app.clientSecret!, contextIdentifier: TENANT, signedSystemToken: signSystemToken(systemToken) }),
    );
    expect(status, text).toBe(200);
    expect(text).toContain(`<AuthenticationResponse xmlns="${SOAP_NS}">`);
    expect(response.IsSuccessful![0]).toBe("true");
    const token = String(response.Token![0]);
    expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(text).toMatch(/<ErrorMessage i:nil="true"/);
    const p = decodeJwt(token);
    expect(p.iss).toBe("SuperOffice AS");
    expect(p[`${SO}ctx`]).toBe(TENANT);
    // And the ticket from SOAP works like the one from REST.
    const principal = await api("GET", "v1/User/currentPrincipal", String(p[`${SO}ticket`]));
    expect(principal.status, principal.text).toBe(200);
    expect(principal.json!.UserType).toBe("SystemAssociate");
  });

  it("serves the WSDL at ?wsdl, naming AuthenticationRequest and the service location", async () => {
    const res = await request(`${emulator.url}/login/services/PartnerSystemUserService.svc?wsdl`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/xml/);
    const wsdl = await res.body.text();
    expect(wsdl).toContain("wsdl:definitions");
    expect(wsdl).toContain("AuthenticationRequest");
    expect(wsdl).toContain("AuthenticationResponse");
    expect(wsdl).toContain(`location="${emulator.url}/login/services/PartnerSystemUserService.svc"`);
    // Parses as XML.
    expect(parseXml(wsdl).definitions).toBeDefined();
  });

  it("a refusal is IsSuccessful false with an ErrorMessage and a nil Token", async () => {
    const { status, text, response } = await exchangeSoap(
      soapEnvelope({ applicationToken: "00000000000000000000000000000000", contextIdentifier: TENANT, signedSystemToken: signSystemToken(systemToken) }),
    );
    expect(status, text).toBe(200);
    expect(response.IsSuccessful![0]).toBe("false");
    expect(String(response.ErrorMessage![0])).toMatch(/ApplicationToken/);
    expect(text).toMatch(/<Token i:nil="true" xmlns:i="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance"\s*\/>/);
    expect((response.Token![0] as XmlNode).$).toEqual({ "i:nil": "true" });

    const bad = await exchangeSoap(
      soapEnvelope({ applicationToken: app.clientSecret!, contextIdentifier: TENANT, signedSystemToken: signSystemToken(systemToken, undefined, otherKeyPem()) }),
    );
    expect(bad.response.IsSuccessful![0]).toBe("false");
    expect(String(bad.response.ErrorMessage![0])).toMatch(/InvalidSignature/);
  });
});

let otherKey: string | undefined;
function otherKeyPem(): string {
  otherKey ??= generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return otherKey;
}

describe("every failure cause: IsSuccessful false, the ErrorMessage naming it", () => {
  const minute = 60_000;

  it("bad signature: signed with another key", async () => {
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, undefined, otherKeyPem()) }), /InvalidSignature/);
  });

  it("bad signature: a tampered token (signature bytes, signed timestamp, garbage)", async () => {
    const signed = signSystemToken(systemToken);
    const dot = signed.lastIndexOf(".");
    const sig = Buffer.from(signed.slice(dot + 1), "base64");
    sig[10] = sig[10]! ^ 0xff;
    await expectRefusal(exchangeBody({ SignedSystemToken: `${signed.slice(0, dot)}.${sig.toString("base64")}` }), /InvalidSignature/);
    // Signed for one minute, presented with another (both inside the window).
    const now = ctx().clock.now();
    const signedEarlier = signSystemToken(systemToken, utcStamp(now - 2 * minute));
    const parts = signedEarlier.split(".");
    const tampered = `${systemToken}.${utcStamp(now)}.${parts.at(-1)}`;
    await expectRefusal(exchangeBody({ SignedSystemToken: tampered }), /InvalidSignature/);
    await expectRefusal(exchangeBody({ SignedSystemToken: `${systemToken}.${utcStamp(now)}.not-base64!!` }), /InvalidSignature/);
  });

  it("timestamp out of range: 11 minutes old, 6 minutes ahead, not 12 digits", async () => {
    const now = ctx().clock.now();
    // Whole minutes: 11 minutes back is 11-12 minutes old; 6.5 minutes ahead floors to 5.5-6.5 ahead.
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, utcStamp(now - 11 * minute)) }), /InvalidTimestamp/);
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, utcStamp(now + 6.5 * minute)) }), /InvalidTimestamp/);
    for (const stamp of [utcStamp(now).slice(0, 10), `${utcStamp(now)}00`, "2026-01-01T12", "20261301T000", "202613011200", "abcdefghijkl"]) {
      await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, stamp) }), /InvalidTimestamp/);
    }
  });

  it("inside the tolerance (9 minutes old, 4 minutes ahead) is accepted", async () => {
    const now = ctx().clock.now();
    for (const at of [now - 8.5 * minute, now + 4.5 * minute]) {
      const reply = await exchangeRest(exchangeBody({ SignedSystemToken: signSystemToken(systemToken, utcStamp(at)) }));
      expect(reply.json.IsSuccessful, `${utcStamp(at)}: ${reply.text}`).toBe(true);
    }
  });

  it("unknown system token", async () => {
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken("Nightly Sync Service-AAAAAAAAAA") }), /Unknown system token/i);
    await expectRefusal(exchangeBody({ SignedSystemToken: signSystemToken("Somebody Else-0123456789") }), /Unknown system token/i);
  });

  it("ApplicationToken (the client secret) does not match", async () => {
    await expectRefusal(exchangeBody({ ApplicationToken: "0123456789abcdef0123456789abcdef" }), /ApplicationToken/);
    // The client_id is not the ApplicationToken.
    await expectRefusal(exchangeBody({ ApplicationToken: app.clientId }), /ApplicationToken/);
    await expectRefusal(exchangeBody({ ApplicationToken: "" }), /ApplicationToken/);
  });

  it("tenant mismatch: the system token of Cust12345 with ContextIdentifier Cust54321", async () => {
    const otherToken = await reapprove(OTHER);
    expect(otherToken).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    expect(otherToken).not.toBe(systemToken);
    const message = await expectRefusal(exchangeBody({ ContextIdentifier: OTHER }), /Cust12345/);
    expect(message).toMatch(/Cust54321/);
    // The right token for Cust54321 works there.
    const jwt = await exchangeOk({ SignedSystemToken: signSystemToken(otherToken), ContextIdentifier: OTHER });
    expect(decodeJwt(jwt)[`${SO}ctx`]).toBe(OTHER);
  });

  it("consent revoked → Revoked; a new approval keeps the system token and works again", async () => {
    try {
      expect(revokeConsent(ctx(), app.clientId, TENANT)).toBe(true);
      await expectRefusal(exchangeBody(), /Revoked/);
    } finally {
      const again = await reapprove(TENANT);
      expect(again).toBe(systemToken);
    }
    await exchangeOk();
  });

  it("app not allowed the system user: the web app's secret as ApplicationToken", async () => {
    const message = await expectRefusal(exchangeBody({ ApplicationToken: webApp.clientSecret! }), /not allowed the system user/);
    expect(message).toContain(webApp.name);
  });

  it("unsupported ReturnTokenType: Saml (and a missing one)", async () => {
    await expectRefusal(exchangeBody({ ReturnTokenType: "Saml" }), /ReturnTokenType.*Saml|Saml.*not supported/);
    const { ReturnTokenType: _, ...without } = exchangeBody();
    await expectRefusal(without, /ReturnTokenType/);
  });

  it("tenant not running: Cust99999 (OfflineMaintenance)", async () => {
    await expectRefusal(exchangeBody({ ContextIdentifier: "Cust99999" }), /Cust99999.*OfflineMaintenance/);
  });

  it("unknown ContextIdentifier", async () => {
    await expectRefusal(exchangeBody({ ContextIdentifier: "Cust00000" }), /Cust00000/);
  });

  it("malformed JSON body → 400 with the same three keys", async () => {
    for (const body of ["{not json", "", "{\"SignedSystemToken\": "]) {
      const reply = await exchangeRest(body);
      expect(reply.status, reply.text).toBe(400);
      expect(Object.keys(reply.json)).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
      expect(reply.json.IsSuccessful).toBe(false);
      expect(reply.json.Token).toBeNull();
      expect(reply.json.ErrorMessage).toEqual(expect.any(String));
    }
  });
});

describe("tickets against the tenant API", () => {
  it("a ticket of Cust12345 on /Cust54321/api → 401", async () => {
    const ticket = await newTicket();
    expect((await api("GET", "v1/Contact/2", ticket)).status).toBe(200);
    expectUnauthorized(await api("GET", "v1/Contact/2", ticket, { tenant: OTHER }), /Cust12345/);
  });

  it("missing SO-AppToken → 401", async () => {
    const ticket = await newTicket();
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket, { appToken: null }), /SO-AppToken/);
  });

  it("wrong SO-AppToken → 401 (another app's secret, the client_id, garbage)", async () => {
    const ticket = await newTicket();
    for (const wrong of [webApp.clientSecret!, app.clientId, "nonsense"]) {
      expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket, { appToken: wrong }), /SO-AppToken/);
    }
  });

  it("an unknown or malformed ticket → 401", async () => {
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", `7T:${Buffer.from(`${"0".repeat(32)};1;${TENANT}`, "utf16le").toString("base64")}`));
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", "not-a-ticket"));
  });

  it("after revokeConsent → 401 (and the old ticket stays dead after a new approval)", async () => {
    const ticket = await newTicket();
    expect((await api("GET", "v1/User/currentPrincipal", ticket)).status).toBe(200);
    try {
      revokeConsent(ctx(), app.clientId, TENANT);
      expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket));
    } finally {
      await reapprove(TENANT);
    }
    expectUnauthorized(await api("GET", "v1/User/currentPrincipal", ticket));
    expect((await api("GET", "v1/User/currentPrincipal", await newTicket())).status).toBe(200);
  });

  it("6 hours, sliding: each use pushes the window", async () => {
    const ticket = await newTicket();
    const unused = await newTicket();
    const hour = 3_600_000;
    let moved = 0;
    const advance = (ms: number) => {
      ctx().clock.advance(ms);
      moved += ms;
    };
    try {
      advance(5 * hour);
      expect((await api("GET", "v1/Contact/2", ticket)).status).toBe(200);
      advance(5 * hour); // 10 h after issue, 5 h after the last use
      expect((await api("GET", "v1/Contact/2", ticket)).status).toBe(200);
      // A ticket issued at the same moment and never used has lapsed 6 h after issue.
      expectUnauthorized(await api("GET", "v1/Contact/2", unused));
      advance(7 * hour); // 7 h after the last use
      expectUnauthorized(await api("GET", "v1/Contact/2", ticket));
    } finally {
      ctx().clock.advance(-moved);
    }
  });
});
