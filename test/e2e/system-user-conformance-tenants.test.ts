import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { SO, STACK, T1, T2, call, clockReset, h, harness } from "../support/system-user-conformance.js";

/**
 * Adversarial spec conformance of the system user (identity.md §8), tickets on the tenant API (§8.6-8.7),
 * tenant states and the status API (§9.1), host mode (§9.2), consents (§10) and the admin API that drives
 * them (README "Admin API"). Everything goes over HTTP; the admin API sets clocks, states and consents.
 */

describe("§8.6-8.7 tickets, §10 consents, through the admin API", () => {
  it("§10 revoking via DELETE consents: exchange is 'Revoked (1)', the ticket 401; the other tenant's ticket is untouched; re-approval keeps the system token", async () => {
    const t1 = await h.ticket(T1);
    const t2 = await h.ticket(T2);
    const revoked = await h.admin("DELETE", `/consents/${h.app.clientId}/${T2}`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.json).toMatchObject({ status: "Revoked", systemToken: h.tokens[T2] });
    try {
      const r = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T2]!), ContextIdentifier: T2 }));
      expect(r.json).toMatchObject({ IsSuccessful: false, ErrorMessage: expect.stringMatching(/Revoked \(1\)/) });
      expect((await h.api("v1/User/currentPrincipal", t2, { tenant: T2 })).status).toBe(401);
      expect((await h.api("v1/User/currentPrincipal", t1)).status).toBe(200);
    } finally {
      const again = await h.admin("POST", "/consents", { clientId: h.app.clientId, contextIdentifier: T2 });
      expect(again.json!.systemToken).toBe(h.tokens[T2]);
    }
    expect((await h.api("v1/User/currentPrincipal", t2, { tenant: T2 })).status).toBe(401);
    expect((await h.api("v1/User/currentPrincipal", await h.ticket(T2), { tenant: T2 })).status).toBe(200);
  });

  it("§8.7 'SO-AppToken … equals the client_secret': after a new secret, the old one fails for the exchange and the ticket, the new one works", async () => {
    const ticket = await h.ticket();
    const old = h.app.clientSecret!;
    const rotated = await h.admin("POST", `/apps/${h.app.clientId}/secret`);
    expect(rotated.status).toBe(200);
    const secret = String(rotated.json!.clientSecret);
    try {
      expect((await h.exchange(h.body({ ApplicationToken: old }))).json).toMatchObject({ IsSuccessful: false, ErrorMessage: expect.stringMatching(/ApplicationToken/) });
      expect((await h.api("v1/User/currentPrincipal", ticket, { appToken: old })).status).toBe(401);
      expect((await h.api("v1/User/currentPrincipal", ticket, { appToken: secret })).status).toBe(200);
      expect((await h.exchange(h.body({ ApplicationToken: secret }))).json?.IsSuccessful).toBe(true);
    } finally {
      (h.app as { clientSecret: string | null }).clientSecret = secret;
    }
  });

  it("§8.6 '6 h, sliding' with the admin clock: used at 5 h and 10 h it lives; 6 h 1 min after the last use it is 401", async () => {
    const ticket = await h.ticket();
    try {
      for (const seconds of [5 * 3600, 5 * 3600]) {
        await h.admin("POST", "/clock", { advanceSeconds: seconds });
        expect((await h.api("v1/Contact/2", ticket)).status).toBe(200);
      }
      await h.admin("POST", "/clock", { advanceSeconds: 6 * 3600 + 60 });
      const r = await h.api("v1/Contact/2", ticket);
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ Error: true, ErrorType: "UnauthorizedAccessException" });
    } finally {
      await clockReset();
    }
  });
});

describe("§9.1 tenant states through the admin API: tickets, exchange, state API", () => {
  const NOT_RUNNING = ["Unknown", "Provisioning", "Suspended", "OfflineMaintenance", "ProvisioningFailed", "Deleting", "DeleteFailed", "MigrationPending", "Deleted"];
  it.each(NOT_RUNNING)("%s: the ticket is 503 with Retry-After (Deleted 404), the exchange refused; Running again, the same ticket works", async (state) => {
    const ticket = await h.ticket(T2);
    const put = await h.admin("PUT", `/tenants/${T2}/state`, { state: state.toUpperCase() });
    expect(put.json, put.text).toMatchObject({ state, isRunning: false });
    try {
      const r = await h.api("v1/Contact/2", ticket, { tenant: T2 });
      if (state === "Deleted") expect(r.status).toBe(404);
      else {
        expect(r.status, r.text).toBe(503);
        expect(String(r.headers["retry-after"])).toMatch(/^\d+$/);
        expect(r.json).toMatchObject({ ErrorType: "TenantNotRunning" });
      }
      const ex = await h.exchange(h.body({ SignedSystemToken: h.sign(h.tokens[T2]!), ContextIdentifier: T2 }));
      expect(ex.json).toMatchObject({ IsSuccessful: false, Token: null });
      expect((await call(h.emulator.url, "GET", `/api/state/${T2}`)).json).toMatchObject({ State: state, IsRunning: false });
    } finally {
      expect((await h.admin("PUT", `/tenants/${T2}/state`, { state: "Running" })).status).toBe(200);
    }
    expect((await h.api("v1/Contact/2", ticket, { tenant: T2 })).status).toBe(200);
  });

  it("OnlineMaintenance serves tickets and the exchange (IsRunning true)", async () => {
    await h.admin("PUT", `/tenants/${T2}/state`, { state: "OnlineMaintenance" });
    try {
      expect((await h.api("v1/Contact/2", await h.ticket(T2), { tenant: T2 })).status).toBe(200);
      expect((await call(h.emulator.url, "GET", `/api/state/${T2}`)).json).toMatchObject({ State: "OnlineMaintenance", IsRunning: true });
    } finally {
      await h.admin("PUT", `/tenants/${T2}/state`, { state: "Running" });
    }
  });

  it("PUT state refuses odd bodies with 400 naming state, never 500", async () => {
    for (const body of [{ state: "__proto__" }, { state: "constructor" }, { state: 2 }, { state: "" }, [], "x", { state: "Running " }]) {
      const r = await h.admin("PUT", `/tenants/${T2}/state`, body);
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(400);
      expect(String(r.json?.message)).toMatch(/state|body/);
    }
    expect((await call(h.emulator.url, "GET", `/api/state/${T2}`)).json).toMatchObject({ State: "Running" });
  });

  it.each([
    ["state API", "/api/state/Cust%ZZ"],
    ["tenant API (tenantLookup)", "/Cust%ZZ/api/v1/Contact/2"],
    ["admin API tenants", "/_emulator/v1/tenants/Cust%ZZ"],
  ])("%s: a malformed percent-escape in the ContextIdentifier is 404, not 500", async (_name, path) => {
    const r = await call(h.emulator.url, "GET", path, { headers: { accept: "application/json" } });
    expect(r.status, r.text).toBe(404);
    expect(r.text).not.toMatch(STACK);
  });
});

describe("§9.2 host mode (--tenant-host sod2.localhost)", () => {
  const hm = harness({ tenantHost: "sod2.localhost" });
  const port = () => new URL(hm.emulator.url).port;

  it("the system-user JWT's webapi_url and netserver_url name the tenant host; its ticket works there (any case of Host) and is 421 on the auth host", async () => {
    const p = decodeJwt(await hm.jwt());
    expect(p[`${SO}webapi_url`]).toBe(`http://sod2.localhost:${port()}/${T1}/api/`);
    expect(p[`${SO}netserver_url`]).toBe(`http://sod2.localhost:${port()}/${T1}/Remote/Services88/`);
    const ticket = String(p[`${SO}ticket`]);
    expect((await hm.api("v1/User/currentPrincipal", ticket, { host: "SOD2.LocalHost" })).status).toBe(200);
    const wrong = await hm.api("v1/User/currentPrincipal", ticket, { host: "localhost" });
    expect(wrong.status).toBe(421);
    expect(wrong.json).toMatchObject({ ErrorMessage: "Wrong subdomain used to access tenant" });
    // 421 comes before credentials: garbage credentials on the wrong host are still 421, not 401.
    expect((await hm.api("v1/User/currentPrincipal", "7T:garbage", { host: "localhost" })).status).toBe(421);
  });

  it("§9.2 '/{ctx}/api/... or /{ctx}/Remote/... on the auth origin … → 421'", async () => {
    const r = await call(hm.emulator.url, "GET", `/${T1}/Remote/Services88/Contact.svc`, { host: "localhost" });
    expect(r.status, r.text).toBe(421);
  });

  it("the exchange and the state API answer on the auth host; a not-running tenant on the wrong host is 421, on its host 503", async () => {
    expect((await hm.exchange(hm.body())).json?.IsSuccessful).toBe(true);
    const state = await call(hm.emulator.url, "GET", `/api/state/${T2}`, { host: "localhost" });
    expect(state.json).toMatchObject({ Endpoint: `http://sod2.localhost:${port()}/${T2}`, Api: `http://sod2.localhost:${port()}/${T2}/api` });
    await hm.admin("PUT", `/tenants/${T2}/state`, { state: "Suspended" });
    try {
      expect((await call(hm.emulator.url, "GET", `/${T2}/api`, { host: "localhost", headers: { accept: "application/json" } })).status).toBe(421);
      expect((await call(hm.emulator.url, "GET", `/${T2}/api`, { host: "sod2.localhost", headers: { accept: "application/json" } })).status).toBe(503);
    } finally {
      await hm.admin("PUT", `/tenants/${T2}/state`, { state: "Running" });
    }
  });
});
