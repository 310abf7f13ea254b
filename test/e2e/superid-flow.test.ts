import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { runAuthorize } from "../support/superid-forms.js";

let emulator: StartedEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator?.stop());

const webApp = () => emulator.apps.find((a) => a.kind === "web")!;
const authorizeUrl = (params: Record<string, string>, path = "common") =>
  `${emulator.url}/login/${path}/oauth/authorize?${new URLSearchParams({ client_id: webApp().clientId, redirect_uri: "http://localhost:3000/callback", scope: "openid", ...params })}`;

describe("SuperID code flow over plain HTTP", () => {
  it("signs in, picks a tenant, approves, and returns a code the token endpoint exchanges", async () => {
    const end = await runAuthorize(authorizeUrl({ response_type: "code", state: "s1", nonce: "n1" }), { username: "ada.admin@example.com", tenant: "Cust54321" });
    expect(end.screens).toEqual(["sign-in", "tenant", "consent"]);
    expect(end.status).toBe(303);
    const callback = new URL(end.location!);
    expect(callback.origin + callback.pathname).toBe("http://localhost:3000/callback");
    expect(callback.searchParams.get("state")).toBe("s1");
    const code = callback.searchParams.get("code")!;
    expect(code).toMatch(/^[A-Za-z0-9]{64}$/);

    const res = await request(`${emulator.url}/login/common/oauth/tokens`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: "http://localhost:3000/callback", client_id: webApp().clientId, client_secret: webApp().clientSecret! }).toString(),
    });
    expect(res.statusCode).toBe(200);
    const tokens = (await res.body.json()) as Record<string, unknown>;
    expect(Object.keys(tokens)).toEqual(["token_type", "access_token", "expires_in", "refresh_token", "id_token"]);
    expect(tokens.access_token).toMatch(/^8A:Cust54321\./);
    const claims = decodeJwt(String(tokens.id_token));
    expect(claims.nonce).toBe("n1");
    expect(claims["http://schemes.superoffice.net/identity/ctx"]).toBe("Cust54321");
  });
});
