import { createHash, randomBytes } from "node:crypto";
import { request } from "undici";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { runAuthorize, type Answers } from "./superid-forms.js";

/**
 * Shared setup of the security-matrix*.test.ts files, which check the rows of issue 12's OAuth/web security
 * matrix that no other test file checks (issue 12, "Keep it true"). Rows already covered elsewhere, and where:
 * - code replay (400 invalid_grant, the first exchange's refresh token and access-token row revoked), another
 *   client's code, expired code: superid-errors.test.ts, superid-conformance.test.ts
 * - PKCE wrong verifier, verifier without a challenge, plain challenge with an S256 verifier, native app
 *   without PKCE: superid-errors.test.ts, superid-authorize.test.ts
 * - redirect URIs: unregistered, extra path, other port, case, query, trailing slash, dot segment, `?`/`#`,
 *   127.0.0.1:8000@evil, 127.0.0.1:12345.evil, ports of 3 or 11 digits, localhost for 127.0.0.1; unknown
 *   client; post-logout open redirect: superid-errors.test.ts, superid-conformance.test.ts
 * - cross-tenant: a Cust12345 token on Cust54321 (tenant-api-errors.test.ts), a ticket on another tenant and
 *   a system token exchanged for another tenant (system-user.test.ts), another tenant's ids
 *   (tenant-api-conformance.test.ts)
 * - expiry: access token after the clock moves (admin-api.test.ts, tenant-api-errors.test.ts), ticket 6 h
 *   sliding (system-user*.test.ts), interaction (superid-screens.test.ts)
 * - CSRF: the sign-in form without/with a wrong token, without or with a foreign Origin
 *   (superid-errors.test.ts, superid-screens.test.ts in Chromium); every portal form (admin-conformance.test.ts,
 *   portal-browser.test.ts)
 * - escaping: app name, vendor and consent text on the consent screen, login_hint, state, error pages and
 *   the logout page (superid-errors.test.ts, superid-screens.test.ts); portal Apps, app, Tenants and Tokens
 *   pages (admin-conformance.test.ts, portal-browser.test.ts)
 * - admin key on every admin resource and portal page, Bearer and X-Admin-Key, `?adminKey=` once
 *   (admin-api.test.ts, admin-conformance.test.ts)
 * - SO-TimeZone before authentication (a 401 must win): tenant-api-fuzz.test.ts
 * Cross-site requests to the admin API and Host (DNS rebinding) checks have tests of their own.
 */
export let emulator: StartedEmulator;
/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useSecurityMatrixEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.stop());
}

export const CB = "http://localhost:3000/callback";
export const NATIVE_CB = "http://127.0.0.1:8000/callback";
export const ADA: Answers = { username: "ada.admin@example.com", tenant: "Cust12345" };
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
export const ctx = () => emulator.emulator.context;
export const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
export const nativeApp = () => emulator.apps.find((a) => a.kind === "native")!;
export const authorizeUrl = (params: Record<string, string>, tenant = "common") => `${emulator.url}/login/${tenant}/oauth/authorize?${new URLSearchParams(params)}`;
export const codeRequest = (extra: Record<string, string> = {}) => ({ client_id: webApp().clientId, redirect_uri: CB, response_type: "code", scope: "openid", state: "st", ...extra });

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}
export async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const res = await request(url, { method: (init.method ?? "GET") as "GET", headers: init.headers, body: init.body });
  const text = await res.body.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: the assertions say so
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}
export const tokens = (params: Record<string, string>) =>
  send(`${emulator.url}/login/common/oauth/tokens`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(params).toString() });
export const webAuth = () => ({ client_id: webApp().clientId, client_secret: webApp().clientSecret! });
export const exchange = (code: string, extra: Record<string, string> = {}) => tokens({ grant_type: "authorization_code", code, redirect_uri: CB, ...webAuth(), ...extra });
export const tenantApi = (tenant: string, path: string, accessToken: string, init: { method?: string; body?: unknown } = {}) =>
  send(`${emulator.url}/${tenant}/api/${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json", ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });

export async function codeFor(params: Record<string, string>, answers: Answers = ADA): Promise<string> {
  const end = await runAuthorize(authorizeUrl(params), answers);
  const code = end.location ? new URL(end.location).searchParams.get("code") : null;
  expect(code, `${end.status} ${end.location} ${end.body.slice(0, 300)}`).toMatch(/^[A-Za-z0-9]{64}$/);
  return code!;
}
export const pkcePair = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};
export const expectGrantError = (r: Reply, error = "invalid_grant") => expect({ status: r.status, error: r.json.error }, r.text).toEqual({ status: 400, error });

/** An authorize request that must be answered with SuperID's own page: a 4xx, HTML, and no Location anywhere. */
export async function expectRefusedPage(url: string, what: string) {
  const res = await send(url);
  expect(res.status, `${what}: ${res.status} ${String(res.headers.location)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(res.headers.location, what).toBeUndefined();
  expect(res.headers["content-type"], what).toMatch(/^text\/html/);
  expect(res.text, what).not.toMatch(/code=[A-Za-z0-9]{64}/);
  return res;
}
