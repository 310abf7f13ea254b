import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

/** "Reset tenant" (admin API and portal): one seeded tenant's data back to the seed, the others untouched. */
let emulator: StartedEmulator;
let token: string;
beforeAll(async () => {
  emulator = await startEmulator();
  token = (await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" })).access_token;
});
afterAll(() => emulator?.stop());

const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
  request(`${emulator.url}/Cust12345/api/v1/${path}`, {
    method: (init.method ?? "GET") as "GET",
    headers: { authorization: `Bearer ${token}`, accept: "application/json", "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const nameOf = async (id: number) => ((await (await api(`Contact/${id}`)).body.json()) as { Name: string }).Name;

describe("reset tenant", () => {
  it("puts a seeded tenant's data, state and lists back, and leaves other tenants alone", async () => {
    const original = await nameOf(2);
    await api("Contact/2", { method: "PATCH", body: { Name: "Changed before reset" } });
    const created = (await (await api("Contact", { method: "POST", body: { Name: "Made before reset" } })).body.json()) as { ContactId: number };
    const other = await emulator.admin.signIn({ tenant: "Cust54321", user: "ada.admin@example.com" });
    const otherCreated = await request(`${emulator.url}/Cust54321/api/v1/Contact`, {
      method: "POST",
      headers: { authorization: `Bearer ${other.access_token}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ Name: "Stays in Cust54321" }),
    });
    const otherId = ((await otherCreated.body.json()) as { ContactId: number }).ContactId;
    await emulator.admin.tenants.setState("Cust12345", "Suspended");

    const reset = await emulator.admin.tenants.reset("Cust12345");
    expect(reset).toMatchObject({ contextIdentifier: "Cust12345", state: "Running" });

    // The access token is a grant, not tenant data: it still works, on the seed's data again.
    expect(await nameOf(2)).toBe(original);
    expect((await api(`Contact/${created.ContactId}`)).statusCode).toBe(404);
    const again = (await (await api("Contact", { method: "POST", body: { Name: "After reset" } })).body.json()) as { ContactId: number };
    expect(again.ContactId).toBe(created.ContactId); // the number series is the seed's again
    const kept = await request(`${emulator.url}/Cust54321/api/v1/Contact/${otherId}`, { headers: { authorization: `Bearer ${other.access_token}`, accept: "application/json" } });
    expect(kept.statusCode).toBe(200);
  });

  it("refuses tenants the seed does not define, with 409 naming the way out", async () => {
    const made = await emulator.admin.tenants.create({ profile: "empty" });
    const res = await request(`${emulator.url}/_emulator/v1/tenants/${made.contextIdentifier}/reset`, { method: "POST", headers: { "content-type": "application/json" } });
    expect(res.statusCode).toBe(409);
    expect(await res.body.json()).toEqual({ error: "invalid_request", message: `${made.contextIdentifier} is not in the seed file; delete it and create it again instead` });
    expect((await request(`${emulator.url}/_emulator/v1/tenants/Cust424242/reset`, { method: "POST", headers: { "content-type": "application/json" } })).statusCode).toBe(404);
  });

  it("is a button on the portal's Tenants page, behind its CSRF protection", async () => {
    await api("Contact/3", { method: "PATCH", body: { Name: "Changed in the portal test" } });
    const page = await (await request(`${emulator.url}/portal/tenants`)).body.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    expect(page).toContain('action="/portal/tenants/Cust12345/reset"');
    const post = (fields: Record<string, string>) =>
      request(`${emulator.url}/portal/tenants/Cust12345/reset`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: emulator.url },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await post({})).statusCode).toBe(403);
    expect(await nameOf(3)).toBe("Changed in the portal test");
    const res = await post({ csrf: csrf! });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe("/portal/tenants?done=tenant-reset#Cust12345");
    expect(await nameOf(3)).not.toBe("Changed in the portal test");
  });
});
