import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { ADA, HUNDRED_YEARS, SEEDED, WEB_APP, adminOf, expectAdminError, http, raw } from "../support/admin-conformance.js";

/**
 * Adversarial conformance of the admin API, startEmulator(), the portal and the CLI against README.md and the
 * product rules: bad input is a clear error with the right status (never a 500, never a half-written row),
 * CSRF on every portal form, escaped output, determinism, and the admin key.
 */

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
