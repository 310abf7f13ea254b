import { randomBytes } from "node:crypto";
import { request } from "undici";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { CookieJar, runAuthorize, type Answers } from "./superid-forms.js";

/**
 * Shared setup of the superid-conformance*.test.ts files. Spec conformance of SuperID (identity.md §2-7,
 * §10; issue 3) over plain HTTP, probing the corners the flow tests leave out: exact discovery, client authentication variants, token/claim rules, consent and
 * revocation, encodings and hostile parameter values. Each test names the spec line it checks.
 */
export let emulator: StartedEmulator;
/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useConformanceEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.stop());
}

export const CB = "http://localhost:3000/callback";
export const SO = "http://schemes.superoffice.net/identity/";
export const ADA: Answers = { username: "ada.admin@example.com", tenant: "Cust12345" };
export const ctx = () => emulator.emulator.context;
export const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
export const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;
export const serviceApp = () => emulator.apps.find((a) => a.kind === "server-to-server")!;
export const url = (path: string) => `${emulator.url}${path}`;
export const authorizeUrl = (params: Record<string, string>, tenant = "common") => url(`/login/${tenant}/oauth/authorize?${new URLSearchParams(params)}`);

export interface Client {
  id: string;
  secret: string | null;
  redirect: string;
}
export const web = (): Client => ({ id: webApp().clientId, secret: webApp().clientSecret, redirect: CB });
export const service = (): Client => ({ id: serviceApp().clientId, secret: serviceApp().clientSecret, redirect: "http://localhost:3001/callback" });

/**
 * A web app registered through the admin API (unapproved everywhere); an awkward secret is then set through
 * the app repository, since the Developer Portal only generates secrets.
 */
export async function registerApp(secret?: string): Promise<Client> {
  const app = await emulator.admin.apps.create({ name: `Conformance ${randomBytes(3).toString("hex")}`, vendor: "V AS", type: "standard", kind: "web", redirectUris: [CB] });
  if (secret !== undefined) expect(ctx().store.apps.setSecret(app.clientId, secret)).toBe(true);
  return { id: app.clientId, secret: secret ?? (app.clientSecret as string), redirect: CB };
}

export async function getCode(app: Client = web(), answers: Answers = ADA, extra: Record<string, string> = {}, jar = new CookieJar()) {
  const end = await runAuthorize(authorizeUrl({ client_id: app.id, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "st", ...extra }), answers, jar);
  const code = end.location ? new URL(end.location).searchParams.get("code") : null;
  expect(code, `${end.status} ${end.location} ${end.body.slice(0, 300)}`).toMatch(/^[A-Za-z0-9]{64}$/);
  return { code: code!, screens: end.screens };
}

export type Reply = { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: Record<string, unknown> };
export const parseJson = (text: string): Record<string, unknown> => {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {}; // not JSON: the assertions say so
  }
};
export async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await request(url(path), { method: (init.method ?? "GET") as "GET", headers: init.headers, body: init.body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: parseJson(text) };
}
export const FORM = { "content-type": "application/x-www-form-urlencoded" };
export const tokens = (params: Record<string, string>, headers: Record<string, string> = {}, path = "/login/common/oauth/tokens") =>
  send(path, { method: "POST", headers: { ...FORM, ...headers }, body: new URLSearchParams(params).toString() });
export const auth = (c: Client) => ({ client_id: c.id, ...(c.secret !== null ? { client_secret: c.secret } : {}) });
export const exchange = (code: string, c: Client = web(), extra: Record<string, string> = {}) => tokens({ grant_type: "authorization_code", code, redirect_uri: c.redirect, ...auth(c), ...extra });
export const refresh = (rt: string, c: Client = web(), extra: Record<string, string> = {}) => tokens({ grant_type: "refresh_token", refresh_token: rt, ...auth(c), ...extra });
export const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`, "utf8").toString("base64")}`;
export const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
export const apiStatus = async (accessToken: string) =>
  (await send("/Cust12345/api/v1/User/currentPrincipal", { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } })).status;
export const ok = (r: Reply) => {
  expect(r.status, r.text).toBe(200);
  return r.json as { access_token: string; refresh_token?: string; id_token: string };
};
export const expectError = (r: Reply, status: number, error: string) => expect({ status: r.status, error: r.json.error }, r.text).toEqual({ status, error });
/** The hidden fields of a form_post page. */
export const unescapeHtml = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
export const postedFields = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)].map(([, k, v]) => [k, unescapeHtml(v!)]));
