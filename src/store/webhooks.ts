import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";
import { watchedCache, watchedCacheOnFirstUse } from "./watched-cache.js";

/** SuperOffice's WebhookState (webhooks.md §2). */
export const WEBHOOK_STATES = ["Unknown", "Active", "Stopped", "TooManyErrors"] as const;
export type WebhookState = (typeof WEBHOOK_STATES)[number];

/** A webhook as stored: SuperOffice's `webhook` row, its `webhook_usage` statistics and the owning app. */
export interface Webhook {
  contextIdentifier: string;
  webhookId: number;
  /** SOD's application_token: the app that registered it; no other app sees or changes it. */
  clientId: string;
  name: string | null;
  events: string[];
  targetUrl: string;
  secret: string | null;
  state: WebhookState;
  type: string;
  headers: Record<string, string> | null;
  properties: Record<string, unknown> | null;
  /** Stored UTC `YYYY-MM-DDTHH:MM:SS`. */
  registered: string;
  registeredAssociateId: number;
  updated: string | null;
  updatedAssociateId: number;
  errorsEmail: string | null;
  errorEmails: string[];
  errorAssociates: unknown[];
  description: string | null;
  notifyVia: string;
  notifyWhen: string;
  totalCalls: number;
  totalErrors: number;
  consecutiveErrors: number;
  lastError: string | null;
}

/** What the change feed's listener needs of an Active hook to queue its deliveries (no statistics, no secret). */
export type WebhookSubscription = Pick<Webhook, "contextIdentifier" | "webhookId" | "clientId" | "name" | "events" | "targetUrl" | "type" | "properties">;

/** What a save may set; the statistics belong to the dispatcher. */
export type WebhookInput = Omit<Webhook, "contextIdentifier" | "webhookId" | "clientId" | "registered" | "registeredAssociateId" | "totalCalls" | "totalErrors" | "consecutiveErrors" | "lastError">;

interface WebhookRow {
  context_identifier: string;
  webhook_id: number;
  client_id: string;
  name: string | null;
  events: string;
  target_url: string;
  secret: string | null;
  state: WebhookState;
  type: string;
  headers: string | null;
  properties: string | null;
  registered: string;
  registered_associate_id: number;
  updated: string | null;
  updated_associate_id: number;
  errors_email: string | null;
  error_emails: string;
  error_associates: string;
  description: string | null;
  notify_via: string;
  notify_when: string;
  total_calls: number;
  total_errors: number;
  consecutive_errors: number;
  last_error: string | null;
}

const json = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** What the dispatcher needs of a hook to send one of its deliveries. */
export type DeliveryTarget = Pick<Webhook, "webhookId" | "targetUrl" | "secret" | "headers">;

/** The columns a subscription is read from (the change feed's listener reads only these). */
const SUBSCRIPTION_COLUMNS = ["context_identifier", "webhook_id", "client_id", "name", "events", "target_url", "type", "properties"] as const;
type SubscriptionRow = Pick<WebhookRow, (typeof SUBSCRIPTION_COLUMNS)[number]>;

const toSubscription = (r: SubscriptionRow): WebhookSubscription => ({
  contextIdentifier: r.context_identifier,
  webhookId: r.webhook_id,
  clientId: r.client_id,
  name: r.name,
  events: JSON.parse(r.events) as string[],
  targetUrl: r.target_url,
  type: r.type,
  properties: json(r.properties),
});

const toWebhook = (r: WebhookRow): Webhook => Object.assign(toSubscription(r), {
  secret: r.secret,
  state: r.state,
  headers: json(r.headers),
  registered: r.registered,
  registeredAssociateId: r.registered_associate_id,
  updated: r.updated,
  updatedAssociateId: r.updated_associate_id,
  errorsEmail: r.errors_email,
  errorEmails: JSON.parse(r.error_emails) as string[],
  errorAssociates: JSON.parse(r.error_associates) as unknown[],
  description: r.description,
  notifyVia: r.notify_via,
  notifyWhen: r.notify_when,
  totalCalls: r.total_calls,
  totalErrors: r.total_errors,
  consecutiveErrors: r.consecutive_errors,
  lastError: r.last_error,
} satisfies Omit<Webhook, keyof WebhookSubscription>);

const columnsOf = (w: WebhookInput) => ({
  name: w.name,
  events: JSON.stringify(w.events),
  target_url: w.targetUrl,
  secret: w.secret,
  state: w.state,
  type: w.type,
  headers: w.headers === null ? null : JSON.stringify(w.headers),
  properties: w.properties === null ? null : JSON.stringify(w.properties),
  updated: w.updated,
  updated_associate_id: w.updatedAssociateId,
  errors_email: w.errorsEmail,
  error_emails: JSON.stringify(w.errorEmails),
  error_associates: JSON.stringify(w.errorAssociates),
  description: w.description,
  notify_via: w.notifyVia,
  notify_when: w.notifyWhen,
});

/** The outcome of one delivery attempt, as the statistics count it (webhooks.md §9). */
export interface AttemptOutcome {
  ok: boolean;
  /** The target's headers and body (or the network error) when it failed. */
  error?: string | undefined;
}

export function webhookRepository(db: Db) {
  const one = prepareOnUse<[string, number], WebhookRow>(db, "SELECT * FROM webhooks WHERE context_identifier = ? AND webhook_id = ?");
  // What the dispatcher needs of a hook for each attempt, kept until those columns change or a hook is added or
  // deleted: the statistics every attempt updates do not count (issue #19: a read and parse per delivery).
  // Made, and its statement prepared, on the first delivery: not at every start.
  const targets = watchedCacheOnFirstUse<DeliveryTarget | undefined>(db, ["webhooks"], { columns: ["target_url", "secret", "headers"] });
  const target = prepareOnUse<[string, number], Pick<WebhookRow, "webhook_id" | "target_url" | "secret" | "headers">>(
    db,
    "SELECT webhook_id, target_url, secret, headers FROM webhooks WHERE context_identifier = ? AND webhook_id = ?",
  );
  const ofTenant = prepareOnUse<[string], WebhookRow>(db, "SELECT * FROM webhooks WHERE context_identifier = ? ORDER BY webhook_id");
  // Runs on every CRM write, inside its transaction: kept until a hook is added, removed or changes what it
  // subscribes to (the dispatcher's statistics updates on every call do not count), with only the columns a
  // delivery needs.
  const subscriptions = watchedCache<WebhookSubscription[]>(db, ["webhooks"], { columns: [...SUBSCRIPTION_COLUMNS, "state"] });
  const active = prepareOnUse<[string], SubscriptionRow>(
    db,
    `SELECT ${SUBSCRIPTION_COLUMNS.join(", ")} FROM webhooks WHERE context_identifier = ? AND state = 'Active' ORDER BY webhook_id`,
  );
  const all = prepareOnUse<[], WebhookRow>(db, "SELECT * FROM webhooks ORDER BY context_identifier, webhook_id");
  const nextId = prepareOnUse<[string], number>(db, "SELECT COALESCE(MAX(webhook_id), 0) + 1 FROM webhooks WHERE context_identifier = ?").pluck();
  const cols = Object.keys(columnsOf({ events: [], errorEmails: [], errorAssociates: [] } as unknown as WebhookInput));
  const insert = prepareOnUse(
    db,
    `INSERT INTO webhooks (context_identifier, webhook_id, client_id, registered, registered_associate_id, ${cols.join(", ")})
     VALUES (@context_identifier, @webhook_id, @client_id, @registered, @registered_associate_id, ${cols.map((c) => `@${c}`).join(", ")})`,
  );
  const update = prepareOnUse(db, `UPDATE webhooks SET ${cols.map((c) => `${c} = @${c}`).join(", ")} WHERE context_identifier = @context_identifier AND webhook_id = @webhook_id`);
  const remove = prepareOnUse<[string, number]>(db, "DELETE FROM webhooks WHERE context_identifier = ? AND webhook_id = ?");
  const setState = prepareOnUse<[string, string, number]>(db, "UPDATE webhooks SET state = ? WHERE context_identifier = ? AND webhook_id = ?");
  // A success answers nothing (nothing follows from it); a failure's counted row comes back from the same
  // statement (RETURNING), not from a second read, for the TooManyErrors check.
  const succeeded = prepareOnUse<[string, number]>(db, "UPDATE webhooks SET total_calls = total_calls + 1, consecutive_errors = 0 WHERE context_identifier = ? AND webhook_id = ?");
  const failed = prepareOnUse<[string | null, string, number], WebhookRow>(
    db,
    "UPDATE webhooks SET total_calls = total_calls + 1, total_errors = total_errors + 1, consecutive_errors = consecutive_errors + 1, last_error = ? WHERE context_identifier = ? AND webhook_id = ? RETURNING *",
  );

  return {
    get(contextIdentifier: string, webhookId: number): Webhook | undefined {
      const row = one.get(contextIdentifier, webhookId);
      return row && toWebhook(row);
    },
    /** A tenant's hooks; with `clientId`, only that app's (what an app sees on SOD). */
    list(contextIdentifier?: string, clientId?: string): Webhook[] {
      const rows = contextIdentifier === undefined ? all.all() : ofTenant.all(contextIdentifier);
      return rows.map(toWebhook).filter((w) => clientId === undefined || w.clientId === clientId);
    },
    /** The tenant's Active hooks, for the change feed's listener (runs on every CRM write). Shared: do not change them. */
    active: (contextIdentifier: string): readonly WebhookSubscription[] =>
      subscriptions.get(contextIdentifier, () => active.all(contextIdentifier).map(toSubscription)),
    create(contextIdentifier: string, clientId: string, input: WebhookInput, registered: string, associateId: number): Webhook {
      const webhookId = nextId.get(contextIdentifier) as number;
      insert.run(Object.assign(columnsOf(input), { context_identifier: contextIdentifier, webhook_id: webhookId, client_id: clientId, registered, registered_associate_id: associateId }));
      return this.get(contextIdentifier, webhookId)!;
    },
    update(contextIdentifier: string, webhookId: number, input: WebhookInput): Webhook {
      update.run(Object.assign(columnsOf(input), { context_identifier: contextIdentifier, webhook_id: webhookId }));
      return this.get(contextIdentifier, webhookId)!;
    },
    remove: (contextIdentifier: string, webhookId: number): boolean => remove.run(contextIdentifier, webhookId).changes === 1,
    setState: (contextIdentifier: string, webhookId: number, state: WebhookState): void => void setState.run(state, contextIdentifier, webhookId),
    /**
     * Counts one call: TotalCalls always; TotalErrors, ConsecutiveErrors and LastError on a failure, after
     * which it answers the hook as counted (undefined after a success, or when the hook is gone).
     */
    countAttempt(contextIdentifier: string, webhookId: number, outcome: AttemptOutcome): Webhook | undefined {
      if (outcome.ok) {
        succeeded.run(contextIdentifier, webhookId);
        return undefined;
      }
      const row = failed.get(outcome.error?.slice(0, 4000) ?? null, contextIdentifier, webhookId);
      return row && toWebhook(row);
    },
    /** Where and how the dispatcher sends a hook's deliveries; undefined once the hook is deleted. Shared: do not change it. */
    deliveryTarget: (contextIdentifier: string, webhookId: number): DeliveryTarget | undefined =>
      targets.get(`${contextIdentifier}\0${webhookId}`, () => {
        const r = target.get(contextIdentifier, webhookId);
        return r && { webhookId: r.webhook_id, targetUrl: r.target_url, secret: r.secret, headers: json<Record<string, string>>(r.headers) };
      }),
  };
}

export type WebhookRepository = ReturnType<typeof webhookRepository>;
