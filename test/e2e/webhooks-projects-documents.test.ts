import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * Webhook events of Project and Document (webhooks.md §8; issue #16): project.*, projectmember.* and
 * document.created/changed/edited/deleted, delivered from the change feed to a real HTTP receiver. A
 * document's content write is `document.edited`; its properties `document.changed`.
 */
let emulator: StartedEmulator;
let receiver: Receiver;
let token: string;
const TENANT = "Cust12345";

beforeAll(async () => {
  emulator = await startEmulator();
  receiver = await startReceiver();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  const events = ["project", "projectmember", "document"].flatMap((e) => ["created", "changed", "deleted"].map((k) => `${e}.${k}`));
  await api("POST", "v1/Webhook", { Name: "Projects and documents", Events: [...events, "document.edited"], TargetUrl: receiver.url, Secret: "s" });
});
afterAll(async () => {
  await emulator?.stop();
  await receiver?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

async function api(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<any> {
  const res = await fetch(`${emulator.url}/${TENANT}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": contentType }) },
    ...(body === undefined ? {} : { body: body instanceof Uint8Array ? body : JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.status === 204 ? undefined : res.json();
}

const event = (name: string, key?: number) => receiver.waitFor((r) => r.headers["x-superoffice-event"] === name && (key === undefined || r.json.PrimaryKey === key));
const eventsSeen = () => receiver.received.map((r) => `${r.headers["x-superoffice-event"]}#${r.json.PrimaryKey}`);

describe("project and project member events", () => {
  it("created, changed and deleted, with the members as projectmember.*", async () => {
    const project = await api("POST", "v1/Project", { Name: "Hooked project", ProjectMembers: [{ PersonId: 10 }] });
    const created = await event("project.created", project.ProjectId);
    expect(created.json).toMatchObject({ Entity: "project", ContextIdentifier: TENANT });
    expect(created.json.Changes).toEqual(expect.arrayContaining(["project_id", "name"]));
    const member = project.ProjectMembers[0];
    const memberCreated = await event("projectmember.created");
    expect(memberCreated.json.Entity).toBe("projectmember");
    expect(memberCreated.json.FieldValues).toMatchObject({ project_id: project.ProjectId, person_id: member.PersonId });

    await api("PATCH", `v1/Project/${project.ProjectId}`, [{ op: "replace", path: "/Name", value: "Renamed hooked project" }]);
    expect((await event("project.changed", project.ProjectId)).json.Changes).toContain("name");

    await api("DELETE", `v1/Project/${project.ProjectId}`);
    await event("project.deleted", project.ProjectId);
    await event("projectmember.deleted");
  });
});

describe("document events", () => {
  it("created, changed (properties), edited (content) and deleted", async () => {
    const doc = await api("POST", "v1/Document", { Header: "Hooked document", Contact: 3 });
    await event("document.created", doc.DocumentId);
    await api("PATCH", `v1/Document/${doc.DocumentId}`, [{ op: "replace", path: "/Header", value: "Renamed" }]);
    expect((await event("document.changed", doc.DocumentId)).json.Changes).toEqual(expect.arrayContaining(["header"]));

    receiver.received.length = 0;
    await api("PUT", `v1/Document/${doc.DocumentId}/Content`, new Uint8Array([1, 2, 3]), "application/octet-stream");
    const edited = await event("document.edited", doc.DocumentId);
    expect(edited.json).toMatchObject({ Event: "document.edited", Entity: "document" });
    await api("DELETE", `v1/Document/${doc.DocumentId}/Content`);
    await receiver.waitFor(() => eventsSeen().filter((e) => e === `document.edited#${doc.DocumentId}`).length === 2);
    // Content writes are edits, not property changes.
    expect(eventsSeen()).not.toContain(`document.changed#${doc.DocumentId}`);

    await api("DELETE", `v1/Document/${doc.DocumentId}`);
    await event("document.deleted", doc.DocumentId);
  });
});
