import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";

export type DeliveryStatus = "pending" | "delivered" | "failed" | "cancelled";

/** One HTTP attempt of a delivery and the target's answer, for the inspector. */
export interface DeliveryAttempt {
  /** Emulator clock, ms since the epoch. */
  at: number;
  /** The X-SuperOffice-Retry value sent. */
  retry: number;
  /** The request headers sent (signature included). */
  requestHeaders: Record<string, string>;
  /** The target's status; 0 when no answer came (refused, timed out). */
  status: number;
  responseHeaders: Record<string, string>;
  /** The target's body, cut at 4000 characters. */
  responseBody: string;
  error?: string | undefined;
  durationMs: number;
}

export interface Delivery {
  deliveryId: number;
  queueKey: string;
  contextIdentifier: string;
  /** null for a tenant-state notification to an app (identity.md §9.4). */
  webhookId: number | null;
  clientId: string;
  targetUrl: string;
  event: string;
  eventId: string;
  /** The exact JSON text sent. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  log: DeliveryAttempt[];
}

interface DeliveryRow {
  delivery_id: number;
  queue_key: string;
  context_identifier: string;
  webhook_id: number | null;
  client_id: string;
  target_url: string;
  event: string;
  event_id: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  attempts_log: string;
}

/** A queue's next delivery as the dispatcher sends it: without its attempts' log, which it never reads. */
export type DeliveryHead = Omit<Delivery, "log">;

const toHead = (r: DeliveryRow): DeliveryHead => ({
  deliveryId: r.delivery_id,
  queueKey: r.queue_key,
  contextIdentifier: r.context_identifier,
  webhookId: r.webhook_id,
  clientId: r.client_id,
  targetUrl: r.target_url,
  event: r.event,
  eventId: r.event_id,
  body: r.body,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  createdAt: r.created_at,
});

const toDelivery = (r: DeliveryRow): Delivery => Object.assign(toHead(r), { log: JSON.parse(r.attempts_log) as DeliveryAttempt[] });

export type NewDelivery = Pick<Delivery, "queueKey" | "contextIdentifier" | "webhookId" | "clientId" | "targetUrl" | "event" | "eventId" | "body"> & { at: number; status?: DeliveryStatus };

/**
 * One event's body as its hooks share it (schema v24): the whole text is
 * `{"EventId":<JSON of eventId>,<middle>,"WebhookName":<webhookName><tail><properties>}`.
 */
export interface SharedPayload {
  /** The members between EventId and WebhookName, without braces. */
  middle: string;
  /** The values member with its leading comma, or "". */
  tail: string;
}

/** A delivery of a shared payload: instead of a body, the hook's own parts (JSON text). */
export type SharedDelivery = Omit<NewDelivery, "body"> & {
  /** WebhookName's JSON text, e.g. `"My hook"` or `null`. */
  webhookName: string;
  /** The hook's Properties as extra members, each with a leading comma; "" for none. */
  properties: string;
};

export interface DeliveryFilter {
  contextIdentifier?: string | undefined;
  clientId?: string | undefined;
  webhookId?: number | undefined;
  event?: string | undefined;
  status?: DeliveryStatus | undefined;
  /** Only deliveries after this id (a test waits for new ones). */
  afterId?: number | undefined;
  limit?: number | undefined;
}

/** Finished deliveries kept for the inspector; older ones are deleted as new ones finish. */
export const DELIVERY_HISTORY = 2000;

export function webhookDeliveryRepository(db: Db) {
  // Positional parameters: a CRM write queues one row per subscribed hook, and binding by name costs a lookup per column.
  const insert = prepareOnUse<[string, string, number | null, string, string, string, string, string, DeliveryStatus, number, number]>(
    db,
    `INSERT INTO webhook_deliveries (queue_key, context_identifier, webhook_id, client_id, target_url, event, event_id, body, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // One event's shared text once, and each hook's delivery pointing at it (schema v24).
  const insertPayload = prepareOnUse<[string, string]>(db, "INSERT INTO webhook_payloads (middle, tail) VALUES (?, ?)");
  const insertSharedDelivery = prepareOnUse<[string, string, number | null, string, string, string, string, DeliveryStatus, number, number, number | bigint, string, string]>(
    db,
    `INSERT INTO webhook_deliveries (queue_key, context_identifier, webhook_id, client_id, target_url, event, event_id, body, status, next_attempt_at, created_at, payload_id, webhook_name, properties)
     VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`,
  );
  // Reads go through webhook_delivery_rows, which puts shared bodies together (schema v24).
  const one = prepareOnUse<[number], DeliveryRow>(db, "SELECT * FROM webhook_delivery_rows WHERE delivery_id = ?");
  // The oldest pending delivery of every queue: one target's deliveries go out one at a time, in order.
  // The dispatcher asks on every write and every finished attempt, so this must not grow with the backlog:
  // the queue keys are found by skipping through the pending index (a recursive CTE, one index seek per
  // queue), and each queue's head by one more seek, instead of a correlated subquery per pending row.
  const heads = prepareOnUse<[], DeliveryRow>(
    db,
    `WITH RECURSIVE queues(k) AS (
       SELECT MIN(queue_key) FROM webhook_deliveries WHERE status = 'pending'
       UNION ALL
       SELECT (SELECT MIN(queue_key) FROM webhook_deliveries WHERE status = 'pending' AND queue_key > queues.k) FROM queues WHERE queues.k IS NOT NULL
     )
     SELECT d.* FROM queues
       JOIN webhook_delivery_rows d ON d.delivery_id = (SELECT MIN(e.delivery_id) FROM webhook_deliveries e WHERE e.status = 'pending' AND e.queue_key = queues.k)
      WHERE queues.k IS NOT NULL
        AND (d.webhook_id IS NULL OR EXISTS (SELECT 1 FROM webhooks w WHERE w.context_identifier = d.context_identifier AND w.webhook_id = d.webhook_id AND w.state = 'Active'))
      ORDER BY d.next_attempt_at, d.delivery_id`,
  );
  // Kept by triggers (schema v21): a COUNT over the pending index grew with the backlog, on every new event.
  const pendingCount = prepareOnUse<[string], number>(db, "SELECT pending FROM webhook_queue_sizes WHERE queue_key = ?").pluck();
  const attempted = prepareOnUse<[DeliveryStatus, number, string, number]>(
    db,
    "UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?, attempts_log = json_insert(attempts_log, '$[#]', json(?)) WHERE delivery_id = ?",
  );
  const dueNow = prepareOnUse<[number, number]>(db, "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?");
  const cancelOf = prepareOnUse<[string, number]>(db, "UPDATE webhook_deliveries SET status = 'cancelled' WHERE status = 'pending' AND context_identifier = ? AND webhook_id = ?");
  const requeue = prepareOnUse<[number, number]>(db, "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE delivery_id = ?");
  const trim = prepareOnUse<[number]>(
    db,
    "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND delivery_id <= (SELECT delivery_id FROM webhook_deliveries WHERE status <> 'pending' ORDER BY delivery_id DESC LIMIT 1 OFFSET ?)",
  );
  let finished = 0;

  return {
    enqueue(d: NewDelivery): number {
      return Number(insert.run(d.queueKey, d.contextIdentifier, d.webhookId, d.clientId, d.targetUrl, d.event, d.eventId, d.body, d.status ?? "pending", d.at, d.at).lastInsertRowid);
    },
    /** One event to several hooks: its shared text stored once (call inside a transaction, with at least one delivery). */
    enqueueShared(payload: SharedPayload, deliveries: readonly SharedDelivery[]): number[] {
      const payloadId = insertPayload.run(payload.middle, payload.tail).lastInsertRowid;
      return deliveries.map(
        (d) =>
          Number(
            insertSharedDelivery.run(d.queueKey, d.contextIdentifier, d.webhookId, d.clientId, d.targetUrl, d.event, d.eventId, d.status ?? "pending", d.at, d.at, payloadId, d.webhookName, d.properties).lastInsertRowid,
          ),
      );
    },
    pendingIn: (queueKey: string): number => pendingCount.get(queueKey) ?? 0,
    get(deliveryId: number): Delivery | undefined {
      const row = one.get(deliveryId);
      return row && toDelivery(row);
    },
    /** The next delivery of each queue whose hook is Active (due or not; the caller looks at nextAttemptAt). */
    heads: (): DeliveryHead[] => heads.all().map(toHead),
    /** Records an attempt: still pending (a retry at `nextAttemptAt`), delivered or failed. */
    recordAttempt(deliveryId: number, status: DeliveryStatus, nextAttemptAt: number, attempt: DeliveryAttempt): void {
      attempted.run(status, nextAttemptAt, JSON.stringify(attempt), deliveryId);
      if (status !== "pending" && ++finished % 100 === 0) trim.run(DELIVERY_HISTORY);
    },
    /** Every waiting retry becomes due now (the admin API's "deliver now"). */
    makeDue: (now: number): number => dueNow.run(now, now).changes,
    /** A deleted hook's queue: nothing more goes out. */
    cancelPending: (contextIdentifier: string, webhookId: number): number => cancelOf.run(contextIdentifier, webhookId).changes,
    /** Resend: the same body and EventId once more, at the back of its queue's order (by id, so first in line if nothing else waits). */
    resend(deliveryId: number, now: number): Delivery | undefined {
      const d = this.get(deliveryId);
      if (!d) return undefined;
      // A fresh pending row: the copy must not take over the original's outcome.
      const id = this.enqueue(Object.assign(d, { at: now, status: "pending" as const }));
      return this.get(id);
    },
    requeue: (deliveryId: number, now: number): void => void requeue.run(now, deliveryId),
    list(filter: DeliveryFilter = {}): Delivery[] {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        if (value === undefined) return;
        where.push(sql);
        args.push(value);
      };
      add("context_identifier = ? COLLATE NOCASE", filter.contextIdentifier);
      add("client_id = ?", filter.clientId);
      add("webhook_id = ?", filter.webhookId);
      add("event = ?", filter.event);
      add("status = ?", filter.status);
      add("delivery_id > ?", filter.afterId);
      const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
      const sql = `SELECT * FROM webhook_delivery_rows ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY delivery_id DESC LIMIT ${limit}`;
      return (db.prepare(sql).all(...args) as DeliveryRow[]).map(toDelivery);
    },
  };
}

export type WebhookDeliveryRepository = ReturnType<typeof webhookDeliveryRepository>;
