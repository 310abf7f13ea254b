import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { ADA, SEEDED, client, expectAdminError, expectSoError, http } from "../support/admin-http.js";

/**
 * The admin API (/_emulator/v1) end to end: over raw HTTP where the shape of the answer matters, and
 * through the typed client that startEmulator() returns elsewhere. Every admin answer is checked to be
 * below 500: bad input is a 400 naming the field, unknown ids 404, conflicts 409.
 */

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe("requests", () => {
  let e: StartedEmulator;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    e = await startEmulator();
    api = client(e);
  });
  afterAll(async () => {
    await e?.stop();
  });

  it("lists SuperID and tenant API calls newest first, with failures' bodies, filters, and a per-app summary", async () => {
    const web = e.apps.find((a) => a.kind === "web")!;
    const native = e.apps.find((a) => a.kind === "native")!;
    const webToken = (await e.admin.signIn({ tenant: "Cust12345", user: ADA, app: web.clientId })).access_token;
    const nativeToken = (await e.admin.signIn({ tenant: "Cust54321", user: ADA, app: native.clientId })).access_token;
    expect((await api.tenant(webToken, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);
    expect((await api.tenant(webToken, "GET", "Cust12345", "v1/Contact/999999")).status).toBe(404);
    expect((await api.tenant(nativeToken, "GET", "Cust54321", "v1/Contact/3")).status).toBe(200);
    // Admin calls are not recorded.
    await api.admin("GET", "/tenants");

    const all = await api.admin("GET", "/requests");
    expect(all.status).toBe(200);
    expect(Object.keys(all.json).sort()).toEqual(["requests", "summary"]);
    const requests = all.json.requests as Record<string, unknown>[];
    for (const r of requests) {
      expect(Object.keys(r).sort()).toEqual(["clientId", "durationMs", "error", "id", "method", "path", "status", "tenant", "time"]);
      expect(r.durationMs).toEqual(expect.any(Number));
      expect(r.durationMs as number).toBeGreaterThanOrEqual(0);
      expect(r.path).not.toMatch(/^\/_emulator/i);
    }
    // Newest first.
    const ids = requests.map((r) => r.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const times = requests.map((r) => Date.parse(r.time as string));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    expect(requests[0]).toMatchObject({ method: "GET", path: "/Cust54321/api/v1/Contact/3", status: 200, clientId: native.clientId, tenant: "Cust54321", error: null });
    expect(requests[1]).toMatchObject({ method: "GET", path: "/Cust12345/api/v1/Contact/999999", status: 404, clientId: web.clientId, tenant: "Cust12345" });
    expect(JSON.parse(requests[1]!.error as string)).toMatchObject({ Error: true, ErrorType: "SoNotFoundException", ErrorMessage: "Contact id 999999 not found" });
    expect(requests[2]).toMatchObject({ method: "GET", path: "/Cust12345/api/v1/Contact/2", status: 200, clientId: web.clientId, tenant: "Cust12345", error: null });
    // The sign-ins were recorded too.
    expect(requests.filter((r) => r.path === "/login/common/oauth/authorize")).toHaveLength(2);
    const tokenCalls = requests.filter((r) => r.path === "/login/common/oauth/tokens" && r.method === "POST" && r.status === 200);
    // The token endpoint names its app from the form body it reads anyway.
    expect(tokenCalls.map((r) => r.clientId).sort()).toEqual([web.clientId, native.clientId].sort());

    const byWeb = (await api.admin("GET", `/requests?clientId=${web.clientId}`)).json.requests as Record<string, unknown>[];
    expect(byWeb.length).toBeGreaterThanOrEqual(3);
    expect(byWeb.every((r) => r.clientId === web.clientId)).toBe(true);
    expect(byWeb.filter((r) => String(r.path).startsWith("/Cust12345/api/")).map((r) => r.path)).toEqual(["/Cust12345/api/v1/Contact/999999", "/Cust12345/api/v1/Contact/2"]);

    const by54321 = (await api.admin("GET", "/requests?tenant=Cust54321")).json.requests as Record<string, unknown>[];
    expect(by54321.length).toBeGreaterThanOrEqual(1);
    expect(by54321.every((r) => r.tenant === "Cust54321")).toBe(true);
    expect(by54321[0]).toMatchObject({ path: "/Cust54321/api/v1/Contact/3" });
    expect((await e.admin.requests({ tenant: "cust54321" })).requests).toEqual(by54321);

    const both = (await api.admin("GET", `/requests?clientId=${web.clientId}&tenant=Cust54321`)).json.requests;
    expect(both).toEqual([]);
    expect((await api.admin("GET", "/requests?limit=2")).json.requests).toEqual(requests.slice(0, 2));

    // Summary: per app, consistent with the recorded calls.
    const summary = all.json.summary as { clientId: string | null; calls: number; failures: number; medianMs: number }[];
    for (const s of summary) {
      expect(Object.keys(s).sort()).toEqual(["calls", "clientId", "failures", "medianMs"]);
      const mine = requests.filter((r) => r.clientId === s.clientId);
      expect(s.calls).toBe(mine.length);
      expect(s.failures).toBe(mine.filter((r) => (r.status as number) >= 400).length);
      expect(s.medianMs).toBe(median(mine.map((r) => r.durationMs as number)));
    }
    expect(summary.find((s) => s.clientId === web.clientId)).toMatchObject({ failures: 1 });
    expect(summary.find((s) => s.clientId === native.clientId)).toMatchObject({ failures: 0 });

    // Reset clears the record.
    await e.admin.reset();
    expect((await api.admin("GET", "/requests")).json).toEqual({ summary: [], requests: [] });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("tenants", () => {
  let e: StartedEmulator;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    e = await startEmulator();
    api = client(e);
  });
  afterAll(async () => {
    await e?.stop();
  });

  it("lists and gets the seeded tenants", async () => {
    const list = await api.admin("GET", "/tenants");
    expect(list.status).toBe(200);
    expect(list.json.map((t: { contextIdentifier: string }) => t.contextIdentifier)).toEqual(SEEDED);
    const first = list.json[0];
    expect(first).toEqual({
      contextIdentifier: "Cust12345",
      companyName: "Fjordline Trading AS",
      serial: expect.stringMatching(/^\d{10}$/),
      state: "Running",
      isRunning: true,
      timeZone: "Europe/Oslo",
      host: null,
      webApiUrl: `${e.url}/Cust12345/api/`,
      users: expect.arrayContaining([
        { username: ADA, associateId: expect.any(Number), administrator: true },
        { username: "bob.user@example.com", associateId: expect.any(Number), administrator: false },
      ]),
    });
    expect(list.json[2]).toMatchObject({ contextIdentifier: "Cust99999", state: "OfflineMaintenance", isRunning: false, timeZone: "Europe/London" });

    for (const asked of ["Cust12345", "cust12345"]) {
      const one = await api.admin("GET", `/tenants/${asked}`);
      expect(one.status).toBe(200);
      expect(one.json).toEqual(first);
    }
    const users = await api.admin("GET", "/tenants/Cust12345/users");
    expect(users.status).toBe(200);
    expect(users.json).toEqual(first.users);
  });

  it("a state change takes the tenant API down (503) and back up", async () => {
    const { access_token } = await e.admin.signIn({ tenant: "Cust54321", user: ADA });
    try {
      const suspended = await api.admin("PUT", "/tenants/Cust54321/state", { state: "Suspended" });
      expect(suspended.status, suspended.text).toBe(200);
      expect(suspended.json).toMatchObject({ contextIdentifier: "Cust54321", state: "Suspended", isRunning: false });
      const down = await api.tenant(access_token, "GET", "Cust54321", "v1/Contact/2");
      expectSoError(down, 503, "TenantNotRunning", "Tenant Cust54321 is Suspended");
      expect(down.headers["retry-after"]).toBe("60");

      const running = await api.admin("PUT", "/tenants/Cust54321/state", { state: "running" });
      expect(running.status).toBe(200);
      expect(running.json).toMatchObject({ state: "Running", isRunning: true });
      expect((await api.tenant(access_token, "GET", "Cust54321", "v1/Contact/2")).status).toBe(200);

      expectAdminError(await api.admin("PUT", "/tenants/Cust54321/state", { state: "Asleep" }), 400, "state");
      expectAdminError(await api.admin("PUT", "/tenants/Cust54321/state", {}), 400, "state");
      expectAdminError(await api.admin("PUT", "/tenants/Cust54321/state", { state: 3 }), 400, "state");
      expectAdminError(await api.admin("PUT", "/tenants/Cust424242/state", { state: "Running" }), 404);
      expect((await api.admin("GET", "/tenants/Cust54321")).json.state).toBe("Running");
    } finally {
      await e.admin.tenants.setState("Cust54321", "Running");
    }
  });

  it("refuses bad creations: duplicate 409, bad profile, time zone, identifier or state 400", async () => {
    const before = (await e.admin.tenants.list()).length;
    expectAdminError(await api.admin("POST", "/tenants", { contextIdentifier: "Cust12345", profile: "small" }), 409, "contextIdentifier");
    expectAdminError(await api.admin("POST", "/tenants", { profile: "huge" }), 400, "profile");
    expectAdminError(await api.admin("POST", "/tenants", { profile: 3 }), 400, "profile");
    expectAdminError(await api.admin("POST", "/tenants", { profile: "small", timeZone: "Mars/Olympus_Mons" }), 400, "timeZone");
    expectAdminError(await api.admin("POST", "/tenants", { profile: "small", contextIdentifier: "Acme" }), 400, "contextIdentifier");
    expectAdminError(await api.admin("POST", "/tenants", { profile: "small", state: "Dormant" }), 400, "state");
    expectAdminError(await api.admin("POST", "/tenants", { profile: "small", companyName: 42 }), 400, "companyName");
    expectAdminError(await http("POST", `${e.url}/_emulator/v1/tenants`, { body: "nope", headers: { "content-type": "application/json" } }), 400, "body");
    expect((await e.admin.tenants.list()).length).toBe(before);
  });

  it("unknown tenants are 404 everywhere", async () => {
    expectAdminError(await api.admin("GET", "/tenants/Cust424242"), 404);
    expectAdminError(await api.admin("DELETE", "/tenants/Cust424242"), 404);
    expectAdminError(await api.admin("GET", "/tenants/Cust424242/users"), 404);
    expectAdminError(await api.admin("POST", "/tenants/Cust424242/users", { username: "x@example.com" }), 404);
    expectAdminError(await api.admin("GET", "/tenants/nothing-like-a-tenant"), 404);
  });

  it("names an unknown tenant in the 404 as the caller wrote it", async () => {
    const reply = await api.admin("GET", "/tenants/Cust424242");
    expectAdminError(reply, 404);
    expect(reply.json.message).toBe("unknown tenant Cust424242");
  });

  it("adds users (409 for a second time, 400 without a username), and deletes a tenant: 204, then 404", async () => {
    const t = await e.admin.tenants.create({ profile: "small" });
    const ctx = t.contextIdentifier;
    expect(ctx).toMatch(/^Cust\d+$/);
    expect(SEEDED).not.toContain(ctx);
    expect((await api.admin("POST", `/tenants/${ctx}/users`, { username: "del@example.com", administrator: true })).status).toBe(201);
    expectAdminError(await api.admin("POST", `/tenants/${ctx}/users`, { username: "del@example.com" }), 409);
    expectAdminError(await api.admin("POST", `/tenants/${ctx}/users`, {}), 400, "username");
    expectAdminError(await api.admin("POST", `/tenants/${ctx}/users`, { username: "del2@example.com", administrator: "yes" }), 400, "administrator");
    const { access_token } = await e.admin.signIn({ tenant: ctx, user: "del@example.com" });
    expect((await api.tenant(access_token, "GET", ctx, "v1/Contact/2")).status).toBe(200);

    const deleted = await api.admin("DELETE", `/tenants/${ctx}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    expectAdminError(await api.admin("GET", `/tenants/${ctx}`), 404);
    expectAdminError(await api.admin("DELETE", `/tenants/${ctx}`), 404);
    expect((await e.admin.tenants.list()).map((x) => x.contextIdentifier)).toEqual(SEEDED);
    expectSoError(await api.tenant(access_token, "GET", ctx, "v1/Contact/2"), 404, "TenantNotFound");
  });

  // How fast is measured by `npm run bench` ("a fresh tenant from the seed profile"), not here: a timed
  // assertion fails on a busy machine without anything being wrong.
  it("creates tenants from each profile, again and again, each with its own id", async () => {
    const created: string[] = [];
    for (const profile of ["small", "standard"]) {
      // The first creation of a profile generates its rows; the following ones only stamp and insert them.
      for (let i = 0; i < 3; i++) created.push((await e.admin.tenants.create({ profile })).contextIdentifier);
    }
    expect(new Set(created).size).toBe(created.length);
    // Each is a real tenant with its profile's data.
    const last = (await api.admin("GET", `/tenants/${created.at(-1)}`)).json;
    expect(last).toMatchObject({ state: "Running", isRunning: true, users: [] });
    for (const ctx of created) expect((await api.admin("DELETE", `/tenants/${ctx}`)).status).toBe(204);
  });
});
