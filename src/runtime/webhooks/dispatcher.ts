import type { Clock } from "../../shared/clock.js";
import type { Store } from "../../store/store.js";
import type { DeliveryHead } from "../../store/webhook-deliveries.js";
import type { WebhookQueue } from "./queue.js";
import { describeAnswer, sendWebhook } from "./send.js";
import { isNotificationKey } from "./tenant-notifications.js";

/**
 * The delivery worker (webhooks.md §9): takes the oldest pending delivery of each queue (one target at a
 * time, in order; a slow target holds up only its own queue), POSTs it, and records the answer.
 * Failures retry after 1 s, then 4 s, on the emulator's clock (moving the clock makes waiting retries due);
 * after the third failed attempt the event is dropped. Nine failed attempts in a row, or one 410 Gone,
 * set the hook to TooManyErrors and raise `webhook{id}.errors`.
 */

export interface DispatcherSettings {
  /** Refuse http targets, as SOD does (default: http to loopback and private hosts is taken). */
  requireHttps: boolean;
  /** How long one POST may take (default 30 s). */
  timeoutMs: number;
}

/** Waits before attempt 2 and 3 (webhooks.md §9). */
export const RETRY_DELAYS_MS = [1000, 4000] as const;
export const ATTEMPTS_PER_EVENT = 3;
/** Three failed cycles of three attempts. */
export const ERRORS_UNTIL_DISABLED = 9;
const MAX_PARALLEL = 32;

export function webhookDispatcher(deps: { store: Store; clock: Clock; queue: WebhookQueue; userAgent: string; settings: DispatcherSettings }) {
  const { store, clock, queue, settings } = deps;
  const inflight = new Map<string, Promise<void>>();
  const stopping = new AbortController();
  let paused = false;
  let stopped = false;
  let scheduled = false;
  let timer: NodeJS.Timeout | undefined;
  const idleWaiters = new Set<() => void>();

  const kick = () => {
    if (stopped || scheduled) return;
    scheduled = true;
    setImmediate(run);
  };

  /**
   * New pending deliveries in these queues. A queue with an attempt in flight takes its next delivery when
   * that attempt ends (which kicks), so only another queue needs a look now: a write that queued nothing, or
   * only behind attempts in flight, does not read the queues' heads again (issue #19: that read ran after
   * every committed CRM write, webhooks or not).
   */
  const kickFor = (queueKeys: ReadonlySet<string>) => {
    for (const key of queueKeys) {
      if (!inflight.has(key)) return kick();
    }
  };

  function run() {
    scheduled = false;
    if (stopped) return;
    clearTimeout(timer);
    timer = undefined;
    if (paused) return notifyIdle();
    const now = clock.now();
    let earliest = Infinity;
    for (const d of store.webhookDeliveries.heads()) {
      if (inflight.has(d.queueKey)) continue;
      if (d.nextAttemptAt > now) {
        earliest = Math.min(earliest, d.nextAttemptAt);
        continue;
      }
      if (inflight.size >= MAX_PARALLEL) break;
      const job = attempt(d)
        .catch((err: unknown) => {
          if (!stopped) console.error("sod-emulator: webhook delivery failed:", err);
        })
        .finally(() => {
          inflight.delete(d.queueKey);
          kick();
        });
      inflight.set(d.queueKey, job);
    }
    // Real time runs the emulator's clock too; a clock move calls kick() before this fires.
    if (earliest !== Infinity) timer = setTimeout(kick, Math.min(Math.max(earliest - now, 0), 2 ** 31 - 1)).unref();
    notifyIdle();
  }

  function notifyIdle() {
    // Nobody waiting (settled(), deliverNow()): nothing to look up on every finished attempt.
    if (idleWaiters.size === 0 || inflight.size > 0 || scheduled) return;
    const now = clock.now();
    if (!paused && store.webhookDeliveries.heads().some((d) => d.nextAttemptAt <= now)) return;
    for (const w of idleWaiters) w();
    idleWaiters.clear();
  }

  async function attempt(d: DeliveryHead) {
    const hook = d.webhookId === null ? undefined : store.webhooks.deliveryTarget(d.contextIdentifier, d.webhookId);
    if (d.webhookId !== null && !hook) {
      store.webhookDeliveries.cancelPending(d.contextIdentifier, d.webhookId);
      return;
    }
    const result = await sendWebhook(
      {
        targetUrl: hook?.targetUrl ?? d.targetUrl,
        body: d.body,
        event: d.event,
        eventId: d.eventId,
        retry: d.attempts,
        secret: hook?.secret,
        headers: hook?.headers,
        userAgent: deps.userAgent,
        notification: isNotificationKey(d.queueKey),
        timeoutMs: settings.timeoutMs,
        abort: stopping.signal,
      },
      clock.now(),
    );
    // Cut off by stop(): nothing is recorded, so the next start sends this attempt again.
    if (stopped) return;
    const ok = result.status === 200;
    const gone = result.status === 410;
    const last = ok || gone || d.attempts + 1 >= ATTEMPTS_PER_EVENT;
    const next = clock.now() + (last ? 0 : RETRY_DELAYS_MS[Math.min(d.attempts, RETRY_DELAYS_MS.length - 1)]!);
    store.webhookDeliveries.recordAttempt(d.deliveryId, ok ? "delivered" : last ? "failed" : "pending", next, result);
    if (!hook) return;
    const counted = store.webhooks.countAttempt(d.contextIdentifier, hook.webhookId, ok ? { ok } : { ok, error: describeAnswer(result) });
    if (!ok && counted && counted.state === "Active" && (gone || counted.consecutiveErrors >= ERRORS_UNTIL_DISABLED)) {
      store.webhooks.setState(d.contextIdentifier, hook.webhookId, "TooManyErrors");
      queue.stateEvent(Object.assign(counted, { state: "TooManyErrors" as const }), "errors", clock.now());
    }
  }

  const unsubscribe = clock.onMove(kick);

  return {
    settings,
    kick,
    kickFor,
    get paused() {
      return paused;
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      kick();
    },
    /** Every waiting retry becomes due at once; resolves when the dispatcher has nothing due left (or after timeoutMs). */
    async deliverNow(timeoutMs = 10_000): Promise<number> {
      const made = store.webhookDeliveries.makeDue(clock.now());
      kick();
      await this.settled(timeoutMs);
      return made;
    },
    /** Resolves when nothing is in flight and nothing is due (or after timeoutMs). */
    settled(timeoutMs = 10_000): Promise<void> {
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          idleWaiters.delete(done);
          resolve();
        }, timeoutMs).unref();
        const done = () => {
          clearTimeout(t);
          resolve();
        };
        idleWaiters.add(done);
        kick();
      });
    },
    async stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      stopping.abort();
      await Promise.allSettled([...inflight.values()]);
      for (const w of idleWaiters) w();
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof webhookDispatcher>;
