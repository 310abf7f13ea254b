import { beforeAll, describe, expect, it } from "vitest";
import { MAX_PENDING_PER_HOOK, queueKeyOf, webhookQueue } from "../../src/runtime/webhooks/queue.js";
import { databaseOf, type Store } from "../../src/store/store.js";
import { seededStore } from "../support/seeded-store.js";
import { EMPTY_INPUT } from "../../src/tenant-api/webhooks/webhook-carrier.js";
import type { NewDelivery } from "../../src/store/webhook-deliveries.js";

/**
 * Schema v21's per-queue pending counts (webhook_queue_sizes, kept by triggers) against their definition,
 * a COUNT of the pending rows, after every kind of statement that moves a delivery in or out of `pending`:
 * new events, attempts (retry, delivered, failed), cancels, resends, history trims, rollbacks, snapshot
 * restores and resets to the seed's image. And the limit they exist for: a hook with MAX_PENDING_PER_HOOK
 * deliveries waiting gets the next event recorded as cancelled, not queued.
 */
const seeded = seededStore("sod-queue-sizes-");
let image: Buffer;
let key: string;
let store: Store;
const TENANT = "Cust12345";
beforeAll(() => ({ image, key, store } = seeded));

const counted = () => databaseOf(store).prepare("SELECT queue_key AS k, pending AS n FROM webhook_queue_sizes ORDER BY 1").all();
const truth = () => databaseOf(store).prepare("SELECT queue_key AS k, COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending' GROUP BY 1 ORDER BY 1").all();
const expectCountsTrue = (step: string) => expect(counted(), step).toEqual(truth());

const delivery = (queueKey: string, n: number): NewDelivery => ({
  queueKey,
  contextIdentifier: TENANT,
  webhookId: Number(queueKey.split("/")[1]),
  clientId: "app",
  targetUrl: "http://127.0.0.1:9/hook",
  event: "contact.created",
  eventId: `event-${queueKey}-${n}`,
  body: "{}",
  at: 1_000 + n,
});
const attempt = (status: number) => ({ at: 0, retry: 0, requestHeaders: {}, status, responseHeaders: {}, responseBody: "", durationMs: 1 });

describe("pending deliveries per queue (schema v21)", () => {
  it("equal a count of the pending rows after every kind of change", () => {
    const d = store.webhookDeliveries;
    const [a, b] = [queueKeyOf(TENANT, 901), queueKeyOf(TENANT, 902)];
    const ids = store.transaction(() => Array.from({ length: 6 }, (_, i) => d.enqueue(delivery(i % 2 ? b : a, i))));
    d.enqueue({ ...delivery(a, 99), status: "cancelled" });
    expectCountsTrue("enqueued");
    expect([d.pendingIn(a), d.pendingIn(b), d.pendingIn("nobody/1")]).toEqual([3, 3, 0]);

    d.recordAttempt(ids[0]!, "pending", 5_000, attempt(500)); // a retry stays pending
    d.recordAttempt(ids[1]!, "delivered", 0, attempt(200));
    d.recordAttempt(ids[2]!, "failed", 0, attempt(500));
    expectCountsTrue("attempts");
    expect([d.pendingIn(a), d.pendingIn(b)]).toEqual([2, 2]);

    const copy = d.resend(ids[1]!, 6_000)!;
    expect(copy.status).toBe("pending");
    d.requeue(ids[2]!, 6_000);
    expectCountsTrue("resend and requeue");
    expect([d.pendingIn(a), d.pendingIn(b)]).toEqual([3, 3]);

    expect(() =>
      store.transaction(() => {
        d.enqueue(delivery(a, 100));
        d.cancelPending(TENANT, 902);
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expectCountsTrue("rollback");
    expect([d.pendingIn(a), d.pendingIn(b)]).toEqual([3, 3]);

    const snapshot = store.image.snapshot();
    expect(d.cancelPending(TENANT, 902)).toBe(3);
    expectCountsTrue("cancel");
    expect(counted()).toEqual([{ k: a, n: 3 }]); // an emptied queue loses its row

    store.image.restore(snapshot);
    expectCountsTrue("restore");
    expect([d.pendingIn(a), d.pendingIn(b)]).toEqual([3, 3]);

    store.image.reset(image, key);
    expectCountsTrue("reset");
    expect(counted()).toEqual([]);
  });

  it("record the event past the limit as cancelled, and queue again once the hook's backlog shrinks", () => {
    const hook = store.webhooks.create(
      TENANT,
      "app",
      { ...EMPTY_INPUT, name: "Full", events: ["limit.test"], targetUrl: "http://127.0.0.1:9/full" },
      "2026-12-05T10:00:00",
      1,
    );
    const queueKey = queueKeyOf(TENANT, hook.webhookId);
    store.transaction(() => {
      for (let i = 0; i < MAX_PENDING_PER_HOOK - 1; i++) store.webhookDeliveries.enqueue(delivery(queueKey, i));
    });
    const queue = webhookQueue(store);
    const statuses = () => store.webhookDeliveries.list({ webhookId: hook.webhookId, event: "limit.test", limit: 10 }).map((x) => x.status);
    expect(queue.signal(TENANT, "limit.test", 1, null, 1, 2_000)).toBe(1);
    expect(store.webhookDeliveries.pendingIn(queueKey)).toBe(MAX_PENDING_PER_HOOK);
    queue.signal(TENANT, "limit.test", 2, null, 1, 2_001);
    expect(store.webhookDeliveries.pendingIn(queueKey)).toBe(MAX_PENDING_PER_HOOK);
    expect(statuses().sort()).toEqual(["cancelled", "pending"]);
    // One delivered: room for one more.
    const [head] = store.webhookDeliveries.list({ webhookId: hook.webhookId, event: "contact.created", status: "pending", limit: 1 });
    store.webhookDeliveries.recordAttempt(head!.deliveryId, "delivered", 0, attempt(200));
    queue.signal(TENANT, "limit.test", 3, null, 1, 2_002);
    expect(store.webhookDeliveries.pendingIn(queueKey)).toBe(MAX_PENDING_PER_HOOK);
    expect(statuses().sort()).toEqual(["cancelled", "pending", "pending"]);
    expectCountsTrue("at the limit");
  });
});
