import { createPrivateKey, createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { ADA, authorize, client, expectAdminError, expectSoError, http } from "../support/admin-http.js";

/**
 * The admin API (/_emulator/v1) end to end: over raw HTTP where the shape of the answer matters, and
 * through the typed client that startEmulator() returns elsewhere. Every admin answer is checked to be
 * below 500: bad input is a 400 naming the field, unknown ids 404, conflicts 409.
 */

describe("apps and consents", () => {
  let e: StartedEmulator;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    e = await startEmulator();
    api = client(e);
  });
  afterAll(async () => {
    await e?.stop();
  });

  const HEX32 = /^[0-9a-f]{32}$/;

  it("registers web, native and server-to-server apps", async () => {
    const web = await api.admin("POST", "/apps", { name: "E2E Web", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    expect(web.status, web.text).toBe(201);
    expect(web.json).toEqual({
      clientId: expect.stringMatching(HEX32),
      name: "E2E Web",
      vendor: "Local developer",
      type: "custom",
      kind: "web",
      clientSecret: expect.stringMatching(HEX32),
      redirectUris: ["http://localhost:4000/cb"],
      postLogoutRedirectUris: [],
      corsOrigins: [],
      consentText: "",
      systemUser: false,
      webhooks: true, // webhook access is on by default for apps the admin API creates (issue #14)
      stateChangeUrl: null,
      publicKeyPem: null,
      privateKeyPem: null,
      privateKeyXml: null,
      approvals: [],
    });
    expect(web.json.clientSecret).not.toBe(web.json.clientId);
    const fetched = await api.admin("GET", `/apps/${web.json.clientId}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json).toEqual(web.json);
    expect((await api.admin("GET", "/apps")).json.map((a: { clientId: string }) => a.clientId)).toContain(web.json.clientId);

    const native = await api.admin("POST", "/apps", { name: "E2E Native", kind: "native", redirectUris: ["http://127.0.0.1:8000/callback"] });
    expect(native.status, native.text).toBe(201);
    expect(native.json).toMatchObject({ clientId: expect.stringMatching(HEX32), kind: "native", clientSecret: null, systemUser: false, privateKeyPem: null });

    const s2s = await api.admin("POST", "/apps", { name: "E2E Sync", kind: "server-to-server", type: "standard", vendor: "Tests AS", redirectUris: ["http://localhost:4001/cb"] });
    expect(s2s.status, s2s.text).toBe(201);
    expect(s2s.json).toMatchObject({ clientId: expect.stringMatching(HEX32), clientSecret: expect.stringMatching(HEX32), kind: "server-to-server", type: "standard", vendor: "Tests AS", systemUser: true });
    expect(s2s.json.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
    expect(s2s.json.privateKeyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n?$/);
    expect(s2s.json.privateKeyXml).toMatch(/^<RSAKeyValue><Modulus>[A-Za-z0-9+/=]+<\/Modulus><Exponent>AQAB<\/Exponent><P>.+<\/P><Q>.+<\/Q><DP>.+<\/DP><DQ>.+<\/DQ><InverseQ>.+<\/InverseQ><D>[A-Za-z0-9+/=]+<\/D><\/RSAKeyValue>$/);
    // The private key belongs to the public key.
    const derived = createPublicKey(createPrivateKey(s2s.json.privateKeyPem)).export({ type: "spki", format: "pem" });
    expect(derived).toBe(s2s.json.publicKeyPem);

    for (const a of [web, native, s2s]) expect((await api.admin("DELETE", `/apps/${a.json.clientId}`)).status).toBe(204);
  });

  it("rotating the secret: the old one gets 401 at the token endpoint, the new one works", async () => {
    const app = await e.admin.apps.create({ name: "E2E Rotate", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    const tokens = await e.admin.signIn({ tenant: "Cust12345", user: ADA, app: app.clientId });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const oldSecret = app.clientSecret!;

    const rotated = await api.admin("POST", `/apps/${app.clientId}/secret`);
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.json).toEqual({ clientId: app.clientId, clientSecret: expect.stringMatching(HEX32) });
    expect(rotated.json.clientSecret).not.toBe(oldSecret);
    expect((await api.admin("GET", `/apps/${app.clientId}`)).json.clientSecret).toBe(rotated.json.clientSecret);

    const refresh = (secret: string) => api.token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token!, client_id: app.clientId, client_secret: secret });
    const refused = await refresh(oldSecret);
    expect(refused.status, refused.text).toBe(401);
    expect(refused.json).toMatchObject({ error: "invalid_client" });
    const ok = await refresh(rotated.json.clientSecret);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.access_token).toMatch(/^8A:Cust12345\./);
    expect((await api.tenant(ok.json.access_token, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);

    // Native apps have no secret to rotate.
    const native = await e.admin.apps.create({ name: "E2E Native Rotate", kind: "native", redirectUris: ["http://127.0.0.1:8000/callback"] });
    expectAdminError(await api.admin("POST", `/apps/${native.clientId}/secret`), 400);
    expectAdminError(await api.admin("POST", `/apps/${"0".repeat(32)}/secret`), 404);
    await e.admin.apps.delete(native.clientId);
    await e.admin.apps.delete(app.clientId);
  });

  it("an approval through the API skips the consent screen; revoking it fails the refresh grant with invalid_grant", async () => {
    const app = await e.admin.apps.create({ name: "E2E Consent", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    const control = await e.admin.apps.create({ name: "E2E Control", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    try {
      // Without an approval, an administrator sees the consent screen.
      const unapproved = await authorize(e, control, "Cust12345", ADA, "cancel");
      expect(unapproved.screens).toContain("consent");
      expect(unapproved.code).toBeNull();
      expect(unapproved.error).toBe("access_denied");

      const approved = await api.admin("POST", "/consents", { clientId: app.clientId, contextIdentifier: "Cust12345" });
      expect(approved.status, approved.text).toBe(201);
      expect(approved.json).toEqual({ clientId: app.clientId, contextIdentifier: "Cust12345", status: "Active", approvedByUserId: expect.any(Number), approvedAt: expect.any(String), systemToken: null });
      expect((await api.admin("GET", "/consents")).json).toContainEqual(approved.json);
      expect((await api.admin("GET", `/apps/${app.clientId}`)).json.approvals).toEqual([approved.json]);

      // Answering "cancel" proves the consent screen never showed.
      const flow = await authorize(e, app, "Cust12345", ADA, "cancel");
      expect(flow.screens).not.toContain("consent");
      expect(flow.screens).toEqual(["sign-in"]);
      expect(flow.code).toEqual(expect.any(String));
      const exchanged = await api.token({ grant_type: "authorization_code", code: flow.code!, redirect_uri: flow.redirectUri, client_id: app.clientId, client_secret: app.clientSecret!, code_verifier: flow.verifier });
      expect(exchanged.status, exchanged.text).toBe(200);
      const { access_token, refresh_token } = exchanged.json as { access_token: string; refresh_token: string };
      expect((await api.tenant(access_token, "GET", "Cust12345", "v1/Contact/2")).status).toBe(200);
      const refresh = () => api.token({ grant_type: "refresh_token", refresh_token, client_id: app.clientId, client_secret: app.clientSecret! });
      expect((await refresh()).status).toBe(200);

      const revoked = await api.admin("DELETE", `/consents/${app.clientId}/Cust12345`);
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.json).toMatchObject({ clientId: app.clientId, contextIdentifier: "Cust12345", status: "Revoked" });
      const refused = await refresh();
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json).toMatchObject({ error: "invalid_grant" });
      expectSoError(await api.tenant(access_token, "GET", "Cust12345", "v1/Contact/2"), 401, "UnauthorizedAccessException");

      // Server-to-server apps get a system token with the approval.
      const s2s = await e.admin.apps.create({ name: "E2ESync", kind: "server-to-server", redirectUris: ["http://localhost:4001/cb"] });
      const s2sApproval = await e.admin.consents.approve(s2s.clientId, "Cust54321", ADA);
      expect(s2sApproval).toMatchObject({ status: "Active", systemToken: expect.stringMatching(/^E2ESync-[A-Za-z0-9]{10}$/) });
      await e.admin.apps.delete(s2s.clientId);
    } finally {
      await e.admin.apps.delete(app.clientId);
      await e.admin.apps.delete(control.clientId);
    }
  });

  it("refuses bad consent requests: 400 naming the field, 404 for unknown apps, tenants and records", async () => {
    const app = await e.admin.apps.create({ name: "E2E Consent Errors", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    try {
      expectAdminError(await api.admin("POST", "/consents", { contextIdentifier: "Cust12345" }), 400, "clientId");
      expectAdminError(await api.admin("POST", "/consents", { clientId: app.clientId }), 400, "contextIdentifier");
      expectAdminError(await api.admin("POST", "/consents", { clientId: "0".repeat(32), contextIdentifier: "Cust12345" }), 404);
      expectAdminError(await api.admin("POST", "/consents", { clientId: app.clientId, contextIdentifier: "Cust424242" }), 404, "contextIdentifier");
      expectAdminError(await api.admin("POST", "/consents", { clientId: app.clientId, contextIdentifier: "Cust12345", approvedBy: "nobody@example.com" }), 400, "approvedBy");
      expectAdminError(await api.admin("POST", "/consents", { clientId: app.clientId, contextIdentifier: "Cust12345", approvedBy: 7 }), 400, "approvedBy");
      expectAdminError(await api.admin("DELETE", `/consents/${app.clientId}/Cust12345`), 404);
      expectAdminError(await api.admin("DELETE", `/consents/${app.clientId}/Cust424242`), 404);
      expect((await api.admin("GET", `/apps/${app.clientId}`)).json.approvals).toEqual([]);
    } finally {
      await e.admin.apps.delete(app.clientId);
    }
  });

  it("refuses an approval by someone who is not an administrator of the tenant (400 naming approvedBy)", async () => {
    const app = await e.admin.apps.create({ name: "E2E Approver", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    try {
      // Carol is not a user of Cust12345 at all; Bob is a user but not an administrator.
      expectAdminError(await api.admin("POST", "/consents", { clientId: app.clientId, contextIdentifier: "Cust12345", approvedBy: "carol.ops@example.com" }), 400, "approvedBy");
      expectAdminError(await api.admin("POST", "/consents", { clientId: app.clientId, contextIdentifier: "Cust12345", approvedBy: "bob.user@example.com" }), 400, "approvedBy");
      expect((await api.admin("GET", `/apps/${app.clientId}`)).json.approvals).toEqual([]);
    } finally {
      await e.admin.apps.delete(app.clientId);
    }
  });

  it("a deleted app is 404 afterwards, and its credentials stop working", async () => {
    const app = await e.admin.apps.create({ name: "E2E Delete", kind: "web", redirectUris: ["http://localhost:4000/cb"] });
    const tokens = await e.admin.signIn({ tenant: "Cust12345", user: ADA, app: app.clientId });
    const deleted = await api.admin("DELETE", `/apps/${app.clientId}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe("");
    const gone = await api.admin("GET", `/apps/${app.clientId}`);
    expectAdminError(gone, 404);
    expect(gone.json.message).toContain(app.clientId);
    expectAdminError(await api.admin("DELETE", `/apps/${app.clientId}`), 404);
    expectAdminError(await api.admin("POST", `/apps/${app.clientId}/secret`), 404);
    expect((await api.admin("GET", "/apps")).json.map((a: { clientId: string }) => a.clientId)).not.toContain(app.clientId);
    const refused = await api.token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token!, client_id: app.clientId, client_secret: app.clientSecret! });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: "invalid_client" });
    expect((await api.tenant(tokens.access_token, "GET", "Cust12345", "v1/Contact/2")).status).toBe(401);
  });

  it("refuses bad app bodies with 400 naming the field, never 500", async () => {
    const before = (await e.admin.apps.list()).length;
    const bad: [unknown, string][] = [
      [{ kind: "web" }, "name"],
      [{ name: "", kind: "web" }, "name"],
      [{ name: "   ", kind: "web" }, "name"],
      [{ name: "x".repeat(101), kind: "web" }, "name"],
      [{ name: 5, kind: "web" }, "name"],
      [{ name: "Desktop", kind: "desktop" }, "kind"],
      [{ name: "No kind" }, "kind"],
      [{ name: "Bad type", kind: "web", type: "premium" }, "type"],
      [{ name: "Bad uris", kind: "web", redirectUris: "http://localhost:4000/cb" }, "redirectUris"],
      [{ name: "Bad uris", kind: "web", redirectUris: [42] }, "redirectUris"],
      [{ name: "Bad uris", kind: "web", redirectUris: [""] }, "redirectUris"],
      [{ name: "Bad logout", kind: "web", postLogoutRedirectUris: {} }, "postLogoutRedirectUris"],
      [{ name: "Bad cors", kind: "web", corsOrigins: "*" }, "corsOrigins"],
      [{ name: "Bad system user", kind: "web", systemUser: "yes" }, "systemUser"],
      [{ name: "Bad webhooks", kind: "web", webhooks: 1 }, "webhooks"],
      [{ name: "Bad key", kind: "server-to-server", publicKeyPem: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----" }, "publicKeyPem"],
      [{ name: "Bad text", kind: "web", consentText: ["a"] }, "consentText"],
      [[{ name: "array", kind: "web" }], "body"],
      ["just a string", "body"],
    ];
    for (const [body, field] of bad) expectAdminError(await api.admin("POST", "/apps", body), 400, field);
    expectAdminError(await http("POST", `${e.url}/_emulator/v1/apps`, { body: "{", headers: { "content-type": "application/json" } }), 400, "body");
    expectAdminError(await api.admin("GET", "/apps/not-an-app"), 404);
    expect((await e.admin.apps.list()).length).toBe(before);
  });
});
