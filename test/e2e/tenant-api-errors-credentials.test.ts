import { request } from "undici";
import { describe, expect, it } from "vitest";
import { TENANT, call, contactRows, contactsNamed, emulator, expectSoError, newContact, type Reply, type TenantCallOptions, useErrorsEmulator } from "../support/tenant-api-errors.js";
import { signIn } from "../support/sign-in.js";

/**
 * How the tenant API refuses (netserver.md §3, spec/README.md "REST error body"): every status with the
 * SuperOffice error body, nothing written by a refused request, and never a 500.
 */
useErrorsEmulator();

describe("names that live on Object.prototype", () => {
  // The emulator runs in this process, so a polluted prototype would show here.
  const polluted = () => (({}) as Record<string, unknown>).polluted;

  it("a JSON Patch or merge patch through __proto__ or constructor is refused and pollutes nothing", async () => {
    const id = await newContact();
    const before = await call("GET", `v1/Contact/${id}`);
    for (const path of ["/__proto__/polluted", "/constructor/prototype/polluted", "/Category/__proto__/polluted", "/__proto__"]) {
      expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: [{ op: "add", path, value: "yes" }] }), 400);
    }
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: '{"__proto__": {"polluted": "yes"}}' }), 400);
    expectSoError(await call("PATCH", `v1/Contact/${id}`, { body: '{"Category": {"__proto__": {"polluted": "yes"}}}' }), 400);
    expect(polluted()).toBeUndefined();
    expect((await call("GET", `v1/Contact/${id}`)).json).toEqual(before.json);
  });

  it("an SO-TimeZone, $filter operator, function or period named like an Object member is a 400", async () => {
    for (const zone of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expectSoError(await call("GET", "v1/Contact/2", { headers: { "so-timezone": zone } }), 400);
    }
    for (const filter of ["name constructor 'x'", "name toString 'x'", "constructor(name,'x')", "__proto__(name)", "registered constructor"]) {
      expectSoError(await call("GET", `v1/Contact?$select=name&$filter=${encodeURIComponent(filter)}`), 400);
    }
  });
});

describe("413 for an oversize body", () => {
  it("refuses it before reading, with the SuperOffice error body, and writes nothing", async () => {
    const rows = contactRows();
    const max = emulator.emulator.context.config.maxBodyBytes;
    const name = "x".repeat(max + 1);
    expectSoError(await call("POST", "v1/Contact", { body: { Name: name } }), 413, "RequestTooLarge");
    const id = await newContact();
    expectSoError(await call("PUT", `v1/Contact/${id}`, { body: { Name: name } }), 413, "RequestTooLarge");
    expect(contactRows()).toBe(rows + 1);
  });

  it("answers every oversize request with the 413 (a keep-alive 413 must not be followed by a dropped connection)", async () => {
    // The client sends the whole declared body; the 413 says keep-alive, so the connection must stay
    // usable (or the response must say Connection: close). Repeated, because a dropped connection
    // surfaces in undici only when it loses the race ("other side closed" instead of the 413).
    const max = emulator.emulator.context.config.maxBodyBytes;
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        const reply = await call("POST", "v1/Contact", { body: { Name: "y".repeat(max + 1 + i * 1000) } });
        outcomes.push(String(reply.status));
      } catch (err) {
        outcomes.push((err as Error).message);
      }
    }
    expect(outcomes).toEqual(Array(10).fill("413"));
  });
});

describe("401 for missing or unusable credentials", () => {
  const expect401 = (reply: Reply) => {
    expectSoError(reply, 401);
    expect(String(reply.headers["www-authenticate"] ?? "")).toMatch(/^Bearer\b/);
  };

  it("no Authorization header: WWW-Authenticate and the SuperOffice body", async () => {
    expect401(await call("GET", "v1/Contact/1", { token: null }));
    expect401(await call("POST", "v1/Contact", { token: null, body: { Name: "Anonymous" } }));
    expect(contactsNamed("Anonymous")).toBe(0);
  });

  it("a malformed or unknown token, or another scheme", async () => {
    expect401(await call("GET", "v1/Contact/1", { token: "not-a-token" }));
    expect401(await call("GET", "v1/Contact/1", { token: `8A:${TENANT}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` }));
    expect401(await call("GET", "v1/Contact/1", { token: null, headers: { authorization: "Basic YWRhOnNlY3JldA==" } }));
    expect401(await call("GET", "v1/Contact/1", { token: null, headers: { authorization: "Bearer" } }));
  });

  it("a token of Cust12345 on Cust54321", async () => {
    const reply = await call("GET", "v1/Contact/1", { tenant: "Cust54321" });
    expect401(reply);
    expect(String(reply.json!.ErrorMessage)).toMatch(/Cust12345/);
    expect((await call("GET", "v1/Contact/1")).status).toBe(200); // the same token on its own tenant
  });

  it("a revoked token", async () => {
    const own = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
    const app = emulator.apps.find((a) => a.kind === "web")!;
    const revoked = await request(`${emulator.url}/login/common/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: own, token_type_hint: "access_token", client_id: app.clientId, client_secret: app.clientSecret! }).toString(),
    });
    await revoked.body.dump();
    expect(revoked.statusCode).toBe(200);
    expect401(await call("GET", "v1/Contact/1", { token: own }));
    expect((await call("GET", "v1/Contact/1")).status).toBe(200); // other tokens still work
  });

  it("a token in use stops working the moment its app's consent is no longer Active, and works again when it is", async () => {
    // The tenant API keeps a token's lookup between calls (store/grants.ts): a consent written directly in the
    // store, without touching the token's row, must still be seen by the very next call.
    const own = (await signIn(emulator, "ada.admin@example.com", TENANT)).access_token;
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
    const { store } = emulator.emulator.context;
    const app = emulator.apps.find((a) => a.kind === "web")!;
    store.consents.setStatus(app.clientId, TENANT, "NeedsReapproval");
    try {
      const refused = await call("GET", "v1/Contact/1", { token: own });
      expect401(refused);
      expect(String(refused.json!.ErrorMessage)).toMatch(/no longer active/);
    } finally {
      store.consents.setStatus(app.clientId, TENANT, "Active");
    }
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
  });

  it("an expired token", async () => {
    const clock = emulator.emulator.context.clock;
    const own = (await signIn(emulator, "bob.user@example.com", TENANT)).access_token;
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
    clock.advance(2 * 3_600_000);
    try {
      expect401(await call("GET", "v1/Contact/1", { token: own }));
      expect401(await call("POST", "v1/Agents/Contact/GetContactEntity?contactEntityId=1", { token: own, body: "null" }));
    } finally {
      clock.advance(-2 * 3_600_000);
    }
    expect((await call("GET", "v1/Contact/1", { token: own })).status).toBe(200);
  });
});

describe("tenants that cannot answer", () => {
  it("a tenant in OfflineMaintenance: 503 with Retry-After, with or without a token", async () => {
    for (const options of [{ tenant: "Cust99999", token: null }, { tenant: "Cust99999" }] satisfies TenantCallOptions[]) {
      for (const path of ["v1/Contact/1", "v1/Contact/default", ""]) {
        const reply = await call("GET", path, options);
        expect(expectSoError(reply, 503, "TenantNotRunning")).toMatch(/OfflineMaintenance/);
        expect(String(reply.headers["retry-after"])).toMatch(/^\d+$/);
        expect(Number(reply.headers["retry-after"])).toBeGreaterThan(0);
      }
    }
  });

  it("an unknown tenant: 404", async () => {
    for (const path of ["v1/Contact/1", ""]) {
      expectSoError(await call("GET", path, { tenant: "Cust00000" }), 404);
      expectSoError(await call("GET", path, { tenant: "Cust00000", token: null }), 404);
    }
  });
});
