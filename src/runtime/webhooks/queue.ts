import { randomUUID } from "node:crypto";
import type { Store } from "../../store/store.js";
import type { CrmChange } from "../../store/change-feed.js";
import type { Webhook, WebhookSubscription } from "../../store/webhooks.js";
import { WEBHOOK_STATES } from "../../store/webhooks.js";
import type { SharedDelivery } from "../../store/webhook-deliveries.js";
import { deletedValuesOf, eventsFor, fieldValuesOf, payloadParts, webhookEntity, type Payload, type PerHook } from "./payload.js";
import { toStoreDateTime, utcToWallTime } from "../../shared/time-zone.js";

/**
 * Puts deliveries in the store's queue. Called inside the transaction of the write that raised the event
 * (the change feed's "transaction" phase), so the event and its deliveries commit together or not at all.
 */

/** Pending deliveries one webhook may have; beyond this, new events are recorded as cancelled, not sent. */
export const MAX_PENDING_PER_HOOK = 10_000;

const NONE: ReadonlySet<string> = new Set();

export const queueKeyOf = (contextIdentifier: string, webhookId: number) => `${contextIdentifier}/${webhookId}`;

/** Whether a hook subscribes to an event (names compare in any case, as NetServer's do). */
export const subscribes = (hook: Pick<Webhook, "events">, event: string): boolean => hook.events.some((e) => e.trim().toLowerCase() === event.toLowerCase());

export function webhookQueue(store: Store) {
  /** Queues given a pending delivery since the dispatcher last took them (takeQueued). */
  let queued = new Set<string>();

  /** One hook's delivery of an event, without its body; cancelled when the hook already has its limit waiting. */
  const deliveryFor = (hook: WebhookSubscription, headerEvent: string, at: number) => {
    const queueKey = queueKeyOf(hook.contextIdentifier, hook.webhookId);
    const full = store.webhookDeliveries.pendingIn(queueKey) >= MAX_PENDING_PER_HOOK;
    return {
      queueKey,
      contextIdentifier: hook.contextIdentifier,
      webhookId: hook.webhookId,
      clientId: hook.clientId,
      targetUrl: hook.targetUrl,
      event: headerEvent,
      eventId: randomUUID(),
      at,
      ...(full ? { status: "cancelled" as const } : {}),
    };
  };

  /**
   * Queues one event to each of `hooks` that subscribes to `headerEvent`, its text built once (when one does)
   * and stored once (schema v24); each delivery keeps its own EventId, WebhookName and Properties. Answers how
   * many were queued.
   */
  const queueEvent = (hooks: readonly WebhookSubscription[], headerEvent: string, at: number, payload: () => Omit<Payload, keyof PerHook>): number => {
    let parts: ReturnType<typeof payloadParts> | undefined;
    const deliveries: SharedDelivery[] = [];
    for (const hook of hooks) {
      if (!subscribes(hook, headerEvent)) continue;
      parts ??= payloadParts(payload());
      deliveries.push(Object.assign(deliveryFor(hook, headerEvent, at), parts.own({ webhookName: hook.name, properties: hook.properties })));
    }
    if (parts) store.webhookDeliveries.enqueueShared(parts, deliveries);
    for (const d of deliveries) if (d.status === undefined) queued.add(d.queueKey);
    return deliveries.length;
  };

  /** The change feed's listener: every Active hook subscribed to an event the changes raise gets a delivery. */
  const onChanges = (changes: readonly CrmChange[]) => {
    const zones = new Map<string, string>();
    for (const change of changes) {
      const events = eventsFor(change);
      if (events.length === 0) continue;
      const hooks = store.webhooks.active(change.contextIdentifier).filter((h) => h.type.toLowerCase() === "webhook");
      if (hooks.length === 0) continue;
      let zone = zones.get(change.contextIdentifier);
      if (zone === undefined) {
        zone = store.tenants.get(change.contextIdentifier)?.timeZone ?? "UTC";
        zones.set(change.contextIdentifier, zone);
      }
      // The row's values are the same for every hook and event of this change: built once, when a hook wants them.
      const deleted = change.kind === "deleted";
      let values: { values: Record<string, unknown> } | { fieldValues: Record<string, unknown> } | undefined;
      for (const event of events) {
        queueEvent(hooks, event, change.at, () => {
          values ??= deleted ? { values: deletedValuesOf(change, zone) } : { fieldValues: fieldValuesOf(change, zone) };
          return {
            at: change.at,
            changes: deleted ? [] : change.changes,
            event,
            primaryKey: change.id,
            entity: webhookEntity(change.entity, change.list),
            contextIdentifier: change.contextIdentifier,
            changedByAssociateId: change.associateId,
            ...values,
          };
        });
      }
    }
  };

  /** A custom event (`POST v1/Webhook/{eventName}/{primaryKey}`, SignalEvent): every Active hook subscribed to it. */
  const signal = (contextIdentifier: string, eventName: string, primaryKey: number, data: Record<string, unknown> | null, associateId: number, at: number): number =>
    store.transaction(() =>
      queueEvent(store.webhooks.active(contextIdentifier), eventName, at, () => ({
        at,
        changes: [],
        event: eventName,
        primaryKey,
        entity: eventName.includes(".") ? eventName.slice(0, eventName.indexOf(".")) : eventName,
        contextIdentifier,
        changedByAssociateId: associateId,
        fieldValues: data ?? {},
      })),
    );

  /**
   * `webhook{id}.started|stopped|errors` (webhooks.md §8): to the same app's Active hooks subscribed to it.
   * The header names the hook; the body's Event does not; no Entity; ChangedByAssociateId 0.
   */
  const stateEvent = (hook: Webhook, what: "started" | "stopped" | "errors", at: number) => {
    const headerEvent = `webhook${hook.webhookId}.${what}`;
    const zone = store.tenants.get(hook.contextIdentifier)?.timeZone ?? "UTC";
    store.transaction(() =>
      queueEvent(store.webhooks.active(hook.contextIdentifier).filter((listener) => listener.clientId === hook.clientId), headerEvent, at, () => ({
        at,
        changes: [],
        event: `webhook.${what}`,
        primaryKey: hook.webhookId,
        contextIdentifier: hook.contextIdentifier,
        changedByAssociateId: 0,
        fieldValues: {
          events: hook.events.join(","),
          registered: utcToWallTime(hook.registered, zone),
          registered_associate_id: hook.registeredAssociateId,
          state: WEBHOOK_STATES.indexOf(hook.state),
          updated: utcToWallTime(hook.updated ?? toStoreDateTime(at), zone),
          updated_associate_id: hook.updatedAssociateId,
        },
      })),
    );
  };

  /**
   * The queues given pending deliveries since the last call, for the dispatcher after a write commits (a
   * rolled-back write's too, which costs the dispatcher one look that finds nothing new).
   */
  const takeQueued = (): ReadonlySet<string> => {
    if (queued.size === 0) return NONE;
    const taken = queued;
    queued = new Set();
    return taken;
  };

  return { onChanges, signal, stateEvent, takeQueued };
}

export type WebhookQueue = ReturnType<typeof webhookQueue>;
