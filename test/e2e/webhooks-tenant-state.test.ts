import { createRemoteJWKSet, jwtVerify } from "jose";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tenantsCommand } from "../../src/cli/commands/tenants.js";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * Tenant-state notifications (identity.md §9.4): apps with a "Customer state change URL" and an Active
 * consent on a tenant get SOD's POST when it changes state, moves or is restored, through the webhook queue.
 */
const TENANT = "Cust12345";
let emulator: StartedEmulator;
let receiver: Receiver;
let other: Receiver;
let notified: string;
let csrf: string;

const bodies = (r: Receiver) => r.received.map((x) => x.json);

async function portalPost(path: string, fields: Record<string, string>) {
  const res = await fetch(`${emulator.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: emulator.url },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

beforeAll(async () => {
  emulator = await startEmulator();
  receiver = await startReceiver();
  other = await startReceiver();
  const made = await emulator.admin.apps.create({ name: "State Listener", kind: "web", redirectUris: ["https://listener.example/cb"], stateChangeUrl: receiver.url });
  notified = made.clientId;
  expect(made.stateChangeUrl).toBe(receiver.url);
  await emulator.admin.consents.approve(notified, TENANT);
  // Same URL kind, but no consent on the tenant: hears nothing.
  await emulator.admin.apps.create({ name: "Not Approved", kind: "web", redirectUris: ["https://other.example/cb"], stateChangeUrl: other.url });
  csrf = /name="csrf" value="([^"]+)"/.exec(await (await fetch(`${emulator.url}/portal/tenants`)).text())![1]!;
});
afterAll(async () => {
  await emulator?.stop();
  await receiver?.close();
  await other?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.answer = 200;
});

describe("customer state change notifications", () => {
  it("a suspend through the admin API posts SOD's body with a token signed by the emulator's key, to approved apps only", async () => {
    await emulator.admin.tenants.setState(TENANT, "Suspended");
    const got = await receiver.waitFor(() => true);
    expect(Object.keys(got.json)).toEqual(["ChangeType", "ContextIdentifier", "VersionName", "FileVersion", "Token", "PublicEndpoint"]);
    expect(got.json).toMatchObject({ ChangeType: 2, ContextIdentifier: TENANT, VersionName: "Release_11.10_2026.02.24-02", FileVersion: "11.10.721.0", PublicEndpoint: new URL(emulator.url).host });
    expect(got.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(got.headers["x-superoffice-event"]).toBeUndefined();
    const jwks = createRemoteJWKSet(new URL(`${emulator.url}/login/.well-known/jwks`));
    const { payload, protectedHeader } = await jwtVerify(got.json.Token as string, jwks, { issuer: emulator.issuer, audience: `spn:${notified}` });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload.sub).toBe(TENANT);
    expect(payload["http://schemes.superoffice.net/identity/ctx"]).toBe(TENANT);
    // The delivery is in the same queue and inspector as webhooks: app-owned, no webhook.
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.clientId === notified && x.event === "tenant.Suspend" && x.status === "delivered");
    expect(d.webhookId).toBeNull();
    expect(d.body).toBe(got.raw.toString("utf8"));
    await new Promise((r) => setTimeout(r, 200));
    expect(other.received).toHaveLength(0);
  });

  it("resume, upgrade and delete map to their ChangeType; setting the same state again sends nothing", async () => {
    await emulator.admin.tenants.setState(TENANT, "Running");
    await receiver.waitFor((r) => r.json.ChangeType === 3);
    await emulator.admin.tenants.setState(TENANT, "Running");
    await emulator.admin.tenants.setState(TENANT, "OfflineMaintenance");
    await receiver.waitFor((r) => r.json.ChangeType === 2);
    await emulator.admin.tenants.setState(TENANT, "Running");
    await receiver.waitFor((r) => r.json.ChangeType === 0);
    expect(bodies(receiver).map((b) => b.ChangeType)).toEqual([3, 2, 0]);
  });

  it("the portal's state switcher and the tenant reset notify too (Suspend, then BackupRestored)", async () => {
    expect((await portalPost(`/portal/tenants/${TENANT}/state`, { state: "Suspended" })).status).toBe(303);
    await receiver.waitFor((r) => r.json.ChangeType === 2);
    await emulator.admin.tenants.reset(TENANT);
    await receiver.waitFor((r) => r.json.ChangeType === 1);
    // The reset brought the seed's state (Running) back with the data: that is the restore, not a Resume.
    expect((await emulator.admin.tenants.get(TENANT)).state).toBe("Running");
    expect(bodies(receiver).map((b) => b.ChangeType)).toEqual([2, 1]);
  });

  it("a failing receiver gets the same three attempts as a webhook, on the emulator's clock", async () => {
    receiver.answer = 503;
    await emulator.admin.tenants.setState(TENANT, "Suspended");
    await receiver.waitFor(() => true);
    await emulator.admin.webhooks.deliverNow();
    await emulator.admin.webhooks.deliverNow();
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.clientId === notified && x.event === "tenant.Suspend" && x.status === "failed");
    expect(d.attempts).toBe(3);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.raw.toString()))).toHaveProperty("size", 1);
    receiver.answer = 200;
    await emulator.admin.webhooks.resend(d.deliveryId);
    await emulator.admin.webhooks.waitForDelivery((x) => x.deliveryId > d.deliveryId && x.clientId === notified && x.status === "delivered");
    expect(receiver.received).toHaveLength(4);
    await emulator.admin.tenants.setState(TENANT, "Running");
    await receiver.waitFor((r) => r.json.ChangeType === 3);
  });

  it("the URL is set and cleared through the admin API and the portal's app page; bad URLs are refused", async () => {
    const bad = await fetch(`${emulator.url}/_emulator/v1/apps/${notified}/state-change-url`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ url: "ftp://x" }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain("stateChangeUrl: expected an http or https URL");
    const page = await (await fetch(`${emulator.url}/portal/apps/${notified}`)).text();
    expect(page).toContain(`value="${receiver.url}"`);
    expect((await portalPost(`/portal/apps/${notified}/state-change-url`, { url: "not a url" })).status).toBe(400);
    expect((await portalPost(`/portal/apps/${notified}/state-change-url`, { url: "" })).status).toBe(303);
    expect((await emulator.admin.apps.get(notified)).stateChangeUrl).toBeNull();
    await emulator.admin.tenants.setState(TENANT, "Suspended");
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(0);
    await emulator.admin.tenants.setState(TENANT, "Running");
    expect((await portalPost(`/portal/apps/${notified}/state-change-url`, { url: receiver.url })).location).toBe(`/portal/apps/${notified}?done=state-url`);
    expect((await emulator.admin.apps.setStateChangeUrl(notified, receiver.url)).stateChangeUrl).toBe(receiver.url);
  });
});

describe("a move in host mode", () => {
  let hosted: StartedEmulator;
  beforeAll(async () => {
    hosted = await startEmulator({ tenantHost: "sod2.localhost" });
    const app = await hosted.admin.apps.create({ name: "Mover", kind: "web", redirectUris: ["https://mover.example/cb"], stateChangeUrl: receiver.url });
    await hosted.admin.consents.approve(app.clientId, TENANT);
  });
  afterAll(() => hosted?.stop());

  it("posts ChangeType 5 with the new host as PublicEndpoint", async () => {
    await hosted.admin.tenants.move(TENANT, "sod3.localhost");
    const got = await receiver.waitFor((r) => r.json.ChangeType === 5);
    expect(got.json.PublicEndpoint).toBe(`sod3.localhost:${new URL(hosted.url).port}`);
  });
});

describe("the CLI on a stopped emulator's data directory", () => {
  it("queues the notification in the store, signed with the data directory's key; the next start sends it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sod-state-cli-"));
    try {
      const first = await startEmulator({ dataDir: dir });
      const app = await first.admin.apps.create({ name: "Offline Listener", kind: "web", redirectUris: ["https://offline.example/cb"], stateChangeUrl: receiver.url });
      await first.admin.consents.approve(app.clientId, TENANT);
      await first.stop();
      const log = console.log;
      console.log = () => undefined;
      try {
        expect(await tenantsCommand({ positionals: ["state", TENANT, "Suspended"], flags: { dataDir: dir }, configFile: undefined, values: {} })).toBe(0);
      } finally {
        console.log = log;
      }
      expect(receiver.received).toHaveLength(0);
      const second = await startEmulator({ dataDir: dir });
      try {
        const got = await receiver.waitFor((r) => r.json.ChangeType === 2);
        const jwks = createRemoteJWKSet(new URL(`${second.url}/login/.well-known/jwks`));
        await jwtVerify(got.json.Token as string, jwks, { audience: `spn:${app.clientId}` });
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
