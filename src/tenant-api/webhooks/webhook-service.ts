import { badRequest, notFound, soError } from "../../http/superoffice-error.js";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { describeAnswer } from "../../runtime/webhooks/send.js";
import { WEBHOOK_STATES, type Webhook, type WebhookState } from "../../store/webhooks.js";
import type { EntityEnv } from "../entities/entity-description.js";
import { asEnum } from "../json/lenient.js";
import { EMPTY_INPUT, inputOf, readWebhookInput } from "./webhook-carrier.js";

/**
 * What the Webhook REST endpoints and the WebhookAgent share (webhooks.md §1–5): the app's access, its own
 * hooks only, the test ping on every save, and the state events a save's State change raises.
 */
export interface WebhookFilter {
  name?: string | undefined;
  event?: string | undefined;
  state?: WebhookState | undefined;
}

const MAX_HOOKS_PER_APP = 200;

export function webhookService(ctx: EmulatorContext, env: EntityEnv) {
  const { contextIdentifier } = env.tenant;
  const { clientId, associateId } = env.principal;
  const app = ctx.store.apps.get(clientId);
  // SOD: the Webhook agent only for apps granted "Access to agents: Webhook" (webhooks.md §1).
  if (!app?.webhooks) {
    throw soError("SoAccessDeniedException", `The application ${app?.name ?? clientId} has no access to the Webhook agent; on SOD access is requested when the app is registered ("Access to agents: Webhook")`);
  }

  /** The hook if it is this app's; other apps' hooks are not there (404, webhooks.md §1 INFERRED). */
  const own = (id: number): Webhook => {
    const hook = id > 0 ? ctx.store.webhooks.get(contextIdentifier, id) : undefined;
    if (!hook || hook.clientId !== clientId) throw notFound("Webhook", id);
    return hook;
  };

  /** Sends the test event; refuses the save unless the target answers 200 (webhooks.md §5). */
  const ping = async (target: { name: string | null; targetUrl: string; secret: string | null; headers: Record<string, string> | null }, webhookId: number | null) => {
    const problem = ctx.webhooks.targetUrlProblem(target.targetUrl);
    if (problem) throw badRequest(problem);
    return ctx.webhooks.ping({ contextIdentifier, clientId, webhookId, associateId, ...target });
  };

  const mustAnswer200 = async (target: Parameters<typeof ping>[0], webhookId: number | null) => {
    const answer = await ping(target, webhookId);
    if (answer.status !== 200) {
      const why = answer.status === 0 ? (answer.error ?? "no answer") : `HTTP ${answer.status}`;
      throw badRequest(`Webhook TargetUrl ${target.targetUrl} did not answer the test event with 200 OK: ${why}`);
    }
  };

  return {
    own,
    list(filter: WebhookFilter): Webhook[] {
      const name = filter.name?.toLowerCase();
      const event = filter.event?.toLowerCase();
      return ctx.store.webhooks.list(contextIdentifier, clientId).filter(
        (h) => (!name || (h.name ?? "").toLowerCase().includes(name)) && (!event || h.events.some((e) => e.toLowerCase().includes(event))) && (!filter.state || filter.state === "Unknown" || h.state === filter.state),
      );
    },
    /** Creates (id 0) or updates, after the test ping. State changes raise webhook{id}.started/stopped. */
    async save(id: number, body: Record<string, unknown>): Promise<Webhook> {
      const before = id > 0 ? own(id) : undefined;
      const input = readWebhookInput(body, before ? inputOf(before) : EMPTY_INPUT, env.now, associateId);
      if (!before && ctx.store.webhooks.list(contextIdentifier, clientId).length >= MAX_HOOKS_PER_APP) throw badRequest(`An app may have at most ${MAX_HOOKS_PER_APP} webhooks per tenant`);
      await mustAnswer200(input, before?.webhookId ?? null);
      const at = ctx.clock.now();
      const saved = ctx.store.transaction(() => {
        const hook = before ? ctx.store.webhooks.update(contextIdentifier, before.webhookId, input) : ctx.store.webhooks.create(contextIdentifier, clientId, input, env.now, associateId);
        if (before && before.state !== hook.state && (hook.state === "Active" || hook.state === "Stopped")) {
          ctx.webhooks.queue.stateEvent(hook, hook.state === "Active" ? "started" : "stopped", at);
        }
        return hook;
      });
      ctx.webhooks.dispatcher.kick();
      return saved;
    },
    remove(id: number): void {
      const hook = own(id);
      ctx.store.transaction(() => {
        ctx.store.webhooks.remove(contextIdentifier, hook.webhookId);
        ctx.store.webhookDeliveries.cancelPending(contextIdentifier, hook.webhookId);
      });
    },
    /** `WebhookResult`: Success when the target answered 200; Message its status, headers and body. */
    async test(body: Record<string, unknown>): Promise<{ Success: boolean; Message: string; TableRight: null; FieldProperties: Record<string, never> }> {
      const input = readWebhookInput(body, EMPTY_INPUT, env.now, associateId);
      const answer = await ping(input, null);
      return { Success: answer.status === 200, Message: describeAnswer(answer), TableRight: null, FieldProperties: {} };
    },
    signal(eventName: string, primaryKey: number, data: unknown): void {
      const name = eventName.trim();
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/.test(name)) throw badRequest(`eventName: ${JSON.stringify(eventName)} is not an event name such as foo.bar`);
      if (data !== null && data !== undefined && (typeof data !== "object" || Array.isArray(data))) throw badRequest("data: expected a JSON object");
      ctx.webhooks.queue.signal(contextIdentifier, name, primaryKey, (data as Record<string, unknown> | null | undefined) ?? null, associateId, ctx.clock.now());
      ctx.webhooks.dispatcher.kick();
    },
    lastError: (id: number): string => own(id).lastError ?? "",
  };
}

export const stateFilter = (value: unknown, field: string): WebhookState | undefined =>
  value === undefined || value === null || value === "" ? undefined : asEnum(value, WEBHOOK_STATES, field);
