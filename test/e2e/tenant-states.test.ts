import { createHash, createSign, randomBytes } from "node:crypto";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { runCli, startCli, tempDir, type StartedCli } from "../support/cli.js";
import { signIn } from "../support/sign-in.js";
import { runAuthorize } from "../support/superid-forms.js";

/**
 * Tenant states (identity.md §9.1, spec/README.md "tenant API when the tenant is not running"): the
 * state API, and what each of SOD's eleven states does to the tenant API, to sign-in and to the
 * system-user exchange; and the CLI that sets a state in a data directory.
 */
const SO = "http://schemes.superoffice.net/identity/";
const TENANT = "Cust54321";
const STATES = [
  "Unknown",
  "Provisioning",
  "Running",
  "Deleted",
  "Suspended",
  "OnlineMaintenance",
  "OfflineMaintenance",
  "ProvisioningFailed",
  "Deleting",
  "DeleteFailed",
  "MigrationPending",
] as const;
type State = (typeof STATES)[number];
const RUNNING: readonly State[] = ["Running", "OnlineMaintenance"];

let emulator: StartedEmulator;
let app: StartedEmulator["apps"][number];
/** Ada's access token for Cust54321, obtained while it was Running. */
let accessToken: string;
/** Ada's system token for the server-to-server app in Cust54321. */
let systemToken: string;

beforeAll(async () => {
  emulator = await startEmulator();
  app = emulator.apps.find((a) => a.kind === "server-to-server")!;
  const tokens = await signIn(emulator, "ada.admin@example.com", TENANT, "server-to-server");
  accessToken = tokens.access_token;
  systemToken = String(decodeJwt(tokens.id_token)[`${SO}system_token`]);
});
afterAll(async () => {
  emulator?.emulator.context.store.tenants.setState(TENANT, "Running");
  await emulator?.stop();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | null;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await request(url, { headers });
  const text = await res.body.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    json = null;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

const stateOf = (base: string, ctx: string) => get(`${base}/api/state/${ctx}`);

/** The SuperOffice error body (spec/README.md "REST error body"). */
function expectSoError(reply: Reply, status: number, errorType: string): string {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  expect(Object.keys(reply.json ?? {}).sort()).toEqual(["Error", "ErrorMessage", "ErrorSource", "ErrorType", "Message"]);
  expect(reply.json!.Error).toBe(true);
  expect(reply.json!.ErrorType).toBe(errorType);
  expect(reply.json!.Message).toBe(reply.json!.ErrorMessage);
  return String(reply.json!.ErrorMessage);
}

function utcStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/** The REST exchange of identity.md §8.3 for Ada's Cust54321 system token. */
async function exchange(): Promise<Record<string, unknown>> {
  const ctx = emulator.emulator.context;
  const stamp = utcStamp(ctx.clock.now());
  const signature = createSign("SHA256").update(`${systemToken}.${stamp}`).sign(ctx.store.apps.privateKeyPem(app.clientId)!, "base64");
  const res = await request(`${emulator.url}/Login/api/PartnerSystemUser/Authenticate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ SignedSystemToken: `${systemToken}.${stamp}.${signature}`, ApplicationToken: app.clientSecret, ContextIdentifier: TENANT, ReturnTokenType: "JWT" }),
  });
  expect(res.statusCode).toBe(200);
  return (await res.body.json()) as Record<string, unknown>;
}

/** An authorize request for Cust54321 answered as Ada, with a fresh browser (no SSO session). */
function authorize() {
  const verifier = randomBytes(32).toString("base64url");
  const params = new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: app.redirectUris[0]!,
    response_type: "code",
    scope: "openid",
    acr_values: `tenant:${TENANT}`,
    state: "st-123",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  return runAuthorize(`${emulator.url}/login/common/oauth/authorize?${params}`, { username: "ada.admin@example.com" });
}

describe("GET /api/state/{ContextIdentifier}", () => {
  it("answers without credentials, in any case, with exactly the documented members", async () => {
    for (const asked of ["Cust12345", "cust12345", "CUST12345"]) {
      const reply = await stateOf(emulator.url, asked);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.headers["content-type"]).toMatch(/^application\/json/);
      expect(Object.keys(reply.json!)).toEqual(["ContextIdentifier", "Endpoint", "State", "IsRunning", "ValidUntil", "Api", "Version"]);
      expect(reply.json).toMatchObject({
        ContextIdentifier: "Cust12345",
        Endpoint: `${emulator.url}/Cust12345`,
        State: "Running",
        IsRunning: true,
        Api: `${emulator.url}/Cust12345/api`,
      });
      expect(reply.json!.ValidUntil).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
      expect(Date.parse(String(reply.json!.ValidUntil))).toBeGreaterThan(Date.now());
      expect(reply.json!.Version).toEqual(expect.any(String));
      expect(String(reply.json!.Version).length).toBeGreaterThan(0);
    }
  });

  it("Endpoint and Api have no trailing slash; Api + /v1 and Version agree with the tenant's version document", async () => {
    const state = (await stateOf(emulator.url, "Cust12345")).json!;
    expect(String(state.Endpoint)).not.toMatch(/\/$/);
    expect(String(state.Api)).not.toMatch(/\/$/);
    const version = await get(String(state.Api), { accept: "application/json" });
    expect(version.status, version.text).toBe(200);
    expect(version.json!.v1).toBe(`${state.Api}/v1/`);
    expect(version.json!.NetServerLabel).toBe(state.Version);
  });

  it("the seeded Cust99999 is OfflineMaintenance, not running", async () => {
    const reply = await stateOf(emulator.url, "Cust99999");
    expect(reply.json).toMatchObject({ ContextIdentifier: "Cust99999", State: "OfflineMaintenance", IsRunning: false });
  });

  it("an unknown tenant is 404 with a JSON body", async () => {
    const reply = await stateOf(emulator.url, "Cust00000");
    expect(reply.status, reply.text).toBe(404);
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(reply.json).not.toBeNull();
    // Named as asked: the router lower-cases paths, so a message built from the path parameter would
    // say "cust00000" (src/server/app.ts: messages should show the request's own pathname).
    expect(reply.json!.ErrorMessage).toEqual(expect.stringContaining("Cust00000"));
  });
});

describe("each of the eleven states of Cust54321", () => {
  beforeAll(async () => {
    // The credentials work while the tenant runs.
    const reply = await get(`${emulator.url}/${TENANT}/api/v1/Contact/2`, { accept: "application/json", authorization: `Bearer ${accessToken}` });
    expect(reply.status, reply.text).toBe(200);
    expect(systemToken).toMatch(/^Nightly Sync Service-[A-Za-z0-9]{10}$/);
  });
  afterAll(() => {
    emulator.emulator.context.store.tenants.setState(TENANT, "Running");
  });

  it.each(STATES)("%s", async (state) => {
    const store = emulator.emulator.context.store;
    const running = RUNNING.includes(state);
    expect(store.tenants.setState(TENANT, state)).toBe(true);
    try {
      // 1. The state API.
      const reply = await stateOf(emulator.url, TENANT);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json).toMatchObject({ ContextIdentifier: TENANT, State: state, IsRunning: running });

      // 2. The tenant API with a token obtained while Running.
      const api = await get(`${emulator.url}/${TENANT}/api/v1/Contact/2`, { accept: "application/json", authorization: `Bearer ${accessToken}` });
      if (running) {
        expect(api.status, api.text).toBe(200);
        expect(api.json!.ContactId).toBe(2);
      } else if (state === "Deleted") {
        expectSoError(api, 404, "TenantNotFound");
      } else {
        const message = expectSoError(api, 503, "TenantNotRunning");
        expect(message).toContain(state);
        expect(message).toContain(TENANT);
        expect(api.headers["retry-after"]).toMatch(/^\d+$/);
        expect(Number(api.headers["retry-after"])).toBeGreaterThan(0);
      }

      // 3. Sign-in: the app gets its code when running, otherwise the user sees a page (no redirect).
      const flow = await authorize();
      if (running) {
        expect(flow.location, flow.body.slice(0, 300)).toBeDefined();
        const back = new URL(flow.location!);
        expect(back.searchParams.get("code")).toMatch(/\S/);
        expect(back.searchParams.get("state")).toBe("st-123");
      } else {
        expect(flow.location, `redirected to ${flow.location}`).toBeUndefined();
        expect(flow.status).toBeGreaterThanOrEqual(200);
        expect(flow.status).toBeLessThan(600);
        expect(flow.status === 301 || flow.status === 302 || flow.status === 303).toBe(false);
        expect(flow.body).toMatch(/not available/i);
        expect(flow.body).toContain(state);
        expect(flow.body).toContain(TENANT);
      }

      // 4. The system-user exchange.
      const result = await exchange();
      expect(Object.keys(result)).toEqual(["IsSuccessful", "Token", "ErrorMessage"]);
      if (running) {
        expect(result.IsSuccessful, String(result.ErrorMessage)).toBe(true);
        expect(decodeJwt(String(result.Token))[`${SO}ctx`]).toBe(TENANT);
      } else {
        expect(result.IsSuccessful).toBe(false);
        expect(result.Token).toBeNull();
        expect(String(result.ErrorMessage)).toContain(TENANT);
        // Deleted is answered like an unknown tenant (as the tenant API's 404 does); every other state is named.
        if (state === "Deleted") expect(String(result.ErrorMessage)).toMatch(/Deleted|Unknown ContextIdentifier/);
        else expect(String(result.ErrorMessage)).toContain(state);
      }
    } finally {
      store.tenants.setState(TENANT, "Running");
    }
  });

  it("the tenant API's 404 for a Deleted or an unknown tenant names the tenant as asked", async () => {
    const store = emulator.emulator.context.store;
    store.tenants.setState(TENANT, "Deleted");
    try {
      const deleted = await get(`${emulator.url}/${TENANT}/api/v1/Contact/2`, { accept: "application/json", authorization: `Bearer ${accessToken}` });
      expect(expectSoError(deleted, 404, "TenantNotFound")).toContain(TENANT);
    } finally {
      store.tenants.setState(TENANT, "Running");
    }
    const unknown = await get(`${emulator.url}/Cust00000/api/v1/Contact/2`, { accept: "application/json", authorization: `Bearer ${accessToken}` });
    expect(expectSoError(unknown, 404, "TenantNotFound")).toContain("Cust00000");
  });

  it("Running again: everything works as before", async () => {
    expect((await stateOf(emulator.url, TENANT)).json).toMatchObject({ State: "Running", IsRunning: true });
    const api = await get(`${emulator.url}/${TENANT}/api/v1/Contact/2`, { accept: "application/json", authorization: `Bearer ${accessToken}` });
    expect(api.status, api.text).toBe(200);
    expect((await exchange()).IsSuccessful).toBe(true);
  });
});

describe("the CLI: sod-emulator tenants state", () => {
  const tmp = tempDir("sod-tenant-states-");
  afterAll(tmp.cleanup);
  let n = 0;
  const freshDir = (name: string) => join(tmp.dir, `${name}-${++n}`);
  const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at /);

  it("sets a state in the data directory; info --json then shows it", async () => {
    const dir = freshDir("state");
    const set = await runCli(["tenants", "state", "Cust12345", "OfflineMaintenance", "--data", dir]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Cust12345.*OfflineMaintenance/);
    const info = await runCli(["info", "--json", "--data", dir]);
    expect(info.code, info.stderr).toBe(0);
    const tenants = JSON.parse(info.stdout).tenants as { contextIdentifier: string; state: string; isRunning: boolean }[];
    expect(tenants.find((t) => t.contextIdentifier === "Cust12345")).toMatchObject({ state: "OfflineMaintenance", isRunning: false });
    expect(tenants.find((t) => t.contextIdentifier === "Cust54321")).toMatchObject({ state: "Running", isRunning: true });

    // And back, with the state name in any case.
    const back = await runCli(["tenants", "state", "cust12345", "running", "--data", dir]);
    expect(back.code, back.stderr).toBe(0);
    const again = JSON.parse((await runCli(["info", "--json", "--data", dir])).stdout).tenants as { contextIdentifier: string; state: string }[];
    expect(again.find((t) => t.contextIdentifier === "Cust12345")!.state).toBe("Running");
  });

  it("an unknown state exits 2 naming the accepted states", async () => {
    const dir = freshDir("bad-state");
    const { code, stdout, stderr } = await runCli(["tenants", "state", "Cust12345", "Sleeping", "--data", dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Sleeping");
    for (const state of STATES) expect(stderr).toContain(state);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    noStackTrace(stderr);
  });

  it("an unknown tenant exits 2", async () => {
    const dir = freshDir("bad-tenant");
    const { code, stdout, stderr } = await runCli(["tenants", "state", "Cust00000", "Running", "--data", dir]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/unknown tenant Cust00000/i);
    noStackTrace(stderr);
  });

  it("a running CLI emulator on the same data directory sees the change on its next request, without a restart", async () => {
    const dir = freshDir("live");
    let cli: StartedCli | undefined;
    try {
      cli = await startCli(["--data", dir]);
      const before = await stateOf(cli.url, TENANT);
      expect(before.json).toMatchObject({ ContextIdentifier: TENANT, State: "Running", IsRunning: true });
      expect(before.json!.Endpoint).toBe(`${cli.url}/${TENANT}`);

      const set = await runCli(["tenants", "state", TENANT, "Suspended", "--data", dir]);
      expect(set.code, set.stderr).toBe(0);
      const after = await stateOf(cli.url, TENANT);
      expect(after.json).toMatchObject({ ContextIdentifier: TENANT, State: "Suspended", IsRunning: false });
      // The tenant API of the running emulator follows too (no credentials needed to see the 503:
      // the tenant is looked up before authentication).
      const api = await get(`${cli.url}/${TENANT}/api/v1/Contact/2`, { accept: "application/json" });
      expect(expectSoError(api, 503, "TenantNotRunning")).toContain("Suspended");

      const resumed = await runCli(["tenants", "state", TENANT, "Running", "--data", dir]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect((await stateOf(cli.url, TENANT)).json).toMatchObject({ State: "Running", IsRunning: true });
    } finally {
      const code = await cli?.stop();
      if (cli) expect(code).toBe(0);
    }
  });
});
