import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

describe("HTTP server", () => {
  it("answers /health once the store and keys are ready", async () => {
    const res = await request(`${emulator.url}/health`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(await res.body.json()).toEqual({ status: "ok" });
  });

  it("answers unknown tenant API routes with the SuperOffice error body", async () => {
    // Outside v1, so no credentials are needed to learn the route does not exist.
    const res = await request(`${emulator.url}/Cust12345/api/NoSuchThing/1`);
    expect(res.statusCode).toBe(404);
    const body = (await res.body.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
    expect(body).toMatchObject({ Error: true, ErrorType: "NotFound", ErrorSource: "SuperOffice.Services.Implementation" });
    expect(body.Message).toBe(body.ErrorMessage);
    expect(String(body.ErrorMessage)).toContain("/Cust12345/api/NoSuchThing/1");
  });

  it("answers other unknown routes with a JSON error", async () => {
    const res = await request(`${emulator.url}/no/such/page`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.json()).toEqual({ error: "not_found", error_description: "No route for GET /no/such/page" });
  });

  it("refuses oversize bodies with 413 before reading them", async () => {
    const res = await request(`${emulator.url}/Cust12345/api/v1/Contact`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ Name: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toMatchObject({ Error: true, ErrorType: "RequestTooLarge" });
  });

  it("exposes the seeded facts to the test harness", () => {
    expect(emulator.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(emulator.tenants.map((t) => t.contextIdentifier)).toEqual(["Cust12345", "Cust54321", "Cust99999"]);
    expect(emulator.apps[0]!.redirectUris).toEqual(["http://localhost:3000/callback", "/workshop/callback"]);
  });
});

describe("graceful shutdown", () => {
  it("lets an in-flight request finish, then refuses new connections", async () => {
    const own = await startEmulator();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    own.emulator.app.get("/slow", async (c) => {
      await gate;
      return c.json({ finished: true });
    });
    const inFlight = request(`${own.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    let stopped = false;
    const stopping = own.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    const res = await inFlight;
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ finished: true });
    await stopping;
    await expect(request(`${own.url}/health`)).rejects.toThrow();
  });
});
