import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { request, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { runCli, startCli } from "../support/cli.js";

/**
 * Adversarial conformance of the admin API, startEmulator(), the portal and the CLI against README.md and the
 * product rules: bad input is a clear error with the right status (never a 500, never a half-written row),
 * CSRF on every portal form, escaped output, determinism, and the admin key.
 */

const ADA = "ada.admin@example.com";
const WEB_APP = "0fbfa1ad80e612c19434af89bb12f1b0";
const SEEDED = ["Cust12345", "Cust54321", "Cust99999"];
const HUNDRED_YEARS = 100 * 365 * 86_400;

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json: any }

async function http(method: Dispatcher.HttpMethod, url: string, opts: { json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  }
  const res = await request(url, { method, headers, body });
  const text = await res.body.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; } // prettier-ignore
  return { status: res.statusCode, headers: res.headers, text, json };
}

// State-changing admin calls say application/json even without a body (README, "Security").
const adminOf = (e: StartedEmulator) => (method: Dispatcher.HttpMethod, path: string, json?: unknown, headers: Record<string, string> = {}) =>
  http(method, `${e.url}/_emulator/v1${path}`, { json, headers: { ...(method === "POST" || method === "PUT" ? { "content-type": "application/json" } : {}), ...headers } });

/** README "Admin API": "Bad input is a 400 naming the field, unknown ids 404". */
function expectAdminError(r: Reply, status: number, field?: string) {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.json?.error, r.text.slice(0, 300)).toBe(status === 404 ? "not_found" : status === 401 ? "unauthorized" : "invalid_request");
  if (field) expect(r.json.message).toMatch(new RegExp(`^${field}:`));
}

const raw = (e: StartedEmulator, method: Dispatcher.HttpMethod, path: string, body: string | Uint8Array, type = "application/json") =>
  http(method, `${e.url}/_emulator/v1${path}`, { body, headers: { "content-type": type } });

describe("admin API: odd bodies and ids", () => {
  let e: StartedEmulator;
  let admin: ReturnType<typeof adminOf>;
  beforeAll(async () => void (admin = adminOf((e = await startEmulator()))));
  afterAll(async () => e?.stop());

  // Rule: lookups keyed by request values must not reach Object.prototype; README: profile "of the seed".
  it("POST /tenants refuses profiles named after Object.prototype members with 400 naming profile, creating nothing", async () => {
    for (const profile of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expectAdminError(await admin("POST", "/tenants", { profile }), 400, "profile");
    }
    expect((await admin("GET", "/tenants")).json.map((t: { contextIdentifier: string }) => t.contextIdentifier)).toEqual(SEEDED);
  });

  // README: unknown ids 404; malformed %-escapes and prototype names are just unknown ids, never 500.
  it("answers odd ids in paths (%-escapes, prototype names, unicode) with 404 JSON", async () => {
    const ids = ["%ZZ", "%E0%A4%A", "constructor", "__proto__", "%F0%9F%98%80", "x".repeat(5000)];
    for (const id of ids) {
      for (const [method, path] of [
        ["GET", `/tenants/${id}`], ["DELETE", `/tenants/${id}`], ["PUT", `/tenants/${id}/state`], ["POST", `/tenants/${id}/reset`],
        ["GET", `/tenants/${id}/users`], ["POST", `/tenants/${id}/users`], ["GET", `/apps/${id}`], ["DELETE", `/apps/${id}`],
        ["POST", `/apps/${id}/secret`], ["DELETE", `/consents/${id}/${id}`], ["DELETE", `/consents/${WEB_APP}/${id}`],
      ] as const) {
        const body = method === "PUT" ? { state: "Running" } : method === "POST" && path.endsWith("users") ? { username: "odd@example.com" } : undefined;
        expectAdminError(await admin(method, path, body), 404);
      }
    }
    expectAdminError(await admin("POST", "/consents", { clientId: "constructor", contextIdentifier: "Cust12345" }), 404);
    expectAdminError(await admin("POST", "/consents", { clientId: WEB_APP, contextIdentifier: "__proto__" }), 404);
    for (const q of ["limit=-1", "limit=%ZZ", "clientId=%ZZ&tenant=__proto__", "limit=1e400"]) expect((await admin("GET", `/requests?${q}`)).status).toBe(200);
    try {
      expect((await admin("POST", "/faults", { tenant: "constructor", method: "__proto__", status: 500 })).status).toBe(201);
      expect((await http("GET", `${e.url}/api/state/Cust12345`)).status).toBe(200);
    } finally {
      await admin("DELETE", "/faults");
    }
  });

  // README Configuration: "larger request bodies get 413"; deep JSON is "body: expected a JSON object", not 500.
  it("answers oversize and deeply nested bodies with 413/400, not 500", async () => {
    expect((await raw(e, "POST", "/tenants", JSON.stringify({ companyName: "x".repeat(2_000_000) }))).status).toBe(413);
    expectAdminError(await raw(e, "POST", "/tenants", "[".repeat(200_000) + "]".repeat(200_000)), 400, "body");
    expectAdminError(await raw(e, "POST", "/apps", '{"name":"a","kind":"web"'), 400, "body");
    expectAdminError(await raw(e, "PUT", "/tenants/Cust12345/state", "null"), 400, "body");
  });

  // README Admin API: "Bad input is a 400 naming the field"; the portal refuses the same URIs (apps-routes checkUrls).
  it("POST /apps refuses a redirect URI pattern that is not a regular expression, or a non-URL, with 400 naming redirectUris", async () => {
    const before = (await admin("GET", "/apps")).json.length;
    expectAdminError(await admin("POST", "/apps", { name: "Bad pattern", kind: "web", redirectUris: ["^(unclosed"] }), 400, "redirectUris");
    expectAdminError(await admin("POST", "/apps", { name: "Not a URL", kind: "web", redirectUris: ["not a url"] }), 400, "redirectUris");
    expect((await admin("GET", "/apps")).json.length).toBe(before);
  });

  // Rule: never a 500, never a half-written row. README (Differences): bodies nested deeper than 64 levels are a 400.
  it("POST /faults refuses a body nested too deep with 400, and stores no rule that would break every later request", async () => {
    try {
      const deep = `{"status":500,"path":"/no-such-path-for-this-rule","body":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
      expectAdminError(await raw(e, "POST", "/faults", deep), 400, "body");
      const rules = await admin("GET", "/faults");
      expect(rules.status, rules.text.slice(0, 200)).toBe(200);
      expect(rules.json).toEqual([]);
    } finally {
      await admin("DELETE", "/faults");
    }
  });

  // Rule: never a 500 / well-formed answers. README: faults take a `status` (200-599 accepted). RFC 9110 §8.6: no
  // Content-Length with content on a 204; a 304 has no content. undici's request() fails on the mismatch.
  it("a fault with status 204 or 304 answers without a body (no Content-Length: 227 on an empty answer)", async () => {
    const { access_token } = await e.admin.signIn({ tenant: "Cust12345", user: ADA });
    try {
      for (const status of [204, 304]) {
        expect((await admin("POST", "/faults", { path: "v1/Contact/2", status, times: 1 })).status).toBe(201);
        const r = await http("GET", `${e.url}/Cust12345/api/v1/Contact/2`, { headers: { authorization: `Bearer ${access_token}` } });
        expect(r.status).toBe(status);
        expect(r.text).toBe("");
      }
    } finally {
      await admin("DELETE", "/faults");
    }
  });

  // README: clock `{"now":"2030-01-01T00:00:00Z"}` (ISO); the message says "now: expected an ISO date-time". Determinism:
  // Date.parse's non-ISO fallbacks read the host's local time zone.
  it("POST /clock refuses `now` values that are not ISO date-times with 400 naming now", async () => {
    try {
      for (const now of ["foo 5", "12", "2030-02-30T00:00:00Z", "Tue Mar 07 2028"]) expectAdminError(await admin("POST", "/clock", { now }), 400, "now");
      expect(Math.abs((await admin("GET", "/clock")).json.offsetMs)).toBeLessThan(1000);
    } finally {
      await admin("DELETE", "/clock");
    }
  });

  // Rule: never a 500 (admin-api.test.ts: "refuses a move beyond what a date can represent with 400, instead of
  // breaking every later request"): each move is bounded, but their sum is not.
  it("repeated clock moves end in a 400, never a clock that fails every later request", async () => {
    try {
      let last: Response | undefined;
      for (let i = 0; i < 3000; i++) {
        last = await fetch(`${e.url}/_emulator/v1/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ advanceSeconds: HUNDRED_YEARS }) });
        await last.arrayBuffer();
        if (last.status !== 200) break;
      }
      expect(last!.status).toBe(400);
      expect((await admin("GET", "/clock")).status).toBe(200);
    } finally {
      await admin("DELETE", "/clock");
    }
  });

  // README: POST /tenants without contextIdentifier picks one; the 400 must not blame a field the caller never sent.
  it("POST /tenants without contextIdentifier still works after Cust999999999 exists", async () => {
    expect((await admin("POST", "/tenants", { contextIdentifier: "Cust999999999", profile: "empty" })).status).toBe(201);
    try {
      const next = await admin("POST", "/tenants", { profile: "empty" });
      expect(next.status, next.text).toBe(201);
      expect(next.json.contextIdentifier).toMatch(/^Cust\d{1,9}$/);
      await admin("DELETE", `/tenants/${next.json.contextIdentifier}`);
    } finally {
      await admin("DELETE", "/tenants/Cust999999999");
    }
  });

  // README: "POST tenants/{ctx}/reset (a seeded tenant's data back to the seed)": the seed says Europe/Stockholm.
  it("resetting a seeded tenant that was deleted and re-created puts its time zone back to the seed's", async () => {
    expect((await admin("DELETE", "/tenants/Cust54321")).status).toBe(204);
    expect((await admin("POST", "/tenants", { contextIdentifier: "Cust54321", profile: "empty", timeZone: "Asia/Tokyo" })).status).toBe(201);
    const reset = await admin("POST", "/tenants/Cust54321/reset");
    expect(reset.status).toBe(200);
    expect(reset.json).toMatchObject({ companyName: "Aurora Consulting AB", timeZone: "Europe/Stockholm" });
  });
});

describe("snapshot and restore with corrupt or foreign snapshots", () => {
  let e: StartedEmulator;
  let corrupt: [string, Uint8Array][];
  beforeAll(async () => {
    e = await startEmulator();
    const bytes = Buffer.from(await (await fetch(`${e.url}/_emulator/v1/snapshot`)).arrayBuffer());
    const flipped = Buffer.from(bytes);
    for (let i = 8192; i < 10_192; i++) flipped[i] = flipped[i]! ^ 0xff;
    const sameTables = new Database(":memory:");
    const real = new Database(bytes);
    sameTables.pragma(`user_version = ${real.pragma("user_version", { simple: true }) as number}`);
    for (const t of real.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]) sameTables.exec(`CREATE TABLE "${t}" (a)`);
    corrupt = [
      ["the SQLite header and then garbage", Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(4096, 0x41)])],
      ["a snapshot cut in half", bytes.subarray(0, Math.floor(bytes.length / 2))],
      ["a snapshot with damaged pages", flipped],
      ["the emulator's table names with other columns", sameTables.serialize()],
    ];
    real.close();
    sameTables.close();
  });
  afterAll(async () => e?.stop());
  const restore = (body: Uint8Array) => http("POST", `${e.url}/_emulator/v1/restore`, { body, headers: { "content-type": "application/octet-stream" } });

  // README: "POST restore" of "the whole state as one SQLite file"; bad input is a 400 naming the field, never a 500.
  it("refuses a corrupt or foreign SQLite file with 400 naming the body", async () => {
    for (const [what, body] of corrupt) {
      const r = await restore(body);
      expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBe(400);
      expect(r.json.message).toMatch(/^body:/);
    }
  });

  // Rule: never a half-written row: a refused restore leaves the store as it was.
  it("a refused restore leaves every tenant, app and secret as it was", async () => {
    await e.admin.apps.rotateSecret(WEB_APP);
    const before = { tenants: await e.admin.tenants.list(), apps: await e.admin.apps.list() };
    for (const [, body] of corrupt) expect((await restore(body)).status).not.toBe(200);
    expect(await e.admin.tenants.list()).toEqual(before.tenants);
    expect(await e.admin.apps.list()).toEqual(before.apps);
    const { access_token } = await e.admin.signIn({ tenant: "Cust12345", user: ADA });
    expect((await http("GET", `${e.url}/Cust12345/api/v1/Contact/2`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(200);
  });
});

describe("startEmulator(): reset() and determinism", () => {
  // README: reset() is "Everything back to the seed (store, clock, faults, activity)"; same seed, same ids.
  it("reset() undoes tenants, apps, secrets, states, consents, clock, faults and activity; ids repeat afterwards", async () => {
    const e = await startEmulator();
    try {
      const before = { tenants: await e.admin.tenants.list(), apps: await e.admin.apps.list(), consents: await e.admin.consents.list() };
      const first = await e.admin.tenants.create({ profile: "empty" });
      await e.admin.tenants.addUser(first.contextIdentifier as string, { username: "tester@example.com", administrator: true });
      await e.admin.apps.create({ name: "Temp", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
      await e.admin.apps.rotateSecret(WEB_APP);
      await e.admin.tenants.setState("Cust12345", "Suspended");
      await e.admin.consents.approve("59d1157d2e5ebe04bfb008f92aa48baa", "Cust54321");
      await e.admin.signIn({ tenant: "Cust54321", user: ADA });
      await e.admin.clock.advance(3600);
      await e.admin.faults.add({ path: "v1/Contact", status: 503 });
      await e.reset();
      expect(await e.admin.tenants.list()).toEqual(before.tenants);
      expect(await e.admin.apps.list()).toEqual(before.apps);
      expect(await e.admin.consents.list()).toEqual(before.consents);
      expect(Math.abs((await e.admin.clock.get()).offsetMs)).toBeLessThan(1000);
      expect((await http("GET", `${e.url}/_emulator/v1/faults`)).json).toEqual([]);
      expect((await http("GET", `${e.url}/_emulator/v1/requests`)).json.requests).toEqual([]);
      const again = await e.admin.tenants.create({ profile: "empty" });
      expect({ id: again.contextIdentifier, serial: again.serial }).toEqual({ id: first.contextIdentifier, serial: first.serial });
    } finally {
      await e.stop();
    }
  });

  // README "The default seed": "The same seed file gives byte-identical data"; a profile's amounts come from the seed file.
  it("tenants created from a profile follow this emulator's seed file, not an earlier emulator's in the same process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sod-conf-seed-"));
    const seed = (n: number, ref: string) =>
      JSON.stringify({ seed: 4242, referenceDate: ref, profiles: { standard: { contacts: 2, persons: 2, appointments: 0, sales: 0, associates: 1 }, small: { contacts: n, persons: n, appointments: 0, sales: 0, associates: 1 } }, tenants: [{ contextIdentifier: "Cust12345", companyName: "A AS" }] });
    writeFileSync(join(dir, "a.json"), seed(3, "2026-01-05T09:00:00Z"));
    writeFileSync(join(dir, "b.json"), seed(9, "2030-01-05T09:00:00Z"));
    const contactsOfNewTenant = async (file: string) => {
      const e = await startEmulator({ seed: file });
      try {
        const t = await e.admin.tenants.create({ profile: "small" });
        const db = new Database(Buffer.from(await (await fetch(`${e.url}/_emulator/v1/snapshot`)).arrayBuffer()));
        const n = db.prepare("SELECT count(*) FROM contacts WHERE context_identifier = ?").pluck().get(t.contextIdentifier) as number;
        db.close();
        return n;
      } finally {
        await e.stop();
      }
    };
    try {
      expect(await contactsOfNewTenant(join(dir, "a.json"))).toBe(4); // 3 generated + the tenant's own company
      expect(await contactsOfNewTenant(join(dir, "b.json"))).toBe(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("portal", () => {
  let e: StartedEmulator;
  let origin: string;
  let csrf: string;
  beforeAll(async () => {
    e = await startEmulator();
    origin = new URL(e.url).origin;
    csrf = /name="csrf" value="([^"]+)"/.exec((await http("GET", `${e.url}/portal/apps`)).text)![1]!;
  });
  afterAll(async () => e?.stop());
  const post = (path: string, form: Record<string, string>, headers: Record<string, string> = { origin }) =>
    http("POST", `${e.url}${path}`, { body: new URLSearchParams(form).toString(), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });

  // README Portal: "Forms check a CSRF token and the Origin header".
  it("refuses every form without the CSRF token, or from another origin, with 403 and changes nothing", async () => {
    const before = { tenants: await e.admin.tenants.list(), apps: await e.admin.apps.list() };
    const forms: [string, Record<string, string>][] = [
      ["/portal/apps", { name: "Forged", kind: "web" }], [`/portal/apps/${WEB_APP}/secret`, {}], [`/portal/apps/${WEB_APP}/revoke`, { tenant: "Cust12345" }],
      [`/portal/apps/${WEB_APP}/delete`, {}], ["/portal/tenants", { profile: "empty" }], ["/portal/tenants/Cust12345/state", { state: "Suspended" }],
      ["/portal/tenants/Cust12345/users", { username: "forged@example.com" }], ["/portal/tenants/Cust12345/reset", {}], ["/portal/reset", {}], ["/portal/tokens", { token: "a.b.c" }],
    ];
    for (const [path, form] of forms) {
      expect((await post(path, form)).status, `${path} without token`).toBe(403);
      expect((await post(path, { ...form, csrf: csrf.slice(0, -1) + (csrf.endsWith("A") ? "B" : "A") })).status, `${path} wrong token`).toBe(403);
      expect((await post(path, { ...form, csrf }, { origin: "http://evil.example" })).status, `${path} other origin`).toBe(403);
    }
    expect(await e.admin.tenants.list()).toEqual(before.tenants);
    expect(await e.admin.apps.list()).toEqual(before.apps);
  });

  // Rule: escaped output on every screen (app names, redirect URIs, tenant names, user names).
  it("escapes app names, redirect URIs, company names and user names on the Apps, app and Tenants pages", async () => {
    const app = await e.admin.apps.create({ name: '<script>alert("n")</script>', kind: "web", redirectUris: ['http://localhost/cb?x="><img src=x onerror=alert(1)>'] });
    const t = await e.admin.tenants.create({ profile: "empty", companyName: "<b onmouseover=alert(2)>Evil AS</b>" });
    await e.admin.tenants.addUser(t.contextIdentifier as string, { username: "<i>x</i>@example.com" });
    for (const path of ["/portal/apps", `/portal/apps/${app.clientId}`, "/portal/tenants", "/portal/activity"]) {
      const page = await http("GET", `${e.url}${path}`);
      expect(page.status).toBe(200);
      for (const bad of ["<script>alert", "<img src=x", "<b onmouseover", "<i>x</i>"]) expect(page.text, `${path} shows ${bad}`).not.toContain(bad);
    }
    expect((await http("GET", `${e.url}/portal/apps/${app.clientId}`)).text).toContain("&lt;img src=x");
  });

  // Rule: escaped output; the Tokens page shows pasted claims and header values.
  it("escapes a pasted JWT's header and claim names and values on the Tokens page", async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const token = `${b64({ alg: "<img src=x onerror=1>" })}.${b64({ "<svg onload=alert(1)>": "<script>alert(2)</script>", "http://schemes.superoffice.net/identity/<u>c</u>": "<u>v</u>", sub: "constructor", aud: "__proto__" })}.c2ln`;
    const r = await post("/portal/tokens", { csrf, token });
    expect(r.status).toBe(200);
    for (const bad of ["<img src=x", "<svg onload", "<script>alert", "<u>"]) expect(r.text).not.toContain(bad);
  });

  // Rule: never a 500; README Tokens: "paste an id_token ... and see ... whether the signature and lifetime are valid".
  it("the Tokens page answers a JWT with an out-of-range exp, iat or nbf without a 500", async () => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    for (const claims of [{ sub: "x", exp: 1e20 }, { sub: "x", iat: 1e300 }, { sub: "x", nbf: -1e20 }]) {
      const r = await post("/portal/tokens", { csrf, token: `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.c2ln` });
      expect(r.status, `${JSON.stringify(claims)}: ${r.text.slice(0, 200)}`).toBeLessThan(500);
      expect(r.headers["content-type"]).toMatch(/^text\/html/);
    }
  });

  // Rule: prototype names are not table entries; README Tenants: "create a tenant from a seed profile".
  it("the Tenants form refuses a profile named constructor with 400, creating nothing", async () => {
    const before = (await e.admin.tenants.list()).length;
    const r = await post("/portal/tenants", { csrf, profile: "constructor", contextIdentifier: "Cust770001", state: "Running" });
    expect(r.status).toBe(400);
    expect((await e.admin.tenants.list()).length).toBe(before);
  });
});

describe("admin key", () => {
  // README: "with --admin-key KEY every call needs Authorization: Bearer KEY"; Portal: "open /portal?adminKey=KEY once".
  it("guards every admin resource and portal page, however the path is spelled; ?adminKey= once sets a cookie", async () => {
    const e = await startEmulator({ adminKey: "s3cret-k3y" });
    try {
      const paths = ["/_emulator/v1/tenants", "/_EMULATOR/v1/Tenants", "/%5Femulator/v1/tenants", "/_emulator/v1/%74enants", "/_emulator//v1/tenants", "/_emulator/v1/tenants/",
        "/_emulator/v1/tenants/Cust12345/users", "/_emulator/v1/apps", "/_emulator/v1/consents", "/_emulator/v1/snapshot", "/_emulator/v1/clock", "/_emulator/v1/faults",
        "/_emulator/v1/requests", "/portal", "/Portal/apps", "/portal/tenants", "/portal/activity", "/portal/tokens", "/portal/apps/380c2292fe121635014c8e27e9f7d534/private-key.pem"];
      for (const p of paths) {
        for (const headers of [{}, { authorization: "Bearer s3cret" }, { "x-admin-key": "s3cret-k3yX" }, { cookie: "sod_admin=wrong" }]) {
          const r = await http("GET", `${e.url}${p}`, { headers });
          expect([401, 404], `${p} ${JSON.stringify(headers)}: ${r.status}`).toContain(r.status);
          expect(r.text).not.toContain("Fjordline");
        }
      }
      for (const [m, p] of [["POST", "/reset"], ["POST", "/restore"], ["POST", "/clock"], ["DELETE", "/faults"], ["POST", "/tenants/Cust12345/reset"], ["DELETE", `/apps/${WEB_APP}`]] as const) {
        expectAdminError(await http(m, `${e.url}/_emulator/v1${p}`, { json: { advanceSeconds: 1 } }), 401);
      }
      expect(await e.admin.apps.get(WEB_APP)).toMatchObject({ clientId: WEB_APP });
      expect((await http("GET", `${e.url}/portal?adminKey=wrong`)).headers["set-cookie"]).toBeUndefined();
      const once = await http("GET", `${e.url}/portal?adminKey=${"s3cret-k3y"}`);
      expect(once.status).toBeLessThan(400);
      const cookie = String(once.headers["set-cookie"]).split(";")[0]!;
      expect((await http("GET", `${e.url}/portal/tenants`, { headers: { cookie } })).text).toContain("Fjordline");
    } finally {
      await e.stop();
    }
  });

  // README: startEmulator's `adminKey` "Require[s] this key on the admin API and portal (the returned `admin` sends it)";
  // Configuration: --admin-key accepts "a non-empty string". A key no HTTP header can carry must be refused up front.
  it("a non-ASCII admin key is refused at start, or the returned admin client can use it", async () => {
    let refused: Error | undefined;
    const e = await startEmulator({ adminKey: "nøkkel-ключ" }).catch((err: Error) => {
      refused = err;
      return undefined;
    });
    if (!e) {
      expect(refused?.message).toMatch(/adminKey|admin-key/);
      return;
    }
    try {
      expect((await e.admin.tenants.list()).length).toBe(3);
    } finally {
      await e.stop();
    }
  });
});

describe("CLI", () => {
  const tmp = mkdtempSync(join(tmpdir(), "sod-conf-cli-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const oneLine = (stderr: string) => {
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  // README Seed file format: "`profile` (default `standard`)" of the file's profiles; "A broken seed file stops the
  // emulator with one line naming the file, the JSON path and what was expected"; exit code 2.
  it("a seed file whose tenant names the profile constructor is refused naming $.tenants[0].profile", async () => {
    const seed = JSON.parse(readFileSync(DEFAULT_SEED_FILE, "utf8"));
    seed.tenants[0].profile = "constructor";
    const file = join(tmp, "ctor-seed.json");
    writeFileSync(file, JSON.stringify(seed));
    const { code, stderr } = await runCli(["seed", "--out", "-", "--seed", file]);
    expect(code).toBe(2);
    expect(stderr).toContain("$.tenants[0].profile");
    oneLine(stderr);
  });

  // README Configuration: the config file takes "the keys below"; anything else is one line and exit 2.
  it("a config file with __proto__ or constructor keys exits 2 with one line", async () => {
    for (const [name, text] of [["proto.json", '{"__proto__":{"port":1}}'], ["ctor.json", '{"constructor":1}'], ["arr.json", "[1]"]]) {
      const file = join(tmp, name!);
      writeFileSync(file, text!);
      const { code, stdout, stderr } = await runCli(["info", "--in-memory", "--config", file]);
      expect(code, stderr).toBe(2);
      expect(stdout).toBe("");
      oneLine(stderr);
    }
  });

  // README Command line: "Bad options, environment values, config files or seed files print one line and exit with code 2."
  it.each([
    ["seed --out into a missing directory", ["seed", "--out", "/nonexistent-dir/sub/out.json"], /--out/],
    ["--data naming a file", ["info", "--data", DEFAULT_SEED_FILE], /--data/],
    ["--host that is not a host", ["start", "--in-memory", "--port", "0", "--host", "no such host!"], /--host/],
  ])("%s exits 2 with one line naming the option", async (_what, args, option) => {
    const { code, stderr } = await runCli(args as string[]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(option);
    oneLine(stderr);
  });

  // Rule: regex backtracking on crafted input must not hang the emulator; README faults: `path` substring or `/regex/`.
  it("a fault path regex with nested quantifiers is refused, or at least does not hang the emulator", async () => {
    const server = await startCli(["--in-memory"]);
    try {
      const added = await http("POST", `${server.url}/_emulator/v1/faults`, { json: { path: "/(a|aa)+b/", status: 503 } });
      if (added.status === 400) return; // refused up front: fine
      expect(added.status).toBe(201);
      const res = await fetch(`${server.url}/Cust12345/api/${"a".repeat(48)}`, { signal: AbortSignal.timeout(3000) }).then((r) => r.status, (err: Error) => err.name);
      expect(res).not.toBe("TimeoutError");
    } finally {
      await server.stop("SIGKILL");
    }
  });
});
