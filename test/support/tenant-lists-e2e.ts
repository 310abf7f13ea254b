import { afterAll, beforeAll, expect } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { databaseOf } from "../../src/store/store.js";
import { tenantApiClient, type Reply, type TenantCallOptions } from "./http.js";
import { responseDefinition, validateBody } from "./openapi.js";

/**
 * Shared setup of the tenant-lists-*.test.ts files. The OData-like list endpoints end to end (netserver.md §4.5, §5, §10): `GET v1/{Entity}`,
 * `GET|POST v1/Archive/{provider}` and the sub-archives, over HTTP with a real token. Every expected
 * result is computed here, independently, with plain SQL on the store and JavaScript predicates —
 * never with the emulator's query builder — and every list body is validated against the Swagger
 * definition of its endpoint.
 */
export type Json = Record<string, any>;

export const TENANT = "Cust12345";
export const TENANT_ZONE = "Europe/Oslo";
export const EMPTY_DATE = "0001-01-01T00:00:00";
export const DAY = 86_400_000;

export let emulator: StartedEmulator;
export let token: string;

/** Each file that includes this runs against its own emulator, started once for the file. */
export function useListsEmulator(): void {
  beforeAll(async () => {
    emulator = await startEmulator();
    token = await freshToken();
  });
  afterAll(() => emulator?.stop());
}

export const freshToken = async () => (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
export const db = () => databaseOf(emulator.emulator.context.store);
export const sql = <T = Json>(text: string, ...args: unknown[]): T[] => db().prepare(text).all(TENANT, ...args) as T[];

// ---------------------------------------------------------------------------------------------------
// HTTP

export type { Reply };

/** Query strings built by hand: every value percent-encoded (so `+` in a date stays a plus). */
export function query(params: Record<string, string | number>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? "" : `?${entries.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join("&")}`;
}

const v1 = tenantApiClient({ origin: () => emulator.url, tenant: TENANT, token: () => token, prefix: "v1/" });
/** One request under `v1/`; whatever it is, never a 5xx. */
export const call = (method: "GET" | "POST" | "DELETE", path: string, options: TenantCallOptions = {}): Promise<Reply> => v1(method, path, options);

export const postJson = (path: string, body: unknown, bearer?: string) =>
  call("POST", path, { headers: { "content-type": "application/json" }, body: JSON.stringify(body), ...(bearer ? { token: bearer } : {}) });

/** The Swagger file and path template documenting a list path such as `Contact/5/Persons`. */
export function swaggerPath(path: string): [string, string] {
  const bare = path.split("?")[0]!;
  if (/^Archive\/[^/]+$/.test(bare)) return ["Swagger-v1-Archive.json", "/api/v1/Archive/{archiveProviderName}"];
  let m = /^(Contact|Person|Appointment|Sale)$/.exec(bare);
  if (m) return [`Swagger-v1-${m[1]}.json`, `/api/v1/${m[1]}`];
  m = /^(Contact|Person|Sale)\/\d+\/(\w+)$/.exec(bare);
  if (m) return [`Swagger-v1-${m[1]}.json`, `/api/v1/${m[1]}/{id}/${m[2]}`];
  throw new Error(`no Swagger path known for ${path}`);
}

/** Every 200 list body: valid against its endpoint's Swagger definition, and SOD's envelope (§5.4). */
export function checkListBody(path: string, body: Json, params: Record<string, string | number>) {
  const [file, template] = swaggerPath(path);
  const definition = responseDefinition(file, "get", template);
  expect(definition).toMatch(/(^|\.)ODataSlimResponse$/);
  expect(validateBody(definition, body), `${path} body against ${definition}`).toEqual([]);
  expect(body["odata.metadata"]).toEqual(expect.stringMatching(/\/\$metadata$/));
  expect(body).toHaveProperty("odata.nextLink", null);
  expect(Array.isArray(body.value)).toBe(true);
  const counted = Object.keys(params).some((k) => k.toLowerCase() === "$inlinecount");
  if (!counted) expect(body).not.toHaveProperty("odata.count");
}

/** GET a list; expects 200 and a valid body. */
export async function list(path: string, params: Record<string, string | number> = {}, headers: Record<string, string> = {}): Promise<Json> {
  const reply = await call("GET", `${path}${query(params)}`, { headers });
  expect(reply.status, `GET ${path}${query(params)}: ${reply.text.slice(0, 300)}`).toBe(200);
  checkListBody(path, reply.json, params);
  return reply.json;
}

/** A refusal in SuperOffice's error body; returns the message. */
export function expectError(reply: Reply, status: number): string {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json?.Error).toBe(true);
  expect(reply.json?.ErrorMessage).toEqual(expect.any(String));
  return String(reply.json.ErrorMessage);
}

export const keys = (body: Json): number[] => body.value.map((row: Json) => Number(row.PrimaryKey));
export const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------------
// Independent expectations: the store read with plain SQL, dates converted with Intl.

const wallFormat = new Map<string, Intl.DateTimeFormat>();
/** A stored UTC date-time as wall-clock time in `zone`, `YYYY-MM-DDTHH:mm:ss`. */
export function wall(utc: string, zone = TENANT_ZONE): string {
  let f = wallFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    wallFormat.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(`${utc}Z`)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}
export const shown = (utc: string | null, zone = TENANT_ZONE) => (utc ? wall(utc, zone) : EMPTY_DATE);
/** The UTC offset of `zone` at a stored instant, as `+hh:mm`/`-hh:mm`. */
export function offset(utc: string, zone: string): string {
  const minutes = (Date.parse(`${wall(utc, zone)}Z`) - Date.parse(`${utc}Z`)) / 60_000;
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
/** The tenant's calendar day of a stored instant. */
export const localDay = (utc: string) => wall(utc).slice(0, 10);
export const lower = (s: string | null | undefined) => (s ?? "").toLowerCase();

export interface ContactRow {
  id: number;
  name: string;
  department: string;
  number2: string;
  category_id: number | null;
  category: string | null;
  associate_id: number | null;
  initials: string | null;
  owner_first: string | null;
  owner_last: string | null;
  created_date: string;
  updated_date: string | null;
  emails: string;
  postal_city: string;
}
/** Live companies. */
export const contacts = () =>
  sql<ContactRow>(
    `SELECT c.contact_id AS id, c.name, c.department, c.number2, c.category_id, cat.name AS category, c.associate_id,
            a.name AS initials, a.first_name AS owner_first, a.last_name AS owner_last,
            c.created_date, c.updated_date, c.emails, c.postal_city
       FROM contacts c
       LEFT JOIN list_items cat ON cat.context_identifier = c.context_identifier AND cat.list_name = 'category' AND cat.item_id = c.category_id
       LEFT JOIN associates a ON a.context_identifier = c.context_identifier AND a.associate_id = c.associate_id
      WHERE c.context_identifier = ? AND c.deleted_date IS NULL`,
  );

export interface PersonRow {
  id: number;
  firstname: string;
  middle_name: string;
  lastname: string;
  contact_id: number | null;
  company: string | null;
  company_category: string | null;
}
/** Live persons whose company (if any) is live too. */
export const persons = () =>
  sql<PersonRow>(
    `SELECT p.person_id AS id, p.firstname, p.middle_name, p.lastname, p.contact_id, c.name AS company, cat.name AS company_category
       FROM persons p
       LEFT JOIN contacts c ON c.context_identifier = p.context_identifier AND c.contact_id = p.contact_id
       LEFT JOIN list_items cat ON cat.context_identifier = c.context_identifier AND cat.list_name = 'category' AND cat.item_id = c.category_id
      WHERE p.context_identifier = ? AND p.deleted_date IS NULL
        AND (p.contact_id IS NULL OR (c.contact_id IS NOT NULL AND c.deleted_date IS NULL))`,
  );

export interface AppointmentRow {
  id: number;
  associate_id: number;
  initials: string;
  contact_id: number | null;
  live_contact_id: number;
  person_id: number | null;
  live_person_id: number;
  sale_id: number | null;
  task: string | null;
  description: string;
  start_date: string;
  end_date: string;
  completed: string;
}
export const appointments = () =>
  sql<AppointmentRow>(
    `SELECT ap.appointment_id AS id, ap.associate_id, a.name AS initials, ap.contact_id,
            CASE WHEN c.deleted_date IS NULL AND c.contact_id IS NOT NULL THEN c.contact_id ELSE 0 END AS live_contact_id,
            ap.person_id,
            CASE WHEN p.deleted_date IS NULL AND p.person_id IS NOT NULL THEN p.person_id ELSE 0 END AS live_person_id,
            ap.sale_id, t.name AS task, ap.description, ap.start_date, ap.end_date, ap.completed
       FROM appointments ap
       JOIN associates a ON a.context_identifier = ap.context_identifier AND a.associate_id = ap.associate_id
       LEFT JOIN contacts c ON c.context_identifier = ap.context_identifier AND c.contact_id = ap.contact_id
       LEFT JOIN persons p ON p.context_identifier = ap.context_identifier AND p.person_id = ap.person_id
       LEFT JOIN list_items t ON t.context_identifier = ap.context_identifier AND t.list_name = 'task' AND t.item_id = ap.task_id
      WHERE ap.context_identifier = ?`,
  );

export interface SaleRow {
  id: number;
  heading: string;
  amount: number;
  status: string;
  probability: number;
  saledate: string;
  currency: string | null;
  initials: string;
  contact_id: number | null;
  live_contact_id: number;
  person_id: number | null;
  live_person_id: number;
}
export const sales = () =>
  sql<SaleRow>(
    `SELECT s.sale_id AS id, s.heading, s.amount, s.status, s.probability, s.saledate, cur.name AS currency, a.name AS initials, s.contact_id,
            CASE WHEN c.deleted_date IS NULL AND c.contact_id IS NOT NULL THEN c.contact_id ELSE 0 END AS live_contact_id,
            s.person_id,
            CASE WHEN p.deleted_date IS NULL AND p.person_id IS NOT NULL THEN p.person_id ELSE 0 END AS live_person_id
       FROM sales s
       JOIN associates a ON a.context_identifier = s.context_identifier AND a.associate_id = s.associate_id
       LEFT JOIN list_items cur ON cur.context_identifier = s.context_identifier AND cur.list_name = 'currency' AND cur.item_id = s.currency_id
       LEFT JOIN contacts c ON c.context_identifier = s.context_identifier AND c.contact_id = s.contact_id
       LEFT JOIN persons p ON p.context_identifier = s.context_identifier AND p.person_id = s.person_id
      WHERE s.context_identifier = ?`,
  );

export const idsWhere = <T extends { id: number }>(rows: T[], predicate: (row: T) => boolean) => sorted(rows.filter(predicate).map((r) => r.id));

/** Case-insensitive text order (what a CI collation gives), then code units. */
export const textOrder = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};
