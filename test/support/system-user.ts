import { createSign, generateKeyPairSync } from "node:crypto";
import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient, type Reply } from "./http.js";
import { signIn } from "./sign-in.js";

/**
 * The system user flow (identity.md §8, §10) as SuperOffice's published node sample does it: the system
 * token from the id_token of an administrator's sign-in, signed with the app's private key, exchanged at
 * PartnerSystemUser/Authenticate (REST and SOAP) for a JWT carrying a `7T:` ticket, which then works
 * against the tenant API with `SO-AppToken`.
 */
export const SO = "http://schemes.superoffice.net/identity/";
export const TENANT = "Cust12345";
export const OTHER = "Cust54321";
export const SOAP_NS = "http://www.superoffice.com/superid/partnersystemuser/0.1";

export let emulator: StartedEmulator;
export let app: StartedEmulator["apps"][number];
export let webApp: StartedEmulator["apps"][number];
export let privateKeyPem: string;
/** Ada's system token for the server-to-server app in Cust12345. */
export let systemToken: string;

/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useSystemUserEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    app = emulator.apps.find((a) => a.kind === "server-to-server")!;
    webApp = emulator.apps.find((a) => a.kind === "web")!;
    const tokens = await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server");
    systemToken = String(decodeJwt(tokens.id_token)[`${SO}system_token`]);
    privateKeyPem = emulator.emulator.context.store.apps.privateKeyPem(app.clientId)!;
  });
  afterAll(() => emulator?.stop());
}

export const ctx = () => emulator.emulator.context;

/** `yyyyMMddHHmm` in UTC, as C# formats it. */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** What the node sample does: `createSign('SHA256')` over `{token}.{stamp}`, base64, appended with a dot. */
export function signSystemToken(token: string, stamp = utcStamp(ctx().clock.now()), key: string = privateKeyPem): string {
  const signature = createSign("SHA256").update(`${token}.${stamp}`).sign(key, "base64");
  return `${token}.${stamp}.${signature}`;
}

export interface ExchangeReply {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

export async function exchangeRest(body: unknown, path = "/Login/api/PartnerSystemUser/Authenticate"): Promise<ExchangeReply> {
  const res = await request(`${emulator.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  return { status: res.statusCode, text, json: JSON.parse(text) as Record<string, unknown> };
}

export function exchangeBody(overrides: Record<string, string> = {}): Record<string, string> {
  return { SignedSystemToken: signSystemToken(systemToken), ApplicationToken: app.clientSecret!, ContextIdentifier: TENANT, ReturnTokenType: "JWT", ...overrides };
}

/** A refusal: still 200 (SOD answers business failures with 200), exactly the three keys, no token. */
export async function expectRefusal(body: unknown, cause: RegExp): Promise<string> {
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
export async function exchangeOk(overrides: Record<string, string> = {}): Promise<string> {
  const reply = await exchangeRest(exchangeBody(overrides));
  expect(reply.status, reply.text).toBe(200);
  expect(reply.json.IsSuccessful, reply.text).toBe(true);
  return String(reply.json.Token);
}

export const ticketOf = (jwt: string) => String(decodeJwt(jwt)[`${SO}ticket`]);
export const newTicket = async () => ticketOf(await exchangeOk());

export type ApiReply = Reply;

/** One tenant API call with system-user credentials; `appToken: null` omits SO-AppToken. */
const tenantApi = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => "" });
export async function api(method: string, path: string, ticket: string, opts: { appToken?: string | null; tenant?: string; body?: unknown } = {}): Promise<ApiReply> {
  const appToken = opts.appToken === undefined ? app.clientSecret! : opts.appToken;
  return tenantApi(method, path, { tenant: opts.tenant, body: opts.body, authorization: `SOTicket ${ticket}`, headers: appToken !== null ? { "so-apptoken": appToken } : {} });
}

/** 401 with a WWW-Authenticate challenge and the SuperOffice error body. */
export function expectUnauthorized(reply: ApiReply, message?: RegExp): void {
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
export async function reapprove(tenant: string): Promise<string> {
  const tokens = await signIn(emulator, "ada.admin@example.com", tenant, "server-to-server");
  return String(decodeJwt(tokens.id_token)[`${SO}system_token`]);
}

// ---- a minimal xml2js: elements become arrays of children, prefixes stripped (as the node sample does)

// Children by name (arrays), attributes under `$`, text under `_` when mixed: loosely typed, like xml2js.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type XmlNode = Record<string, any>;
export type XmlValue = XmlNode | string;

export function parseXml(xml: string): Record<string, XmlNode> {
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

export function soapEnvelope(fields: { applicationToken: string; contextIdentifier: string; signedSystemToken: string; returnTokenType?: string }): string {
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

export async function exchangeSoap(envelope: string): Promise<{ status: number; text: string; response: XmlNode }> {
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

let otherKey: string | undefined;
/** A private key that is not the app's (made once per file). */
export function otherKeyPem(): string {
  otherKey ??= generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return otherKey;
}
