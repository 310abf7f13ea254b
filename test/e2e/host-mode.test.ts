import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { signIn } from "../support/sign-in.js";

/**
 * Host mode (identity.md §9.2): sign-in on the auth host, tenant APIs on the tenant's host, 421 on any
 * other. Requests go to the loopback address with the Host header naming the host, as a browser resolving
 * *.localhost would send them.
 */
let emulator: StartedEmulator;
let token: string;
let port: string;
beforeAll(async () => {
  emulator = await startEmulator({ tenantHost: "sod2.localhost" });
  port = new URL(emulator.url).port;
  token = (await signIn(emulator, "ada.admin@example.com", "Cust12345")).access_token;
});
afterAll(() => emulator?.stop());

const onHost = (host: string, path: string, auth = true) =>
  request(`http://127.0.0.1:${port}${path}`, { headers: { host: `${host}:${port}`, accept: "application/json", ...(auth ? { authorization: `Bearer ${token}` } : {}) } });

describe("host mode", () => {
  it("hands out the tenant host in webapi_url and the state API", async () => {
    const tokens = await signIn(emulator, "ada.admin@example.com", "Cust12345");
    expect(decodeJwt(tokens.id_token)["http://schemes.superoffice.net/identity/webapi_url"]).toBe(`http://sod2.localhost:${port}/Cust12345/api/`);
    const state = (await (await request(`${emulator.url}/api/state/Cust12345`)).body.json()) as Record<string, string>;
    expect(state.Endpoint).toBe(`http://sod2.localhost:${port}/Cust12345`);
    expect(state.Api).toBe(`http://sod2.localhost:${port}/Cust12345/api`);
  });

  it("serves the tenant API on its host and answers 421 on the auth host", async () => {
    expect((await onHost("sod2.localhost", "/Cust12345/api/v1/Contact/2")).statusCode).toBe(200);
    const wrong = await onHost("localhost", "/Cust12345/api/v1/Contact/2");
    expect(wrong.statusCode).toBe(421);
    expect(await wrong.body.json()).toMatchObject({ Error: true, ErrorType: "MisdirectedRequest", ErrorMessage: "Wrong subdomain used to access tenant" });
  });

  it("follows a move: the new host serves, the old one answers 421, the URLs change", async () => {
    emulator.emulator.context.store.tenants.setHost("Cust12345", "sod3.localhost");
    try {
      expect((await onHost("sod3.localhost", "/Cust12345/api/v1/Contact/2")).statusCode).toBe(200);
      expect((await onHost("sod2.localhost", "/Cust12345/api/v1/Contact/2")).statusCode).toBe(421);
      const state = (await (await request(`${emulator.url}/api/state/Cust12345`)).body.json()) as Record<string, string>;
      expect(state.Api).toBe(`http://sod3.localhost:${port}/Cust12345/api`);
      const tokens = await signIn(emulator, "ada.admin@example.com", "Cust12345");
      expect(decodeJwt(tokens.id_token)["http://schemes.superoffice.net/identity/webapi_url"]).toBe(`http://sod3.localhost:${port}/Cust12345/api/`);
      // Other tenants stay on the default tenant host.
      expect((await onHost("sod2.localhost", "/Cust54321/api", false)).statusCode).toBe(200);
    } finally {
      emulator.emulator.context.store.tenants.setHost("Cust12345", null);
    }
  });

  it("is off by default: the tenant API answers on the public URL", async () => {
    const plain = await startEmulator();
    try {
      const res = await request(`${plain.url}/Cust12345/api`, { headers: { accept: "application/json" } });
      expect(res.statusCode).toBe(200);
    } finally {
      await plain.stop();
    }
  });
});
