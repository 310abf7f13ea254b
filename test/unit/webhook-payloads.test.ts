import { beforeAll, describe, expect, it } from "vitest";
import { payloadParts, payloadTemplate, webhookTimestamp, type Payload } from "../../src/runtime/webhooks/payload.js";
import { queueKeyOf } from "../../src/runtime/webhooks/queue.js";
import { migrate } from "../../src/store/migrations.js";
import { createStore, databaseOf, type Store } from "../../src/store/store.js";
import { seededStore } from "../support/seeded-store.js";
import type { SharedDelivery } from "../../src/store/webhook-deliveries.js";
import { EMPTY_INPUT } from "../../src/tenant-api/webhooks/webhook-carrier.js";
import { storeBefore } from "../support/store-before.js";

/**
 * Schema v24: one event's text stored once for all its hooks. What a reader gets back (the view
 * webhook_delivery_rows) must be, byte for byte, the body payloadTemplate makes for that hook (the body is
 * signed and sent as stored); a payload lives as long as a delivery points at it; store images keep both;
 * deliveries written before v24 keep their bodies.
 */
const seeded = seededStore("sod-webhook-payloads-");
let image: Buffer;
let key: string;
let store: Store;
const TENANT = "Cust12345";
beforeAll(() => ({ image, key, store } = seeded));

const payloads = () => databaseOf(store).prepare("SELECT count(*) FROM webhook_payloads").pluck().get() as number;

const EVENT: Omit<Payload, "eventId" | "webhookName" | "properties"> = {
  at: Date.UTC(2026, 11, 5, 10, 0, 0, 123),
  changes: ["name", "updated"],
  event: "contact.changed",
  primaryKey: 42,
  entity: "contact",
  contextIdentifier: TENANT,
  changedByAssociateId: 5,
  fieldValues: { name: 'Ærlig "Bygg" AS\u2028', number2: "10042", deleted: 0, nested: { a: [1, null] } },
};
/** Hooks whose own parts differ in every way a body can: a name with quotes, no name, Properties that clash with SuperOffice's own members. */
const HOOKS = [
  { webhookName: 'First "hook"', properties: { Extra: "x", Count: 2, EventId: "ignored", Timestamp: "ignored" } },
  { webhookName: null, properties: null },
  { webhookName: "Third", properties: { Nested: { k: ["v"] }, Skipped: undefined } },
];

function enqueueShared(event: typeof EVENT, at: number): number[] {
  const parts = payloadParts(event);
  const deliveries: SharedDelivery[] = HOOKS.map((h, i) => ({
    queueKey: queueKeyOf(TENANT, 700 + i),
    contextIdentifier: TENANT,
    webhookId: 700 + i,
    clientId: "app",
    targetUrl: "http://127.0.0.1:9/hook",
    event: event.event,
    eventId: `0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f${i}`,
    at,
    ...parts.own(h),
  }));
  return store.transaction(() => store.webhookDeliveries.enqueueShared(parts, deliveries));
}

describe("shared webhook payloads (schema v24)", () => {
  it("reads back each hook's body exactly as payloadTemplate makes it, from one stored payload", () => {
    const before = payloads();
    const ids = enqueueShared(EVENT, 1_000);
    expect(payloads()).toBe(before + 1);
    const template = payloadTemplate(EVENT);
    ids.forEach((id, i) => {
      const d = store.webhookDeliveries.get(id)!;
      expect(d.body).toBe(template({ eventId: d.eventId, ...HOOKS[i]! }));
      expect(JSON.parse(d.body)).toMatchObject({ EventId: d.eventId, WebhookName: HOOKS[i]!.webhookName, PrimaryKey: 42 });
    });
    // Every way of reading: one, the list, and the dispatcher's heads.
    const listed = store.webhookDeliveries.list({ afterId: ids[0]! - 1 });
    for (const id of ids) expect(listed.find((d) => d.deliveryId === id)?.body).toBe(store.webhookDeliveries.get(id)!.body);
    const heads = store.webhookDeliveries.heads().filter((d) => ids.includes(d.deliveryId));
    expect(heads).toHaveLength(0); // hooks 700-702 do not exist, so their queues are not dispatched…
    const hook = store.webhooks.create(TENANT, "app", { ...EMPTY_INPUT, name: "Live", events: ["contact.changed"], targetUrl: "http://127.0.0.1:9/live" }, "2026-12-05T10:00:00", 1);
    const [own] = store.transaction(() =>
      store.webhookDeliveries.enqueueShared(payloadParts(EVENT), [
        { queueKey: queueKeyOf(TENANT, hook.webhookId), contextIdentifier: TENANT, webhookId: hook.webhookId, clientId: "app", targetUrl: hook.targetUrl, event: "contact.changed", eventId: "e-live", at: 1_001, webhookName: '"Live"', properties: "" },
      ]),
    );
    // …an Active hook's is, with the whole body.
    expect(store.webhookDeliveries.heads().find((d) => d.deliveryId === own)?.body).toBe(payloadTemplate(EVENT)({ eventId: "e-live", webhookName: "Live", properties: null }));
  });

  it("stamps the event with SuperOffice's Timestamp: UTC, seven fractional digits", () => {
    expect(webhookTimestamp(Date.UTC(2026, 11, 5, 10, 0, 0, 123))).toBe("2026-12-05T10:00:00.1230000Z");
    expect(webhookTimestamp(Date.UTC(2026, 0, 1))).toBe("2026-01-01T00:00:00.0000000Z");
    expect(JSON.parse(payloadTemplate(EVENT)({ eventId: "e", webhookName: null, properties: null })).Timestamp).toBe("2026-12-05T10:00:00.1230000Z");
  });

  it("keeps a payload while any delivery points at it, and deletes it with the last", () => {
    const db = databaseOf(store);
    const ids = enqueueShared(EVENT, 2_000);
    const payloadOf = (id: number) => db.prepare("SELECT payload_id FROM webhook_deliveries WHERE delivery_id = ?").pluck().get(id) as number;
    const exists = (payloadId: number) => db.prepare("SELECT count(*) FROM webhook_payloads WHERE payload_id = ?").pluck().get(payloadId) === 1;
    const payloadId = payloadOf(ids[0]!);
    expect(ids.every((id) => payloadOf(id) === payloadId)).toBe(true);
    db.prepare("DELETE FROM webhook_deliveries WHERE delivery_id IN (?, ?)").run(ids[0]!, ids[1]!);
    expect(exists(payloadId)).toBe(true);
    expect(store.webhookDeliveries.get(ids[2]!)!.body).toBe(payloadTemplate(EVENT)({ eventId: store.webhookDeliveries.get(ids[2]!)!.eventId, ...HOOKS[2]! }));
    db.prepare("DELETE FROM webhook_deliveries WHERE delivery_id = ?").run(ids[2]!);
    expect(exists(payloadId)).toBe(false);
  });

  it("a resent delivery is a whole-body copy; snapshots, restores and resets keep deliveries and payloads together", () => {
    const ids = enqueueShared(EVENT, 3_000);
    const bodies = ids.map((id) => store.webhookDeliveries.get(id)!.body);
    const copy = store.webhookDeliveries.resend(ids[0]!, 3_500)!;
    expect(copy.body).toBe(bodies[0]);
    expect(databaseOf(store).prepare("SELECT payload_id FROM webhook_deliveries WHERE delivery_id = ?").pluck().get(copy.deliveryId)).toBeNull();

    const snapshot = store.image.snapshot();
    databaseOf(store).prepare("DELETE FROM webhook_deliveries WHERE delivery_id >= ?").run(ids[0]!);
    expect(store.webhookDeliveries.get(ids[1]!)).toBeUndefined();
    store.image.restore(snapshot);
    expect(ids.map((id) => store.webhookDeliveries.get(id)!.body)).toEqual(bodies);

    store.image.reset(image, key);
    expect(store.webhookDeliveries.get(ids[0]!)).toBeUndefined();
    expect(payloads()).toBe(0);
  });

  it("migrates a store with deliveries from before v24: their bodies read as they were", () => {
    const { db } = storeBefore("webhook-payloads");
    db.prepare(
      `INSERT INTO webhook_deliveries (queue_key, context_identifier, webhook_id, client_id, target_url, event, event_id, body, status, next_attempt_at, created_at)
       VALUES ('Cust1/1', 'Cust1', 1, 'app', 'http://127.0.0.1:9/', 'contact.created', 'e-old', '{"EventId":"e-old","Old":true}', 'pending', 1, 1)`,
    ).run();
    migrate(db);
    const shared = createStore(db);
    const [old] = shared.webhookDeliveries.list({ contextIdentifier: "Cust1" });
    expect(old!.body).toBe('{"EventId":"e-old","Old":true}');
    expect(db.prepare("SELECT payload_id, webhook_name, properties FROM webhook_deliveries").get()).toEqual({ payload_id: null, webhook_name: null, properties: null });
    shared.close();
  });
});
