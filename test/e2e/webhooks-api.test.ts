import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { validateBody } from "../support/openapi.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * The Webhook REST endpoints and the WebhookAgent (webhooks.md §2–5), over HTTP against a real receiver:
 * every operation, the carrier schema-valid, the test ping on save, the app's own hooks only.
 */
let emulator: StartedEmulator;
let receiver: Receiver;
let token: string;
let otherToken: string;
const TENANT = "Cust12345";
const WEBHOOK = "SuperOffice.CRM.Services.Webhook";
const WITH_LINKS = "SuperOffice.WebApi.v1.Carriers.WebhookCarriers.WebhookWithLinks";

beforeAll(async () => {
  emulator = await startEmulator();
  receiver = await startReceiver();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  const other = await emulator.admin.apps.create({ name: "Other app", kind: "web", redirectUris: ["http://127.0.0.1:8000/callback"] });
  otherToken = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com", app: other.clientId })).access_token;
});
afterAll(async () => {
  await emulator?.stop();
  await receiver?.close();
});

async function call(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emulator.url}/${TENANT}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const hookBody = (extra: Record<string, unknown> = {}) => ({ Name: "Sync", Events: ["contact.created", "contact.changed"], TargetUrl: receiver.url, Secret: "s3cret", ...extra });

describe("Webhook REST", () => {
  it("GET v1/Webhook/default: SuperOffice's defaults, every member, schema-valid", async () => {
    const { status, json } = await call("GET", "v1/Webhook/default");
    expect(status).toBe(200);
    expect(json).toMatchObject({ WebhookId: 0, Name: null, Events: ["contact.created", "contact.deleted"], State: "Active", Type: "webhook", Registered: "0001-01-01T00:00:00" });
    expect(validateBody(WEBHOOK, json)).toEqual([]);
  });

  it("POST sends the test ping first, then saves; the carrier has every member and _Links", async () => {
    const before = receiver.received.length;
    const { status, json } = await call("POST", "v1/Webhook", hookBody({ Headers: { "X-Custom": "yes" }, Properties: { tenantKey: { a: 1 } } }));
    expect(status).toBe(200);
    expect(validateBody(WITH_LINKS, json)).toEqual([]);
    expect(json.WebhookId).toBeGreaterThan(0);
    expect(json).toMatchObject({ Name: "Sync", State: "Active", Type: "webhook", Headers: { "X-Custom": "yes" }, TotalCalls: 0, ConsecutiveErrors: 0 });
    expect(json.RegisteredAssociate).toMatchObject({ AssociateId: expect.any(Number) });
    expect(json._Links.Self).toMatch(new RegExp(`/${TENANT}/api/v1/Webhook/${json.WebhookId}$`));
    const ping = receiver.received[before]!;
    expect(ping.headers["x-superoffice-event"]).toBe("test");
    expect(ping.headers["x-hook-test"]).toBe("true");
    expect(ping.headers["user-agent"]).toMatch(/^NetServer-Webhook\/\d+\.\d+/);
    expect(ping.headers["x-custom"]).toBe("yes");
    expect(ping.json).toMatchObject({ Event: "test", Entity: "test", PrimaryKey: 0, Changes: [], ContextIdentifier: TENANT, WebhookName: "Sync" });
    expect(ping.headers["x-superoffice-eventid"]).toBe(ping.json.EventId);
    expect(Object.keys(ping.json)).toEqual(["EventId", "Timestamp", "Changes", "Event", "PrimaryKey", "Entity", "ContextIdentifier", "ChangedByAssociateId", "WebhookName"]);
    expect(ping.json.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
  });

  it("a target that does not answer 200 fails the save with a SuperOffice error body; nothing is saved", async () => {
    receiver.answer = 500;
    try {
      const count = (await call("GET", "v1/Webhook")).json.length;
      const { status, json } = await call("POST", "v1/Webhook", hookBody({ Name: "Refused" }));
      expect(status).toBe(400);
      expect(json).toMatchObject({ Error: true, ErrorType: "ArgumentException" });
      expect(json.Message).toMatch(/did not answer the test event with 200 OK: HTTP 500/);
      expect((await call("GET", "v1/Webhook")).json.length).toBe(count);
    } finally {
      receiver.answer = 200;
    }
  });

  it("http to a public host is refused as SOD refuses it; unreachable targets fail the save", async () => {
    const insecure = await call("POST", "v1/Webhook", hookBody({ TargetUrl: "http://www.example.com/hook" }));
    expect(insecure.status).toBe(400);
    expect(insecure.json.Message).toMatch(/^Webhook TargetUrl must be secure: 'HTTPS:' not found in http:\/\/www\.example\.com\/hook/);
    const gone = await startReceiver();
    await gone.close();
    const closed = await call("POST", "v1/Webhook", hookBody({ TargetUrl: gone.url }));
    expect(closed.status).toBe(400);
    expect(closed.json.Message).toMatch(/ECONNREFUSED/);
    await emulator.admin.webhooks.settings({ requireHttps: true });
    try {
      expect((await call("POST", "v1/Webhook", hookBody())).status).toBe(400);
    } finally {
      await emulator.admin.webhooks.settings({ requireHttps: false });
    }
  });

  it("GET, list with filters (a plain array), PUT, PATCH, LastError, DELETE", async () => {
    const { json: created } = await call("POST", "v1/Webhook", hookBody({ Name: "Filtered one", Events: ["sale.sold"] }));
    const id = created.WebhookId;
    const got = await call("GET", `v1/Webhook/${id}`);
    expect(got.status).toBe(200);
    expect(validateBody(WITH_LINKS, got.json)).toEqual([]);
    // $select: the other members are null, as NetServer sends them.
    expect((await call("GET", `v1/Webhook/${id}?$select=Name,State`)).json).toMatchObject({ Name: "Filtered one", State: "Active", Events: null });

    const byName = await call("GET", "v1/Webhook?nameFilter=filtered");
    expect(Array.isArray(byName.json)).toBe(true);
    expect(byName.json.map((h: { WebhookId: number }) => h.WebhookId)).toEqual([id]);
    byName.json.forEach((h: unknown) => expect(validateBody(WEBHOOK, h)).toEqual([]));
    expect((await call("GET", "v1/Webhook?eventFilter=sale.sold")).json.map((h: { WebhookId: number }) => h.WebhookId)).toEqual([id]);
    expect((await call("GET", "v1/Webhook?statusFilter=Stopped")).json).toEqual([]);

    const put = await call("PUT", `v1/Webhook/${id}`, { ...got.json, Name: "Renamed", State: "Stopped" });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ Name: "Renamed", State: "Stopped" });
    expect((await call("GET", "v1/Webhook?statusFilter=Stopped")).json.map((h: { WebhookId: number }) => h.WebhookId)).toEqual([id]);
    expect((await call("PUT", `v1/Webhook/${id}`)).status).toBe(400);

    const patched = await call("PATCH", `v1/Webhook/${id}`, [
      { op: "add", path: "/Headers", value: { "X-Patched": "1" } },
      { op: "replace", path: "/Properties", value: { nested: { deep: true } } },
      { op: "replace", path: "/State", value: "Active" },
    ]);
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ Headers: { "X-Patched": "1" }, Properties: { nested: { deep: true } }, State: "Active" });

    const lastError = await call("GET", `v1/Webhook/${id}/LastError`);
    expect(lastError).toEqual({ status: 200, json: "" });
    expect((await call("DELETE", `v1/Webhook/${id}`)).status).toBe(204);
    expect((await call("GET", `v1/Webhook/${id}`)).status).toBe(404);
  });

  it("POST v1/Webhook/Test: WebhookResult with the target's answer, nothing saved", async () => {
    const ok = await call("POST", "v1/Webhook/Test", hookBody());
    expect(ok.status).toBe(200);
    expect(validateBody("SuperOffice.CRM.Services.WebhookResult", ok.json)).toEqual([]);
    expect(ok.json.Success).toBe(true);
    expect(ok.json.Message).toMatch(/^200\r\n[\s\S]*x-receiver: test[\s\S]*ok$/);
    receiver.answer = 418;
    try {
      expect((await call("POST", "v1/Webhook/Test", hookBody())).json).toMatchObject({ Success: false, Message: expect.stringMatching(/^418/) });
    } finally {
      receiver.answer = 200;
    }
  });
});

describe("WebhookAgent", () => {
  it("CreateDefaultWebhook, SaveWebhook (create and update), GetWebhook, GetAllWebhooks with StatusFilter or StateFilter, TestWebhook, GetLastError, DeleteWebhook", async () => {
    const def = await call("POST", "v1/Agents/Webhook/CreateDefaultWebhook");
    expect(validateBody(WEBHOOK, def.json)).toEqual([]);
    const saved = await call("POST", "v1/Agents/Webhook/SaveWebhook", { ...def.json, Name: "Agent hook", TargetUrl: receiver.url });
    expect(saved.status).toBe(200);
    expect(validateBody(WEBHOOK, saved.json)).toEqual([]);
    const id = saved.json.WebhookId;
    expect(saved.json._Links).toBeUndefined();
    const updated = await call("POST", "v1/Agents/Webhook/SaveWebHook", { ...saved.json, State: "Stopped" });
    expect(updated.json).toMatchObject({ WebhookId: id, State: "Stopped" });
    expect((await call("POST", `v1/Agents/Webhook/GetWebhook?webhookId=${id}`)).json).toMatchObject({ WebhookId: id, Name: "Agent hook" });
    const stopped = (filter: Record<string, unknown>) => call("POST", "v1/Agents/Webhook/GetAllWebhooks", { NameFilter: "", EventFilter: "", ...filter });
    expect((await stopped({ StatusFilter: "Stopped" })).json.map((h: { WebhookId: number }) => h.WebhookId)).toEqual([id]);
    // SuperOffice's own request sends StateFilter as a number (Stopped = 2).
    expect((await stopped({ StateFilter: 2 })).json.map((h: { WebhookId: number }) => h.WebhookId)).toEqual([id]);
    expect((await stopped({ StateFilter: 0 })).json.length).toBeGreaterThanOrEqual(1);
    const test = await call("POST", "v1/Agents/Webhook/TestWebhook", { Webhook: { TargetUrl: receiver.url } });
    expect(test.json.Success).toBe(true);
    expect((await call("POST", "v1/Agents/Webhook/GetLastError", { WebhookId: id })).json).toBe("");
    expect((await call("POST", `v1/Agents/Webhook/DeleteWebhook?webhookId=${id}`)).status).toBe(204);
    expect((await call("POST", `v1/Agents/Webhook/GetWebhook?webhookId=${id}`)).status).toBe(404);
  });
});

describe("scoping and access", () => {
  it("another app neither sees nor changes a hook; its own list is empty", async () => {
    const { json: mine } = await call("POST", "v1/Webhook", hookBody({ Name: "Mine only" }));
    const id = mine.WebhookId;
    expect((await call("GET", "v1/Webhook", undefined, otherToken)).json).toEqual([]);
    expect((await call("GET", `v1/Webhook/${id}`, undefined, otherToken)).status).toBe(404);
    expect((await call("PUT", `v1/Webhook/${id}`, hookBody({ Name: "Hijacked" }), otherToken)).status).toBe(404);
    expect((await call("DELETE", `v1/Webhook/${id}`, undefined, otherToken)).status).toBe(404);
    expect((await call("POST", "v1/Agents/Webhook/SaveWebhook", { ...hookBody(), WebhookId: id }, otherToken)).status).toBe(404);
    expect((await call("GET", `v1/Webhook/${id}`)).json.Name).toBe("Mine only");
  });

  it("an app without webhook access gets SOD's refusal", async () => {
    const app = await emulator.admin.apps.create({ name: "No hooks", kind: "web", redirectUris: ["http://127.0.0.1:8000/callback"], webhooks: false });
    const t = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com", app: app.clientId })).access_token;
    const res = await call("GET", "v1/Webhook", undefined, t);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ Error: true, ErrorType: "SoAccessDeniedException" });
    expect((await call("POST", "v1/Agents/Webhook/GetAllWebhooks", {}, t)).status).toBe(403);
  });

  it("bad input: a 400 naming the member, never a 500", async () => {
    for (const body of [{ TargetUrl: "" }, { TargetUrl: receiver.url, State: "Sleeping" }, { TargetUrl: receiver.url, Headers: { "bad header": "x" } }, { TargetUrl: receiver.url, Type: "crmscript" }, { TargetUrl: "not a url" }]) {
      const res = await call("POST", "v1/Webhook", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.Error).toBe(true);
    }
    expect((await call("GET", "v1/Webhook/abc")).status).toBe(400);
  });
});
