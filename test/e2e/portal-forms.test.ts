import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";

/** The portal's forms, read through their zod schemas (src/portal/pages/form-schemas.ts): what a wrong field says. */
let emulator: StartedEmulator;
let csrf: string;
beforeAll(async () => {
  emulator = await startEmulator();
  const page = await (await fetch(`${emulator.url}/portal/tenants`)).text();
  csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
});
afterAll(() => emulator?.stop());

async function post(path: string, fields: Record<string, string>) {
  const res = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: emulator.url },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

describe("portal forms", () => {
  it("Create a tenant: names the wrong field and keeps what was typed; a right form creates the tenant", async () => {
    const badState = await post("/portal/tenants", { contextIdentifier: "Cust71001", companyName: "Kept Ltd", profile: "small", state: "Sleeping" });
    expect(badState.status).toBe(400);
    expect(badState.text).toContain("State: expected one of Unknown, Provisioning, Running,");
    expect(badState.text).toContain('value="Kept Ltd"');
    const longName = await post("/portal/tenants", { contextIdentifier: "Cust71001", companyName: "x".repeat(101), profile: "small", state: "running" });
    expect(longName.status).toBe(400);
    expect(longName.text).toContain("Company name: at most 100 characters.");
    const made = await post("/portal/tenants", { contextIdentifier: " Cust71001 ", companyName: "Made Ltd", profile: "small", state: "running" });
    expect(made.status).toBe(303);
    expect(made.location).toBe("/portal/tenants?done=created#Cust71001");
    expect((await emulator.admin.tenants.get("Cust71001")).state).toBe("Running");
  });

  it("Add user and the state switcher: a user name must be an e-mail address; a state is matched in any case", async () => {
    const bad = await post("/portal/tenants/Cust12345/users", { username: "not an address" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("User: expected a SuperID user name such as someone@example.com.");
    const added = await post("/portal/tenants/Cust12345/users", { username: " forms.user@example.com ", administrator: "on" });
    expect(added.status).toBe(303);
    const users = (await emulator.admin.tenants.get("Cust12345")).users as { username: string; administrator: boolean }[];
    expect(users.find((u) => u.username === "forms.user@example.com")?.administrator).toBe(true);
    const wrongState = await post("/portal/tenants/Cust12345/state", { state: "Asleep" });
    expect(wrongState.status).toBe(400);
    expect(wrongState.text).toContain("State: expected one of");
    expect((await post("/portal/tenants/Cust12345/state", { state: "onlinemaintenance" })).status).toBe(303);
    expect((await emulator.admin.tenants.get("Cust12345")).state).toBe("OnlineMaintenance");
  });

  it("Register an app: missing fields get the form's defaults; the service's message names the field", async () => {
    const bad = await post("/portal/apps", { name: "Forms App", kind: "desktop" });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("kind: expected web, native or server-to-server");
    const made = await post("/portal/apps", { name: "Forms App", redirectUris: "https://forms.example/callback" });
    expect(made.status).toBe(303);
    const app = (await emulator.admin.apps.list()).find((a) => a.name === "Forms App")!;
    expect(app).toMatchObject({ kind: "web", type: "custom", redirectUris: ["https://forms.example/callback"] });
  });
});
