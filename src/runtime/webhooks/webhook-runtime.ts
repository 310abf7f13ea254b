import { randomUUID } from "node:crypto";
import type { Clock } from "../../shared/clock.js";
import type { Store } from "../../store/store.js";
import type { DeliveryAttempt } from "../../store/webhook-deliveries.js";
import { webhookDispatcher, type DispatcherSettings, type WebhookDispatcher } from "./dispatcher.js";
import { Inbox } from "./inbox.js";
import { payloadJson } from "./payload.js";
import { webhookQueue, type WebhookQueue } from "./queue.js";
import { sendWebhook, targetUrlProblem } from "./send.js";
import { tenantNotifications, type NotificationDeps, type TenantNotifications } from "./tenant-notifications.js";

/**
 * One emulator's webhooks: the queue fed by the change feed, the dispatcher that drains it, the local
 * inbox, and the test ping a save sends. Started by the emulator assembly once it listens; `stop()` leaves
 * whatever is pending in the store for the next start.
 */
export interface WebhookRuntime {
  queue: WebhookQueue;
  dispatcher: WebhookDispatcher;
  inbox: Inbox;
  settings: DispatcherSettings;
  /** Tenant state changes and moves, posted to the apps (identity.md §9.4) through the same queue. */
  tenants: TenantNotifications;
  /** Subscribes to the change feed and drains what an earlier run left pending. */
  start(): void;
  stop(): Promise<void>;
  /** The refusal for a target URL under the current settings, or undefined. */
  targetUrlProblem(targetUrl: string): string | undefined;
  /** The test event (webhooks.md §8, test-event): sent at once, recorded, never retried. */
  ping(target: PingTarget): Promise<DeliveryAttempt>;
}

export interface PingTarget {
  contextIdentifier: string;
  clientId: string;
  webhookId: number | null;
  name: string | null;
  targetUrl: string;
  secret: string | null;
  headers: Record<string, string> | null;
  associateId: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 30_000;

export interface WebhookRuntimeDeps extends Omit<NotificationDeps, "kick"> {
  userAgent: string;
  settings?: Partial<DispatcherSettings> | undefined;
}

export function createWebhookRuntime(deps: WebhookRuntimeDeps): WebhookRuntime {
  const { store, clock } = deps;
  const settings: DispatcherSettings = { requireHttps: false, timeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS, ...deps.settings };
  const queue = webhookQueue(store);
  const dispatcher = webhookDispatcher({ store, clock, queue, userAgent: deps.userAgent, settings });
  const unsubscribe: (() => void)[] = [];
  return {
    queue,
    dispatcher,
    inbox: new Inbox(),
    settings,
    tenants: tenantNotifications(Object.assign({}, deps, { kick: () => dispatcher.kick() })),
    start() {
      unsubscribe.push(store.changes.subscribe(queue.onChanges, { phase: "transaction" }));
      // After each commit: the queues that write gave deliveries (queue.onChanges ran inside it).
      unsubscribe.push(store.changes.subscribe(() => dispatcher.kickFor(queue.takeQueued())));
      dispatcher.kick();
    },
    async stop() {
      for (const u of unsubscribe.splice(0)) u();
      await dispatcher.stop();
    },
    targetUrlProblem: (targetUrl) => targetUrlProblem(targetUrl, settings.requireHttps),
    async ping(t) {
      const eventId = randomUUID();
      const at = clock.now();
      const body = payloadJson({
        eventId,
        at,
        changes: [],
        event: "test",
        primaryKey: 0,
        entity: "test",
        contextIdentifier: t.contextIdentifier,
        changedByAssociateId: t.associateId,
        webhookName: t.name,
      });
      const id = store.webhookDeliveries.enqueue({
        queueKey: `test/${eventId}`,
        contextIdentifier: t.contextIdentifier,
        webhookId: t.webhookId,
        clientId: t.clientId,
        targetUrl: t.targetUrl,
        event: "test",
        eventId,
        body,
        at,
        status: "cancelled", // never picked up by the dispatcher; set to its outcome below
      });
      const attempt = await sendWebhook(
        { targetUrl: t.targetUrl, body, event: "test", eventId, retry: 0, secret: t.secret, headers: t.headers, extra: { "X-Hook-Test": "true" }, userAgent: deps.userAgent, timeoutMs: settings.timeoutMs },
        at,
      );
      store.webhookDeliveries.recordAttempt(id, attempt.status === 200 ? "delivered" : "failed", at, attempt);
      return attempt;
    },
  };
}
