import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { browse, CookieJar } from "../support/superid-forms.js";

/** What the screens say matches what the emulator does (issue: portal wording, sign-in picker). */
let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

function signInScreen(): Promise<string> {
  const web = emulator.apps.find((a) => a.kind === "web")!;
  const params = new URLSearchParams({ client_id: web.clientId, redirect_uri: web.redirectUris.find((u) => u.startsWith("http"))!, response_type: "code", scope: "openid", state: "s" });
  return browse(`${emulator.url}/login/common/oauth/authorize?${params}`, new CookieJar()).then((p) => p.body);
}

describe("wording and pickers", () => {
  it("the sign-in picker leaves out users whose only tenants are deleted", async () => {
    await emulator.admin.tenants.create({ contextIdentifier: "Cust70001", profile: "small" });
    await emulator.admin.tenants.addUser("Cust70001", { username: "ghost.gone@example.com", administrator: true });
    await emulator.admin.tenants.create({ contextIdentifier: "Cust70002", profile: "small" });
    await emulator.admin.tenants.addUser("Cust70002", { username: "erased.gone@example.com", administrator: true });
    expect(await signInScreen()).toContain("ghost.gone@example.com");
    await emulator.admin.tenants.setState("Cust70001", "Deleted");
    await emulator.admin.tenants.delete("Cust70002");
    const page = await signInScreen();
    expect(page).not.toContain("ghost.gone@example.com");
    expect(page).not.toContain("erased.gone@example.com");
    expect(page).toContain("ada.admin@example.com");
  });

  it("signing out is told as news, not as an error", async () => {
    const page = await browse(`${emulator.url}/login/logout`, new CookieJar());
    expect(page.body).toContain("You are signed out");
    expect(page.body).toMatch(/<p class="info">You are signed out/);
    expect(page.body).not.toMatch(/<p class="error">You are signed out/);
  });

  it("the Tenants page offers per-tenant reset without claiming it cannot, and shows the id a new tenant gets", async () => {
    const tenantsPage = async () => (await fetch(`${emulator.url}/portal/tenants`)).text();
    const page = await tenantsPage();
    expect(page).toContain("Reset tenant");
    expect(page).not.toContain("cannot reset one tenant");
    const created = await emulator.admin.tenants.create({});
    expect(page).toContain(`placeholder="${created.contextIdentifier}"`);
    const next = `Cust${Number(created.contextIdentifier.slice(4)) + 1}`;
    expect(await tenantsPage()).toContain(`placeholder="${next}"`);
  });
});
