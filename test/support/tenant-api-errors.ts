import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { tenantApiClient, type Reply, type TenantCallOptions } from "./http.js";
import { signIn } from "./sign-in.js";

export type { Reply, TenantCallOptions };

/**
 * Shared setup of the tenant-api-errors*.test.ts files: how the tenant API refuses (netserver.md §3,
 * spec/README.md "REST error body"): every status with the SuperOffice error body, nothing written by a
 * refused request, and never a 500.
 */
export let emulator: StartedEmulator;
export let token: string;
export const TENANT = "Cust12345";

/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useErrorsEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    token = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
  });
  afterAll(() => emulator?.stop());
}

/** One request to the tenant API; whatever it is, the answer must not be a 5xx other than the tenant's 503. */
export const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token, expected5xx: (status, tenant) => status === 503 && tenant === "Cust99999" });

/** The SuperOffice error body: exactly these five members, both message keys the same. */
export function expectSoError(reply: Reply, status: number, errorType?: string): string {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(Object.keys(reply.json ?? {}).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(reply.json!.Error).toBe(true);
  if (errorType) expect(reply.json!.ErrorType).toBe(errorType);
  else expect(reply.json!.ErrorType).toMatch(/^\w+$/);
  expect(reply.json!.ErrorMessage).toEqual(expect.any(String));
  expect(String(reply.json!.ErrorMessage).length).toBeGreaterThan(0);
  expect(reply.json!.Message).toBe(reply.json!.ErrorMessage);
  expect(reply.json!.ErrorSource).toBe("SuperOffice.Services.Implementation");
  expect(reply.text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/); // no stack trace
  return String(reply.json!.ErrorMessage);
}

export let uniq = 0;
export const label = (what: string) => `Errors test ${what} ${process.pid}-${++uniq}`;

export async function newContact(name = label("contact")): Promise<number> {
  const reply = await call("POST", "v1/Contact", { body: { Name: name, Department: "Unchanged" } });
  expect(reply.status, reply.text).toBe(200);
  return Number(reply.json!.ContactId);
}

/** Contacts of the tenant as stored, including soft-deleted ones: what a refused request must not change. */
export function contactRows(): number {
  const db = databaseOf(emulator.emulator.context.store);
  return (db.prepare("SELECT count(*) AS n FROM contacts WHERE context_identifier = ?").get(TENANT) as { n: number }).n;
}

export function rowCount(table: "contacts" | "persons" | "appointments" | "sales"): number {
  const db = databaseOf(emulator.emulator.context.store);
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE context_identifier = ?`).get(TENANT) as { n: number }).n;
}

export function contactsNamed(name: string): number {
  const db = databaseOf(emulator.emulator.context.store);
  return (db.prepare("SELECT count(*) AS n FROM contacts WHERE context_identifier = ? AND name = ?").get(TENANT, name) as { n: number }).n;
}
