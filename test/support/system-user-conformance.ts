import { createSign } from "node:crypto";
import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

/**
 * Shared by the system-user-conformance*.test.ts files. Adversarial spec conformance of the system user
 * (identity.md §8), tickets on the tenant API (§8.6-8.7),
 * tenant states and the status API (§9.1), host mode (§9.2), consents (§10) and the admin API that drives
 * them (README "Admin API"). Everything goes over HTTP; the admin API sets clocks, states and consents.
 */
export const SO = "http://schemes.superoffice.net/identity/";
export const NS = "http://www.superoffice.com/superid/partnersystemuser/0.1";
export const T1 = "Cust12345";
export const T2 = "Cust54321";
export const STACK = /\bat \S+ \(|node_modules|\.ts:\d+|URIError/;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | null;
  ms: number;
}

export async function call(base: string, method: string, path: string, opts: { body?: string; headers?: Record<string, string>; host?: string } = {}): Promise<Reply> {
  const url = new URL(base);
  const headers = { ...(opts.host ? { host: `${opts.host}:${url.port}` } : {}), ...opts.headers };
  const started = Date.now();
  const res = await request(`${url.origin}${path}`, { method: method as "GET", body: opts.body, headers });
  const text = await res.body.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: res.statusCode, headers: res.headers, text, json, ms: Date.now() - started };
}

/** `yyyyMMddHHmm` UTC (identity.md §8.2). */
export function utcStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** One emulator with helpers bound to it (the default one, and one in host mode). */
export function harness(options: Parameters<typeof startEmulator>[0] = {}) {
  const s = {
    emulator: undefined as unknown as StartedEmulator,
    app: undefined as unknown as StartedEmulator["apps"][number],
    key: "",
    tokens: {} as Record<string, string>,
  };
  const admin = (method: string, path: string, body?: unknown): Promise<Reply> =>
    call(s.emulator.url, method, `/_emulator/v1${path}`, { body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  const now = (): number => s.emulator.emulator.context.clock.now();
  const sign = (token: string, stamp = utcStamp(now()), key = s.key): string => `${token}.${stamp}.${createSign("SHA256").update(`${token}.${stamp}`).sign(key, "base64")}`;
  const exchange = (body: unknown): Promise<Reply> =>
    call(s.emulator.url, "POST", "/Login/api/PartnerSystemUser/Authenticate", { body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  const body = (over: Record<string, unknown> = {}) => ({ SignedSystemToken: sign(s.tokens[T1]!), ApplicationToken: s.app.clientSecret, ContextIdentifier: T1, ReturnTokenType: "JWT", ...over });
  const jwt = async (tenant = T1): Promise<string> => {
    const r = await exchange(body({ SignedSystemToken: sign(s.tokens[tenant]!), ContextIdentifier: tenant }));
    expect(r.json?.IsSuccessful, r.text).toBe(true);
    return String(r.json!.Token);
  };
  const ticket = async (tenant = T1): Promise<string> => String(decodeJwt(await jwt(tenant))[`${SO}ticket`]);
  const api = (path: string, ticketValue: string, opts: { tenant?: string; appToken?: string; host?: string } = {}): Promise<Reply> =>
    call(s.emulator.url, "GET", `/${opts.tenant ?? T1}/api/${path}`, { host: opts.host, headers: { accept: "application/json", authorization: `SOTicket ${ticketValue}`, "so-apptoken": opts.appToken ?? s.app.clientSecret! } });
  const soap = (xml: string): Promise<Reply> =>
    call(s.emulator.url, "POST", "/login/services/PartnerSystemUserService.svc", { body: xml, headers: { "content-type": "text/xml;charset=UTF-8", soapaction: `${NS}/IPartnerSystemUserService/Authenticate` } });
  beforeAll(async () => {
    s.emulator = await startEmulator(options);
    s.app = s.emulator.apps.find((a) => a.kind === "server-to-server")!;
    s.key = s.emulator.emulator.context.store.apps.privateKeyPem(s.app.clientId)!;
    // §10: an administrator's approval creates the record and the system token (here through the admin API).
    for (const tenant of [T1, T2]) {
      const consent = await admin("POST", "/consents", { clientId: s.app.clientId, contextIdentifier: tenant });
      expect(consent.status, consent.text).toBe(201);
      s.tokens[tenant] = String(consent.json!.systemToken);
      expect(s.tokens[tenant]).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
    }
  });
  afterAll(() => s.emulator?.stop());
  return Object.assign(s, { admin, now, sign, exchange, body, jwt, ticket, api, soap });
}

export const soapEnvelope = (appToken: string, signedXml: string, prolog = "") =>
  `${prolog}<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="${NS}"><SOAP-ENV:Header>` +
  `<tns:ApplicationToken>${appToken}</tns:ApplicationToken><tns:ContextIdentifier>${T1}</tns:ContextIdentifier></SOAP-ENV:Header>` +
  `<SOAP-ENV:Body><tns:AuthenticationRequest><tns:SignedSystemToken>${signedXml}</tns:SignedSystemToken><tns:ReturnTokenType>Jwt</tns:ReturnTokenType></tns:AuthenticationRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

export const h = harness();
export const clockTo = async (iso: string) => expect((await h.admin("POST", "/clock", { now: iso })).status).toBe(200);
export const clockReset = async () => expect((await h.admin("DELETE", "/clock")).status).toBe(200);
