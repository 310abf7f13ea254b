import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { ADA, client, expectAdminError, expectSoError, http } from "../support/admin-http.js";

/**
 * The admin API (/_emulator/v1) end to end: over raw HTTP where the shape of the answer matters, and
 * through the typed client that startEmulator() returns elsewhere. Every admin answer is checked to be
 * below 500: bad input is a 400 naming the field, unknown ids 404, conflicts 409.
 */

describe("clock", () => {
  let e: StartedEmulator;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    e = await startEmulator();
    api = client(e);
  });
  afterEach(async () => {
    await api.admin("DELETE", "/clock");
  });
  afterAll(async () => {
    await e?.stop();
  });

  it("advancing past the access token's lifetime refuses the same token; DELETE /clock accepts it again", async () => {
    const { access_token } = await e.admin.signIn({ tenant: "Cust12345", user: ADA });
    expect((await api.tenant(access_token, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);

    const moved = await api.admin("POST", "/clock", { advanceSeconds: 7200 });
    expect(moved.status, moved.text).toBe(200);
    expect(Object.keys(moved.json).sort()).toEqual(["now", "offsetMs"]);
    expect(Math.abs(moved.json.offsetMs - 7_200_000)).toBeLessThan(100);
    expect(Math.abs(Date.parse(moved.json.now) - (Date.now() + 7_200_000))).toBeLessThan(1000);

    const refused = await api.tenant(access_token, "GET", "Cust12345", "v1/Contact/2");
    expectSoError(refused, 401, "UnauthorizedAccessException", "The access token has expired");
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer realm="Cust12345"/);

    const back = await api.admin("DELETE", "/clock");
    expect(back.status).toBe(200);
    expect(Math.abs(back.json.offsetMs)).toBeLessThan(100);
    const accepted = await api.tenant(access_token, "GET", "Cust12345", "v1/Contact/2");
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.json.ContactId).toBe(2);
  });

  it("POST {now} moves the clock to that instant, GET shows it, DELETE puts it back", async () => {
    const target = Date.parse("2030-01-01T00:00:00Z");
    const set = await api.admin("POST", "/clock", { now: "2030-01-01T00:00:00Z" });
    expect(set.status, set.text).toBe(200);
    expect(Date.parse(set.json.now) - target).toBeGreaterThanOrEqual(0);
    expect(Date.parse(set.json.now) - target).toBeLessThan(1000);
    const shown = await api.admin("GET", "/clock");
    expect(shown.status).toBe(200);
    expect(shown.json.now).toMatch(/^2030-01-01T00:00:0\d\.\d{3}Z$/);
    expect(Math.abs(shown.json.offsetMs - (target - Date.now()))).toBeLessThan(1000);
    // The typed client sees the same clock.
    expect((await e.admin.clock.get()).now).toMatch(/^2030-01-01T00:00:0/);
    const reset = await e.admin.clock.reset();
    expect(Math.abs(reset.offsetMs)).toBeLessThan(100);
    expect(Math.abs(Date.parse((await e.admin.clock.get()).now) - Date.now())).toBeLessThan(1000);
  });

  it("refuses bad bodies with 400 naming the field, and leaves the clock alone", async () => {
    expectAdminError(await api.admin("POST", "/clock", {}), 400, "advanceSeconds or now");
    expectAdminError(await api.admin("POST", "/clock", { advanceSeconds: "7200" }), 400, "advanceSeconds");
    expectAdminError(await api.admin("POST", "/clock", { advanceSeconds: null, now: 5 }), 400, "now");
    expectAdminError(await api.admin("POST", "/clock", { now: "next tuesday" }), 400, "now");
    expectAdminError(await http("POST", `${e.url}/_emulator/v1/clock`, { body: "{not json", headers: { "content-type": "application/json" } }), 400, "body");
    expectAdminError(await http("POST", `${e.url}/_emulator/v1/clock`, { body: "[7200]", headers: { "content-type": "application/json" } }), 400, "body");
    expect(Math.abs((await e.admin.clock.get()).offsetMs)).toBeLessThan(100);
  });

  it("refuses a move beyond what a date can represent with 400, instead of breaking every later request", async () => {
    const { access_token } = await e.admin.signIn({ tenant: "Cust12345", user: ADA });
    expectAdminError(await api.admin("POST", "/clock", { advanceSeconds: 1e13 }), 400, "advanceSeconds");
    // Whatever the answer, SuperID and the tenant API must still answer.
    const after = await api.tenant(access_token, "GET", "Cust12345", "v1/Contact/2");
    expect(after.status, after.text).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("faults", () => {
  let e: StartedEmulator;
  let api: ReturnType<typeof client>;
  let ada12345: string;
  let ada54321: string;
  beforeAll(async () => {
    e = await startEmulator();
    api = client(e);
    ada12345 = (await e.admin.signIn({ tenant: "Cust12345", user: ADA })).access_token;
    ada54321 = (await e.admin.signIn({ tenant: "Cust54321", user: ADA })).access_token;
  });
  afterEach(async () => {
    await api.admin("DELETE", "/faults");
  });
  afterAll(async () => {
    await e?.stop();
  });

  it("answers the next `times` matching requests with the status and a SuperOffice error body, then lets them through", async () => {
    const added = await api.admin("POST", "/faults", { path: "v1/Contact", status: 503, times: 2 });
    expect(added.status, added.text).toBe(201);
    expect(added.json).toEqual({ id: expect.any(Number), tenant: null, path: "v1/Contact", method: null, status: 503, body: null, latencyMs: 0, remaining: 2 });
    const id = added.json.id as number;
    expect((await api.admin("GET", "/faults")).json).toEqual([added.json]);

    for (let i = 0; i < 2; i++) {
      expectSoError(await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2"), 503, "InjectedFault", `Fault injected by the emulator's admin API (rule ${id})`);
    }
    const third = await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2");
    expect(third.status, third.text).toBe(200);
    expect(third.json.ContactId).toBe(2);
    // Spent rules are gone.
    expect((await api.admin("GET", "/faults")).json).toEqual([]);
  });

  it("a rule with a tenant and a custom body applies only to that tenant; DELETE /faults clears it", async () => {
    const custom = { Error: true, ErrorType: "Throttled", ErrorMessage: "slow down", Message: "slow down", ErrorSource: "test" };
    const added = await api.admin("POST", "/faults", { tenant: "Cust54321", path: "/api/v1/contact/", status: 429, body: custom });
    expect(added.status, added.text).toBe(201);
    expect(added.json).toMatchObject({ tenant: "Cust54321", status: 429, body: custom, remaining: null });

    const other = await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2");
    expect(other.status, other.text).toBe(200);
    for (let i = 0; i < 3; i++) {
      const hit = await api.tenant(ada54321, "GET", "Cust54321", "v1/Contact/2");
      expect(hit.status).toBe(429);
      expect(hit.json).toEqual(custom);
    }
    // Another path of the same tenant is not affected.
    expect((await api.tenant(ada54321, "GET", "Cust54321", "v1/Person/1")).status).toBe(200);

    const cleared = await api.admin("DELETE", "/faults");
    expect(cleared.status).toBe(204);
    expect(cleared.text).toBe("");
    expect((await api.admin("GET", "/faults")).json).toEqual([]);
    expect((await api.tenant(ada54321, "GET", "Cust54321", "v1/Contact/2")).status).toBe(200);
  });

  it("latencyMs delays the answer by at least that long (alone, and before an injected status)", async () => {
    const baselineStart = performance.now();
    expect((await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);
    const baseline = performance.now() - baselineStart;

    expect((await api.admin("POST", "/faults", { path: "v1/Contact/2", latencyMs: 300, times: 1 })).status).toBe(201);
    let start = performance.now();
    const slow = await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2");
    const slowMs = performance.now() - start;
    expect(slow.status, slow.text).toBe(200);
    expect(slow.json.ContactId).toBe(2);
    expect(slowMs).toBeGreaterThanOrEqual(295);

    start = performance.now();
    expect((await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);
    expect(performance.now() - start).toBeLessThan(baseline + 250);

    expect((await api.admin("POST", "/faults", { method: "get", path: "/v1\\/Contact\\/\\d+$/", status: 500, latencyMs: 200, times: 1 })).status).toBe(201);
    start = performance.now();
    expectSoError(await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2"), 500, "InjectedFault");
    expect(performance.now() - start).toBeGreaterThanOrEqual(195);
  });

  it("refuses bad rules with 400 naming the field", async () => {
    expectAdminError(await api.admin("POST", "/faults", { status: 99 }), 400, "status");
    expectAdminError(await api.admin("POST", "/faults", { status: 600 }), 400, "status");
    expectAdminError(await api.admin("POST", "/faults", { status: 503.5 }), 400, "status");
    expectAdminError(await api.admin("POST", "/faults", { status: "503" }), 400, "status");
    expectAdminError(await api.admin("POST", "/faults", { status: 503, times: 0 }), 400, "times");
    expectAdminError(await api.admin("POST", "/faults", { status: 503, times: 1.5 }), 400, "times");
    expectAdminError(await api.admin("POST", "/faults", { path: "v1/Contact" }), 400, "status or latencyMs");
    expectAdminError(await api.admin("POST", "/faults", {}), 400, "status or latencyMs");
    expectAdminError(await api.admin("POST", "/faults", { latencyMs: -1 }), 400, "latencyMs");
    expectAdminError(await api.admin("POST", "/faults", { latencyMs: 60_001 }), 400, "latencyMs");
    expectAdminError(await api.admin("POST", "/faults", { status: 503, path: 7 }), 400, "path");
    expectAdminError(await api.admin("POST", "/faults", { status: 503, tenant: ["Cust12345"] }), 400, "tenant");
    expectAdminError(await api.admin("POST", "/faults", { status: 503, method: true }), 400, "method");
    // Nothing was added.
    expect((await api.admin("GET", "/faults")).json).toEqual([]);
  });

  it("refuses a path that is not a valid regular expression with 400, instead of failing every later request", async () => {
    const added = await api.admin("POST", "/faults", { path: "/[/", status: 503 });
    expectAdminError(added, 400, "path");
    const after = await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2");
    expect(after.status, after.text).toBe(200);
  });

  it("never affects /_emulator, /portal or /health", async () => {
    expect((await api.admin("POST", "/faults", { status: 503 })).status).toBe(201);
    expect((await api.admin("POST", "/faults", { path: "_emulator", status: 500, latencyMs: 1000 })).status).toBe(201);
    const start = performance.now();
    expect((await api.admin("GET", "/tenants")).status).toBe(200);
    expect((await api.admin("GET", "/faults")).json).toHaveLength(2);
    expect((await api.admin("GET", "/clock")).status).toBe(200);
    expect((await http("GET", `${e.url}/health`)).status).toBe(200);
    expect(performance.now() - start).toBeLessThan(1000);
    // While the tenant API is faulted.
    expectSoError(await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2"), 503, "InjectedFault");
    expect((await api.admin("DELETE", "/faults")).status).toBe(204);
    expect((await api.tenant(ada12345, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);
  });
});
