import { request } from "undici";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/index.js";

/** What a test suite does with the library: start in-process, sign in, read, stop, nothing left behind. */
describe("startEmulator()", () => {
  it("starts in memory on a free port, signs in without a browser, reads a contact, and stops cleanly", async () => {
    const emulator = await startEmulator();
    expect(emulator.url).toMatch(/^http:\/\/localhost:\d+$/);
    const tokens = await emulator.admin.signIn({ tenant: "Cust12345", user: "ada.admin@example.com" });
    expect(tokens.access_token).toMatch(/^8A:Cust12345\./);
    const res = await request(`${emulator.url}/Cust12345/api/v1/Contact/2`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" } });
    expect(res.statusCode).toBe(200);
    expect(((await res.body.json()) as { ContactId: number }).ContactId).toBe(2);
    await emulator.stop();
    await expect(request(`${emulator.url}/health`)).rejects.toThrow();
  });

  it("gives each test file its own tenant from the seed profile", async () => {
    const emulator = await startEmulator();
    try {
      const tenant = await emulator.admin.tenants.create({ profile: "small" });
      await emulator.admin.tenants.addUser(tenant.contextIdentifier, { username: "tester@example.com", administrator: true });
      const tokens = await emulator.admin.signIn({ tenant: tenant.contextIdentifier, user: "tester@example.com" });
      const res = await request(`${tenant.webApiUrl}v1/Contact/2`, { headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" } });
      expect(res.statusCode).toBe(200);
    } finally {
      await emulator.stop();
    }
  });
});
