import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { ADA, WEB_APP, http } from "../support/admin-conformance.js";

/**
 * Adversarial conformance of the admin API, startEmulator(), the portal and the CLI against README.md and the
 * product rules: bad input is a clear error with the right status (never a 500, never a half-written row),
 * CSRF on every portal form, escaped output, determinism, and the admin key.
 */


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
