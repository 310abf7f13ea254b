import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { entityEnv, queryParam } from "../entities/entity-env.js";
import { parseId } from "../entities/entity-pipeline.js";
import { applyPatch } from "../json/json-patch.js";
import { asInt, member } from "../json/lenient.js";
import { readJsonBody, requireObject } from "../json/read-body.js";
import { selectMembers } from "../json/select-members.js";
import { API, type TenantEnv } from "../tenant-env.js";
import { defaultWebhook, webhookCarrier } from "./webhook-carrier.js";
import { stateFilter, webhookService } from "./webhook-service.js";
import { badRequest } from "../../http/superoffice-error.js";

/**
 * Swagger-v1-Webhook.json and Swagger-v1-WebhookAgent.json (webhooks.md §3–4), every operation. Routes are
 * lower case: the routing path is (http/routing-path.ts).
 */
export function webhookRoutes(ctx: EmulatorContext) {
  const app = new Hono<TenantEnv>();
  const rest = `${API}/webhook`;
  const agent = `${API}/agents/webhook`;
  const setup = (c: Context<TenantEnv>) => {
    const env = entityEnv(ctx, c);
    return { env, hooks: webhookService(ctx, env) };
  };
  const selected = (c: Context<TenantEnv>, value: Record<string, unknown>) => {
    const select = queryParam(c, "$select");
    return select ? selectMembers(value, select) : value;
  };
  const objectBody = async (c: Context<TenantEnv>, what: string) => requireObject(await readJsonBody(c), what);

  // ---- REST ----
  app.get(`${rest}/default`, (c) => {
    setup(c);
    return c.json(defaultWebhook());
  });
  app.get(rest, (c) => {
    const { env, hooks } = setup(c);
    const list = hooks.list({ name: queryParam(c, "nameFilter"), event: queryParam(c, "eventFilter"), state: stateFilter(queryParam(c, "statusFilter"), "statusFilter") });
    return c.json(list.map((h) => webhookCarrier(h, env, false)));
  });
  app.post(rest, async (c) => {
    const { env, hooks } = setup(c);
    const body = await objectBody(c, "Webhook");
    return c.json(selected(c, webhookCarrier(await hooks.save(0, body), env, true)));
  });
  app.post(`${rest}/test`, async (c) => {
    const { hooks } = setup(c);
    return c.json(await hooks.test(await objectBody(c, "Webhook")));
  });
  app.get(`${rest}/:id`, (c) => {
    const { env, hooks } = setup(c);
    return c.json(selected(c, webhookCarrier(hooks.own(parseId(c.req.param("id"), "Webhook id")), env, true)));
  });
  app.put(`${rest}/:id`, async (c) => {
    const { env, hooks } = setup(c);
    const id = parseId(c.req.param("id"), "Webhook id");
    hooks.own(id);
    const body = await readJsonBody(c);
    if (body === null) throw badRequest("Expected a Webhook object in the request body");
    return c.json(selected(c, webhookCarrier(await hooks.save(id, requireObject(body, "Webhook")), env, true)));
  });
  app.patch(`${rest}/:id`, async (c) => {
    const { env, hooks } = setup(c);
    const id = parseId(c.req.param("id"), "Webhook id");
    const patched = applyPatch(webhookCarrier(hooks.own(id), env, false), await readJsonBody(c));
    return c.json(selected(c, webhookCarrier(await hooks.save(id, patched), env, true)));
  });
  app.delete(`${rest}/:id`, (c) => {
    const { hooks } = setup(c);
    hooks.remove(parseId(c.req.param("id"), "Webhook id"));
    return c.body(null, 204);
  });
  app.get(`${rest}/:id/lasterror`, (c) => {
    const { hooks } = setup(c);
    return c.json(hooks.lastError(parseId(c.req.param("id"), "Webhook id")));
  });
  // Custom events: the event name as the client spelt it (the routing path is lower-cased).
  app.post(`${rest}/:event/:key`, async (c) => {
    const { hooks } = setup(c);
    const [eventName = "", key = ""] = new URL(c.req.url).pathname.split("/").filter(Boolean).slice(-2).map(decodeURIComponent);
    hooks.signal(eventName, parseId(key, "primaryKey"), await readJsonBody(c));
    return c.body(null, 204);
  });

  // ---- Agents ----
  app.post(`${agent}/createdefaultwebhook`, (c) => {
    setup(c);
    return c.json(defaultWebhook());
  });
  app.post(`${agent}/savewebhook`, async (c) => {
    const { env, hooks } = setup(c);
    const body = await objectBody(c, "Webhook");
    return c.json(webhookCarrier(await hooks.save(asInt(member(body, "WebhookId"), "WebhookId"), body), env, false));
  });
  app.post(`${agent}/deletewebhook`, async (c) => {
    const { hooks } = setup(c);
    hooks.remove(await idArgument(c, "webhookId"));
    return c.body(null, 204);
  });
  app.post(`${agent}/getwebhook`, async (c) => {
    const { env, hooks } = setup(c);
    return c.json(selected(c, webhookCarrier(hooks.own(await idArgument(c, "webhookId")), env, false)));
  });
  app.post(`${agent}/getallwebhooks`, async (c) => {
    const { env, hooks } = setup(c);
    const body = (await readJsonBody(c)) ?? {};
    // SWA names it StatusFilter; SuperOffice's own requests send StateFilter (webhooks.md §4 CONFLICT): both.
    const state = stateFilter(member(body, "StatusFilter") ?? member(body, "StateFilter"), "StatusFilter");
    const list = hooks.list({ name: text(member(body, "NameFilter")), event: text(member(body, "EventFilter")), state });
    return c.json(list.map((h) => webhookCarrier(h, env, false)));
  });
  app.post(`${agent}/testwebhook`, async (c) => {
    const { hooks } = setup(c);
    const body = await objectBody(c, "TestWebhookRequest");
    const hook = member(body, "Webhook");
    return c.json(await hooks.test(requireObject(hook ?? null, "Webhook")));
  });
  app.post(`${agent}/signalevent`, async (c) => {
    const { hooks } = setup(c);
    const body = await objectBody(c, "SignalEventRequest");
    hooks.signal(text(member(body, "EventName")) ?? "", asInt(member(body, "PrimaryKey"), "PrimaryKey"), member(body, "Data") ?? null);
    return c.body(null, 204);
  });
  app.post(`${agent}/getlasterror`, async (c) => {
    const { hooks } = setup(c);
    return c.json(hooks.lastError(await idArgument(c, "WebhookId")));
  });
  return app;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** An Agent's id: from the query (`?webhookId=`) as Swagger says, or from a JSON body as clients also send. */
async function idArgument(c: Context<TenantEnv>, name: string): Promise<number> {
  const fromQuery = queryParam(c, name);
  if (fromQuery !== undefined) return parseId(fromQuery, name);
  return asInt(member(await readJsonBody(c), name), name);
}
