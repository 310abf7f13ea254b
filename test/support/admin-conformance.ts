import type { Dispatcher } from "undici";
import { expect } from "vitest";
import type { StartedEmulator } from "../../src/index.js";
import { http, type Reply } from "./admin-http.js";

/**
 * Shared by the admin-conformance*.test.ts files: adversarial conformance of the admin API,
 * startEmulator(), the portal and the CLI against README.md and the product rules.
 */

export { http, type Reply };

export const ADA = "ada.admin@example.com";
export const WEB_APP = "0fbfa1ad80e612c19434af89bb12f1b0";
export const SEEDED = ["Cust12345", "Cust54321", "Cust99999"];
export const HUNDRED_YEARS = 100 * 365 * 86_400;

// State-changing admin calls say application/json even without a body (README, "Security").
export const adminOf = (e: StartedEmulator) => (method: Dispatcher.HttpMethod, path: string, json?: unknown, headers: Record<string, string> = {}) =>
  http(method, `${e.url}/_emulator/v1${path}`, { json, headers: { ...(method === "POST" || method === "PUT" ? { "content-type": "application/json" } : {}), ...headers } });

/** README "Admin API": "Bad input is a 400 naming the field, unknown ids 404". */
export function expectAdminError(r: Reply, status: number, field?: string) {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.json?.error, r.text.slice(0, 300)).toBe(status === 404 ? "not_found" : status === 401 ? "unauthorized" : "invalid_request");
  if (field) expect(r.json.message).toMatch(new RegExp(`^${field}:`));
}

export const raw = (e: StartedEmulator, method: Dispatcher.HttpMethod, path: string, body: string | Uint8Array, type = "application/json") =>
  http(method, `${e.url}/_emulator/v1${path}`, { body, headers: { "content-type": type } });
