import { createHash, randomBytes } from "node:crypto";
import type { Dispatcher } from "undici";
import { expect } from "vitest";
import type { StartedEmulator } from "../../src/index.js";
import { runAuthorize } from "../../src/admin/sign-in-flow.js";
import { httpRequest, type Reply } from "./http.js";

/**
 * The admin API (/_emulator/v1) over raw HTTP, for the admin-api*.test.ts files: where the shape of the
 * answer matters. Every admin answer is checked to be below 500: bad input is a 400 naming the field,
 * unknown ids 404, conflicts 409.
 */

export const ADA = "ada.admin@example.com";
export const SEEDED = ["Cust12345", "Cust54321", "Cust99999"];

export type { Reply };

/** One HTTP exchange; `json` is sent as JSON, `body` as it is. Any answer from the admin API must be below 500. */
export async function http(
  method: Dispatcher.HttpMethod,
  url: string,
  opts: { json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | Uint8Array | undefined = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const reply = await httpRequest(method, url, { body, headers });
  if (new URL(url).pathname.toLowerCase().startsWith("/_emulator")) {
    expect(reply.status, `${method} ${url} answered ${reply.status}: ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  }
  return reply;
}

/** Raw calls against one emulator. */
export function client(e: StartedEmulator, adminHeaders: Record<string, string> = {}) {
  // State-changing admin calls say application/json even without a body (README, "Security").
  const admin = (method: Dispatcher.HttpMethod, path: string, json?: unknown, headers: Record<string, string> = {}) =>
    http(method, `${e.url}/_emulator/v1${path}`, { json, headers: { ...(method === "POST" || method === "PUT" ? { "content-type": "application/json" } : {}), ...adminHeaders, ...headers } });
  const tenant = (token: string, method: Dispatcher.HttpMethod, ctx: string, path: string, json?: unknown) =>
    http(method, `${e.url}/${ctx}/api/${path}`, { json, headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  const token = (form: Record<string, string>) =>
    http("POST", `${e.url}/login/common/oauth/tokens`, { body: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded" } });
  return { admin, tenant, token };
}

/** The admin API's error body: `{error, message}`, the message starting with the field it is about. */
export function expectAdminError(reply: Reply, status: 400 | 401 | 404 | 409, field?: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(Object.keys(reply.json ?? {}).sort()).toEqual(["error", "message"]);
  expect(reply.json.error).toBe(status === 404 ? "not_found" : status === 401 ? "unauthorized" : "invalid_request");
  expect(typeof reply.json.message).toBe("string");
  if (field) expect(reply.json.message).toMatch(new RegExp(`^${field}:`));
}

/** NetServer's error body (spec/README.md "REST error body"). */
export function expectSoError(reply: Reply, status: number, errorType: string, message?: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(Object.keys(reply.json ?? {}).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(reply.json.Error).toBe(true);
  expect(reply.json.ErrorType).toBe(errorType);
  expect(reply.json.Message).toBe(reply.json.ErrorMessage);
  if (message !== undefined) expect(reply.json.ErrorMessage).toBe(message);
}

/** The authorize flow over HTTP as `admin.signIn` runs it, but reporting the screens answered. */
export async function authorize(e: StartedEmulator, app: { clientId: string; redirectUris: string[] }, tenant: string, user: string, consent: "approve" | "cancel" = "approve") {
  const redirectUri = app.redirectUris.find((u) => !u.startsWith("^"))!;
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid",
    acr_values: `tenant:${tenant}`,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  const end = await runAuthorize(`${e.url}/login/common/oauth/authorize?${params}`, { username: user, consent });
  const location = end.location ? new URL(end.location) : undefined;
  return { screens: end.screens, code: location?.searchParams.get("code") ?? null, error: location?.searchParams.get("error") ?? null, redirectUri, verifier };
}
