import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type StartedEmulator } from "../../src/start-emulator.js";
import { startReceiver, type Receiver } from "../support/webhook-receiver.js";

/**
 * When the dispatcher looks at the queues after a CRM write (src/runtime/webhooks/dispatcher.ts, kickFor):
 * only when the write queued a delivery that can go out now. A write that queues nothing, or only behind an
 * attempt in flight, does not read the queues' heads (issue #19: that read followed every committed write);
 * what it queued still goes out, in order, when the attempt ends. The store is the real one; the test only
 * counts the dispatcher's reads of the heads.
 */
let emulator: StartedEmulator;
let contacts: Receiver;
let persons: Receiver;
let token: string;
let headReads = 0;
const TENANT = "Cust12345";
const HELD_MS = 1500;

beforeAll(async () => {
  emulator = await startEmulator();
  contacts = await startReceiver();
  persons = await startReceiver();
  token = (await emulator.admin.signIn({ tenant: TENANT, user: "ada.admin@example.com" })).access_token;
  await api("POST", "v1/Webhook", { Name: "Contacts", Events: ["contact.created"], TargetUrl: contacts.url });
  await api("POST", "v1/Webhook", { Name: "Persons", Events: ["person.created"], TargetUrl: persons.url });
  const deliveries = emulator.emulator.context.store.webhookDeliveries;
  const heads = deliveries.heads;
  deliveries.heads = () => {
    headReads++;
    return heads();
  };
});
afterAll(async () => {
  await emulator?.stop();
  await contacts?.close();
  await persons?.close();
});

async function api(method: string, path: string, body: unknown): Promise<{ ContactId?: number; PersonId?: number }> {
  const res = await fetch(`${emulator.url}/${TENANT}/api/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return (await res.json()) as { ContactId?: number; PersonId?: number };
}

/** Lets the dispatcher's scheduled look (setImmediate) run, if a write scheduled one. */
const settle = () => sleep(30);

describe("the dispatcher after a CRM write", () => {
  it("does not read the queues when the write queued no delivery", async () => {
    await emulator.emulator.context.webhooks.dispatcher.settled(5000);
    await settle();
    const before = headReads;
    await api("POST", "v1/Sale", { Heading: "No hook wants this", Amount: 10, Contact: { ContactId: 2 } });
    await settle();
    expect(headReads).toBe(before);
  });

  it("leaves a delivery queued behind an attempt in flight to that attempt's end, in order, and sends another queue's at once", async () => {
    contacts.delayMs = HELD_MS;
    const first = await api("POST", "v1/Contact", { Name: "Held 1" });
    const held = await contacts.waitFor((r) => r.json.PrimaryKey === first.ContactId);
    const heldAt = Date.now();
    const readsWhileHeld = headReads;

    const second = await api("POST", "v1/Contact", { Name: "Held 2" });
    const third = await api("POST", "v1/Contact", { Name: "Held 3" });
    await settle();
    expect(headReads, "writes behind the attempt in flight read the queues").toBe(readsWhileHeld);

    // Another queue is not held up: its delivery goes out while the first queue's attempt is still in flight.
    const person = await api("POST", "v1/Person", { Firstname: "Other", Lastname: "Queue", Contact: { ContactId: first.ContactId } });
    await persons.waitFor((r) => r.json.PrimaryKey === person.PersonId, HELD_MS);
    expect(Date.now() - heldAt).toBeLessThan(HELD_MS);

    contacts.delayMs = 0;
    await contacts.waitFor((r) => r.json.PrimaryKey === third.ContactId, 10_000);
    const order = contacts.events().map((r) => r.json.PrimaryKey);
    expect(order.slice(order.indexOf(held.json.PrimaryKey))).toEqual([first.ContactId, second.ContactId, third.ContactId]);
  });
});
