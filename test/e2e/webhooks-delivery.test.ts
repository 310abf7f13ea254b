import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * Deliveries from the change feed to real HTTP receivers (webhooks.md §6–8): the events of the four
 * entities, Changes/FieldValues/Values, headers, the signature over the raw bytes, custom events.
 */
let emulator: StartedEmulator;
let receiver: Receiver;
let token: string;
const TENANT = "Cust12345";
const SECRET = "tøp-secret";

beforeAll(async () => {
  emulator = await startEmulator();
  receiver = await startReceiver();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  const events = ["contact", "person", "activity", "sale"].flatMap((e) => ["created", "changed", "softdeleted", "deleted"].map((k) => `${e}.${k}`));
  await api("POST", "v1/Webhook", { Name: "All", Events: [...events, "sale.sold", "sale.lost", "sale.completed", "foo.bar"], TargetUrl: receiver.url, Secret: SECRET, Headers: { "X-Tenant-Key": "k1" }, Properties: { source: "tests" } });
});
afterAll(async () => {
  await emulator?.stop();
  await receiver?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${emulator.url}/${TENANT}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.status === 204 ? undefined : res.json();
}

const event = (name: string, key?: number) => receiver.waitFor((r) => r.headers["x-superoffice-event"] === name && (key === undefined || r.json.PrimaryKey === key));

describe("CRM events", () => {
  it("contact.created: headers, member order, Changes as column names, FieldValues, Properties, signature over the raw bytes", async () => {
    const contact = await api("POST", "v1/Contact", { Name: "Hook AS", Department: "Ops" });
    const got = await event("contact.created", contact.ContactId);
    expect(got.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(got.headers["user-agent"]).toMatch(/^NetServer-Webhook\//);
    expect(got.headers["x-superoffice-eventid"]).toBe(got.json.EventId);
    expect(got.headers["x-superoffice-retry"]).toBe("0");
    expect(got.headers["x-tenant-key"]).toBe("k1");
    expect(got.headers["x-superoffice-signature"]).toBe(createHmac("sha256", SECRET).update(got.raw).digest("base64"));
    expect(Object.keys(got.json)).toEqual(["EventId", "Timestamp", "Changes", "Event", "PrimaryKey", "Entity", "ContextIdentifier", "ChangedByAssociateId", "WebhookName", "FieldValues", "source"]);
    expect(got.json).toMatchObject({ Event: "contact.created", Entity: "contact", ContextIdentifier: TENANT, WebhookName: "All", source: "tests" });
    expect(got.json.ChangedByAssociateId).toBeGreaterThan(0);
    expect(got.json.Changes).toEqual(expect.arrayContaining(["contact_id", "name", "department", "registered"]));
    expect(got.json.FieldValues).toMatchObject({ deleted: 0, DeletedDate: "0001-01-01T00:00:00", registered_associate_id: got.json.ChangedByAssociateId });
    expect(got.json.FieldValues!.registered).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it("contact: changed lists only changed columns; softdeleted; deleted (the purge) with Values", async () => {
    const { ContactId: id } = await api("POST", "v1/Contact", { Name: "Lifecycle AS" });
    await api("PATCH", `v1/Contact/${id}`, [{ op: "replace", path: "/Department", value: "Support" }]);
    const changed = await event("contact.changed", id);
    expect(changed.json.Changes).toEqual(expect.arrayContaining(["department", "updated"]));
    expect(changed.json.Changes).not.toContain("name");
    expect(changed.json.FieldValues!.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$/);
    await api("DELETE", `v1/Contact/${id}`);
    const soft = await event("contact.softdeleted", id);
    expect(soft.json.FieldValues!.deleted).toBe(1);
    // The retention purge (14 days) runs on the tenant's next API call after the clock has passed it.
    await emulator.admin.clock.advance(15 * 86400);
    try {
      token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
      await api("GET", "v1/User/currentPrincipal");
      const purged = await event("contact.deleted", id);
      expect(purged.json.Changes).toEqual([]);
      expect(purged.json.Values).toEqual({ associate_id: expect.any(Number), contact_id: id });
      expect(purged.json.FieldValues).toBeUndefined();
    } finally {
      await emulator.admin.clock.reset();
      token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
    }
  });

  it("person: created, changed, softdeleted", async () => {
    const { ContactId: contactId } = await api("POST", "v1/Contact", { Name: "People AS" });
    const person = await api("POST", "v1/Person", { Firstname: "Hook", Lastname: "Person", Contact: { ContactId: contactId } });
    const created = await event("person.created", person.PersonId);
    expect(created.json).toMatchObject({ Entity: "person", FieldValues: { contact_id: contactId, person_id: person.PersonId } });
    await api("PATCH", `v1/Person/${person.PersonId}`, [{ op: "replace", path: "/Title", value: "CTO" }]);
    expect((await event("person.changed", person.PersonId)).json.Changes).toContain("title");
    await api("DELETE", `v1/Person/${person.PersonId}`);
    await event("person.softdeleted", person.PersonId);
  });

  it("appointments are activity.*: created, changed, deleted with Values", async () => {
    const { ContactId: contactId } = await api("POST", "v1/Contact", { Name: "Diary AS" });
    const appt = await api("POST", "v1/Appointment", { Description: "Meet", Contact: { ContactId: contactId }, StartDate: "2030-01-02T10:00:00", EndDate: "2030-01-02T11:00:00" });
    const created = await event("activity.created", appt.AppointmentId);
    expect(created.json.Entity).toBe("activity");
    expect(created.json.FieldValues).toMatchObject({ contact_id: contactId, do_by: "2030-01-02T10:00:00" });
    await api("PATCH", `v1/Appointment/${appt.AppointmentId}`, [{ op: "replace", path: "/Location", value: "Room 1" }]);
    expect((await event("activity.changed", appt.AppointmentId)).json.Changes).toContain("location");
    await api("DELETE", `v1/Appointment/${appt.AppointmentId}`);
    const deleted = await event("activity.deleted", appt.AppointmentId);
    expect(deleted.json.Values).toMatchObject({ appointment_id: appt.AppointmentId, contact_id: contactId });
  });

  it("sales: created, changed, sold + completed on the status change, lost, deleted", async () => {
    const { ContactId: contactId } = await api("POST", "v1/Contact", { Name: "Deals AS" });
    const sale = await api("POST", "v1/Sale", { Heading: "Big deal", Contact: { ContactId: contactId }, Amount: 1000, Status: "Open", Saledate: "2030-02-01T00:00:00" });
    expect((await event("sale.created", sale.SaleId)).json.Entity).toBe("sale");
    await api("PATCH", `v1/Sale/${sale.SaleId}`, [{ op: "replace", path: "/Status", value: "Sold" }]);
    await event("sale.changed", sale.SaleId);
    await event("sale.sold", sale.SaleId);
    await event("sale.completed", sale.SaleId);
    const other = await api("POST", "v1/Sale", { Heading: "Lost deal", Contact: { ContactId: contactId }, Status: "Open", Saledate: "2030-02-01T00:00:00" });
    await api("PATCH", `v1/Sale/${other.SaleId}`, [{ op: "replace", path: "/Status", value: "Lost" }]);
    await event("sale.lost", other.SaleId);
    await api("DELETE", `v1/Sale/${sale.SaleId}`);
    expect((await event("sale.deleted", sale.SaleId)).json.Values).toMatchObject({ sale_id: sale.SaleId, contact_id: contactId });
  });

  it("deliveries to one hook arrive in the order of the writes", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api("POST", "v1/Contact", { Name: `Order ${i}` })).ContactId);
    await receiver.waitFor((r) => r.json.PrimaryKey === ids[4] && r.json.Event === "contact.created");
    expect(receiver.events().filter((r) => r.json.Event === "contact.created").map((r) => r.json.PrimaryKey)).toEqual(ids);
  });
});

describe("custom events", () => {
  it("POST v1/Webhook/{eventName}/{primaryKey} and SignalEvent notify hooks subscribed to the name, with the data", async () => {
    await api("POST", "v1/Webhook/foo.bar/42", { field: "value" });
    const got = await event("foo.bar", 42);
    expect(got.json).toMatchObject({ Event: "foo.bar", PrimaryKey: 42, Entity: "foo", FieldValues: { field: "value" } });
    await api("POST", "v1/Agents/Webhook/SignalEvent", { EventName: "foo.bar", PrimaryKey: 7, Data: { a: 1 } });
    expect((await event("foo.bar", 7)).json.FieldValues).toEqual({ a: 1 });
    // Nobody subscribes to this one: nothing is sent, and the call still succeeds.
    await api("POST", "v1/Webhook/nobody.listens/1");
    const before = receiver.events().length;
    await emulator.admin.webhooks.deliverNow();
    expect(receiver.events().length).toBe(before);
  });

  it("the admin API lists deliveries with the body and every attempt; waitForDelivery takes a predicate", async () => {
    const { ContactId: id } = await api("POST", "v1/Contact", { Name: "Awaited AS" });
    const d = await emulator.admin.webhooks.waitForDelivery((x) => x.event === "contact.created" && x.payload.PrimaryKey === id && x.status === "delivered");
    expect(d.attempts).toBe(1);
    expect(d.attemptLog[0]).toMatchObject({ status: 200, retry: 0, responseBody: "ok" });
    expect(d.attemptLog[0]!.requestHeaders["X-SuperOffice-Signature"]).toBe(createHmac("sha256", SECRET).update(d.body).digest("base64"));
  });
});
