import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";

/**
 * `POST /login/common/oauth/revoke` with and without client authentication. SuperOffice's own Node sample
 * (node-express-convert-certs-and-sys-token) revokes with only `token` and `token_type_hint` in the query
 * string; holding the token is then the credential. Credentials that are sent are checked (RFC 7009 §2.1).
 */
const ADA = "ada.admin@example.com";
const TENANT = "Cust12345";

let e: StartedEmulator;
beforeAll(async () => {
  e = await startEmulator();
});
afterAll(() => e?.stop());

const web = () => e.apps.find((a) => a.kind === "web" && a.clientSecret)!;
const service = () => e.apps.find((a) => a.kind === "server-to-server")!;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

async function post(path: string, opts: { query?: Record<string, string>; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Reply> {
  const url = `${e.url}${path}${opts.query ? `?${new URLSearchParams(opts.query)}` : ""}`;
  const res = await request(url, {
    method: "POST",
    headers: { ...(opts.form ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...opts.headers },
    ...(opts.form ? { body: new URLSearchParams(opts.form).toString() } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const revoke = (opts: Parameters<typeof post>[1]) => post("/login/common/oauth/revoke", opts);
const credentials = (app: { clientId: string; clientSecret: string | null }) => ({ client_id: app.clientId, client_secret: app.clientSecret! });
const refresh = (refreshToken: string, app: { clientId: string; clientSecret: string | null } = web()) =>
  post("/login/common/oauth/tokens", { form: { grant_type: "refresh_token", refresh_token: refreshToken, ...credentials(app) } });

async function apiStatus(accessToken: string): Promise<number> {
  const res = await request(`${e.url}/${TENANT}/api/v1/Contact/2`, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  await res.body.dump();
  return res.statusCode;
}

function expectTokenError(r: Reply, status: number, error: string) {
  expect(r.status, r.text).toBe(status);
  expect(r.headers["content-type"]).toMatch(/^application\/json/);
  expect(r.json.error, r.text).toBe(error);
  expect(r.json.error_description).toEqual(expect.any(String));
}

describe("revoke without client credentials (possession of the token)", () => {
  it("SuperOffice's Node sample: an empty POST with token and token_type_hint in the query revokes the refresh token", async () => {
    const tokens = await e.admin.signIn({ tenant: TENANT, user: ADA });
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);

    const r = await revoke({ query: { token: tokens.refresh_token!, token_type_hint: "refresh_token" } });
    expect(r.status, r.text).toBe(200);
    expect(r.text).toBe("");
    expect(r.headers["cache-control"]).toBe("no-store");

    expectTokenError(await refresh(tokens.refresh_token!), 400, "invalid_grant");
    // The access token issued with it goes too, as with an authenticated revoke.
    expect(await apiStatus(tokens.access_token)).toBe(401);
  });

  it("revokes an access token named in a form body, and leaves the refresh token working", async () => {
    const tokens = await e.admin.signIn({ tenant: TENANT, user: ADA });
    expect(await apiStatus(tokens.access_token)).toBe(200);
    expect((await revoke({ form: { token: tokens.access_token } })).status).toBe(200);
    expect(await apiStatus(tokens.access_token)).toBe(401);
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);
  });

  it("answers 200 for an unknown token (RFC 7009 §2.2) and 400 invalid_request without a token", async () => {
    const unknown = await revoke({ query: { token: "A".repeat(64), token_type_hint: "refresh_token" } });
    expect(unknown.status, unknown.text).toBe(200);
    expect(unknown.text).toBe("");
    expectTokenError(await revoke({ query: { token_type_hint: "refresh_token" } }), 400, "invalid_request");
    // Empty client fields name no client.
    expectTokenError(await revoke({ form: { client_id: "", client_secret: "" } }), 400, "invalid_request");
  });
});

describe("revoke with client credentials (RFC 7009 §2.1)", () => {
  it("a wrong secret is 401 invalid_client, in the body or as Basic, and the refresh token keeps working", async () => {
    const tokens = await e.admin.signIn({ tenant: TENANT, user: ADA });
    const form = { token: tokens.refresh_token!, token_type_hint: "refresh_token" };
    expectTokenError(await revoke({ form: { ...form, client_id: web().clientId, client_secret: "wrong" } }), 401, "invalid_client");
    const basic = await revoke({ form, headers: { authorization: `Basic ${Buffer.from(`${web().clientId}:wrong`).toString("base64")}` } });
    expectTokenError(basic, 401, "invalid_client");
    expect(basic.headers["www-authenticate"]).toMatch(/^Basic/);
    // A confidential client that names itself must prove it: client_id without its secret is refused too.
    expectTokenError(await revoke({ form: { ...form, client_id: web().clientId } }), 401, "invalid_client");
    expectTokenError(await revoke({ query: { ...form, client_secret: web().clientSecret! } }), 401, "invalid_client");
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);
  });

  it("another client's token is refused, and stays valid", async () => {
    const tokens = await e.admin.signIn({ tenant: TENANT, user: ADA });
    const r = await revoke({ form: { token: tokens.refresh_token!, ...credentials(service()) } });
    expect(r.status, r.text).toBe(400);
    expect(r.json.error).toBe("unauthorized_client");
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);
  });

  it("the right credentials revoke, in the query (SOD's documented style) as in the body", async () => {
    const tokens = await e.admin.signIn({ tenant: TENANT, user: ADA });
    const r = await revoke({ query: { token: tokens.refresh_token!, token_type_hint: "refresh_token", ...credentials(web()) } });
    expect(r.status, r.text).toBe(200);
    expectTokenError(await refresh(tokens.refresh_token!), 400, "invalid_grant");
  });
});
