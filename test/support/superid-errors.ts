import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { httpRequest } from "./http.js";
import { runAuthorize, type Answers } from "./superid-forms.js";

/**
 * Shared setup of the superid-errors*.test.ts files. SuperID's negative paths: what the authorize, token, revoke and logout endpoints and the screens answer
 * when something is wrong. Every test uses its own flow; apps that must be unapproved are inserted fresh.
 */
export let emulator: StartedEmulator;
/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useSuperIdEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.stop());
}

export const WEB_CALLBACK = "http://localhost:3000/callback";
export const ctx = () => emulator.emulator.context;
export const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
export const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;
export const serviceApp = () => emulator.apps.find((a) => a.kind === "server-to-server")!;
export const tokensUrl = () => `${emulator.url}/login/common/oauth/tokens`;

export interface AppUnderTest {
  clientId: string;
  clientSecret: string | null;
  redirect: string;
}
export const web = (): AppUnderTest => ({ clientId: webApp().clientId, clientSecret: webApp().clientSecret, redirect: WEB_CALLBACK });

export const authorizeUrl = (params: Record<string, string>, path = "common") => `${emulator.url}/login/${path}/oauth/authorize?${new URLSearchParams(params)}`;

/** An app registered through the admin API, as the Developer Portal would: nobody has approved it for any tenant. */
export async function registerApp(name: string, vendor = "Fresh Vendor AS"): Promise<AppUnderTest> {
  const app = await emulator.admin.apps.create({ name, vendor, type: "standard", kind: "web", redirectUris: [WEB_CALLBACK] });
  return { clientId: app.clientId, clientSecret: app.clientSecret as string, redirect: WEB_CALLBACK };
}

/** Runs the screens for a code flow and returns the code. */
export async function getCode(app: AppUnderTest, answers: Answers, extra: Record<string, string> = {}): Promise<string> {
  const end = await runAuthorize(authorizeUrl({ client_id: app.clientId, redirect_uri: app.redirect, response_type: "code", scope: "openid", state: "st", ...extra }), answers);
  expect(end.status, end.body).toBe(303);
  const code = new URL(end.location!).searchParams.get("code");
  expect(code, end.location).toMatch(/^[A-Za-z0-9]{64}$/);
  return code!;
}

export interface TokenReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: Record<string, unknown>;
}

/** A POST to the token (or revoke) endpoint with a form body. */
export async function tokenRequest(params: Record<string, string>, headers: Record<string, string> = {}, url = tokensUrl()): Promise<TokenReply> {
  const reply = await httpRequest("POST", url, { body: new URLSearchParams(params).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
  // Not JSON: left empty; the assertions on content-type will say why.
  return { status: reply.status, headers: reply.headers, text: reply.text, json: (reply.json ?? {}) as Record<string, unknown> };
}

export const clientAuth = (app: AppUnderTest) => ({ client_id: app.clientId, ...(app.clientSecret ? { client_secret: app.clientSecret } : {}) });

/** Exchanges a code with client_secret_post. */
export const exchange = (code: string, extra: Record<string, string> = {}, app = web()) =>
  tokenRequest({ grant_type: "authorization_code", code, redirect_uri: app.redirect, ...clientAuth(app), ...extra });

export const refresh = (refreshToken: string, app = web()) => tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, ...clientAuth(app) });

/** An RFC 6749 §5.2 error: exact status and error code, a description, JSON, not cached. */
export function expectTokenError(reply: TokenReply, status: number, error: string) {
  expect({ status: reply.status, error: reply.json.error }, reply.text).toEqual({ status, error });
  expect(typeof reply.json.error_description).toBe("string");
  expect(reply.json.error_description).not.toBe("");
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.headers["cache-control"]).toMatch(/no-store/);
}

export function expectTokens(reply: TokenReply, contextIdentifier = "Cust12345") {
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(reply.headers["cache-control"]).toMatch(/no-store/);
  expect(reply.json.access_token).toMatch(new RegExp(`^8A:${contextIdentifier}\\.`));
  return reply.json as { access_token: string; refresh_token?: string; id_token: string };
}

export const ADA: Answers = { username: "ada.admin@example.com", tenant: "Cust12345" };
