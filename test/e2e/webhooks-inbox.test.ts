import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";

/**
 * The local inbox (/_emulator/v1/inbox/{name}): a webhook target with no server of one's own. Receiving
 * takes no admin key and any content type (senders carry neither); reading it takes the key.
 */
let emulator: StartedEmulator;
let token: string;
const TENANT = "Cust12345";

beforeAll(async () => {
  emulator = await startEmulator({ adminKey: "k3y" });
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
});
afterAll(() => emulator?.stop());

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}/${TENANT}/api/${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

describe("local inbox", () => {
  it("a webhook targeting the inbox: the ping and contact.created are recorded with their exact bytes", async () => {
    const url = emulator.admin.inbox.url("Readme-Test");
    const saved = await api("POST", "v1/Webhook", { Name: "Inbox", Events: ["contact.created"], TargetUrl: url, Secret: "abc" });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const contact = (await (await api("POST", "v1/Contact", { Name: "Inbox AS" })).json()) as { ContactId: number };
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.event === "contact.created" && x.payload.PrimaryKey === contact.ContactId && x.status === "delivered");
    const entries = await emulator.admin.inbox.entries("Readme-Test");
    expect(entries.map((e) => e.headers["x-superoffice-event"])).toEqual(["test", "contact.created"]);
    const got = entries[1]!;
    expect(got.body).toBe(d.body);
    expect(got.headers["x-superoffice-signature"]).toBe(createHmac("sha256", "abc").update(got.body).digest("base64"));
  });

  it("answers the status chosen (configure, or ?status=); other content types are taken; reading needs the key", async () => {
    await emulator.admin.inbox.configure("failing", { status: 503 });
    const res = await fetch(emulator.admin.inbox.url("failing"), { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" });
    expect(res.status).toBe(503);
    expect((await fetch(`${emulator.admin.inbox.url("other")}?status=410`, { method: "POST", body: "{}" })).status).toBe(410);
    expect((await emulator.admin.inbox.entries("failing"))[0]).toMatchObject({ body: "hello", status: 503, method: "POST" });
    expect((await fetch(emulator.admin.inbox.url("failing"))).status).toBe(401);
    expect((await fetch(emulator.admin.inbox.url("bad name!"), { method: "POST", body: "x" })).status).toBe(400);
  });
});
