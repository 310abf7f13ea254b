import { createSign } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { tenantApiClient, type Reply } from "./http.js";
import { signIn, type TokenSet } from "./sign-in.js";

/**
 * Shared setup of the superoffice-samples*.test.ts files. SuperOffice's published REST samples (github.com/SuperOffice/RESTful-HTTP-Queries, src/*.http), request by
 * request, against the emulator: same method, path (tenant base URL → `/{ctx}/api/`), query, headers and body
 * structure, with ids adjusted to the seed. Each test names its sample file and request. Requests for what
 * README says is not emulated (dynamic archive, aggregates, $options, tickets, documents, udef/extra fields)
 * are left out.
 */
export const TENANT = "Cust12345";
export const SO = "http://schemes.superoffice.net/identity/";
export let emulator: StartedEmulator;
export let tokens: TokenSet;
export let ticket: string;
export let appToken: string;

/** One request under the tenant API (or at the origin when the path starts with `/`), as the .http file sends it. */
export const call = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => tokens.access_token });

export const ok = (r: Reply) => expect(r.status, r.text.slice(0, 400)).toBe(200);
/** The sample's system-user headers: `Authorization: SoTicket …` (sic) and `SO-AppToken`. */
export const asSystemUser = (scheme = "SoTicket") => ({ authorization: `${scheme} ${ticket}`, headers: { "so-apptoken": appToken } });

/** An OData list: 200, SOD's envelope, and every row carries each selected column (as written). */
export function expectRows(r: Reply, columns: string[], min = 0): Record<string, unknown>[] {
  ok(r);
  expect(r.json).toHaveProperty("odata.metadata");
  const rows = r.json.value as Record<string, unknown>[];
  expect(Array.isArray(rows)).toBe(true);
  expect(rows.length).toBeGreaterThanOrEqual(min);
  for (const row of rows) for (const col of columns) expect(row, `column ${col}`).toHaveProperty([col]);
  return rows;
}

export let contactName: string;
export let contactDept: string;
export let personOfContact2: number;
export let personOfContact17: number;

/** Each test file that calls this runs against its own emulator, started once for the file. */
export function useSamplesEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    tokens = await signIn(emulator, "ada.admin@example.com", TENANT);
    // A ticket as PartnerSystemUserService.http gets one (see the test below for the request itself).
    const s2s = emulator.apps.find((a) => a.kind === "server-to-server")!;
    appToken = s2s.clientSecret!;
    const systemToken = String(decodeJwt((await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server")).id_token)[`${SO}system_token`]);
    const jwt = await authenticate(systemToken);
    ticket = String(decodeJwt(jwt)[`${SO}ticket`]);
    const c28 = (await call("GET", "v1/Contact/28")).json;
    [contactName, contactDept] = [c28.Name, c28.Department];
    personOfContact2 = (await call("GET", "v1/Contact/2/Persons?$select=personId")).json.value[0].personId;
    personOfContact17 = (await call("GET", "v1/Contact/17/Persons?$select=personId")).json.value[0]?.personId ?? 24;
  });
  afterAll(() => emulator?.stop());
}

/** PartnerSystemUserService.http "POST …/Login/api/PartnerSystemUser/Authenticate": the JWT. */
export async function authenticate(systemToken: string): Promise<string> {
  const key = emulator.emulator.context.store.apps.privateKeyPem(emulator.apps.find((a) => a.kind === "server-to-server")!.clientId)!;
  const d = new Date(emulator.emulator.context.clock.now());
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
  const signed = `${systemToken}.${stamp}.${createSign("SHA256").update(`${systemToken}.${stamp}`).sign(key, "base64")}`;
  const r = await call("POST", "/Login/api/PartnerSystemUser/Authenticate", {
    authorization: null,
    body: { SignedSystemToken: signed, ReturnTokenType: "JWT", ApplicationToken: appToken, ContextIdentifier: TENANT },
  });
  ok(r);
  expect(r.json.IsSuccessful, r.text).toBe(true);
  return String(r.json.Token);
}
