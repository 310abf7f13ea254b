import { timingSafeEqual } from "node:crypto";
import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { Interaction } from "../../store/interactions.js";
import type { AuthorizationRequest } from "../authorize/authorization-request.js";
import { deliver } from "../authorize/deliver.js";
import { approveConsent } from "../consent.js";
import { verifyPassword } from "../../shared/password.js";
import { MessagePage } from "../screens/message.js";
import { advance } from "./advance.js";
import { nextStep } from "./next-step.js";
import { endSession, startSession } from "./sso-session.js";
import { HTTPException } from "hono/http-exception";
import { isBoundToThisBrowser } from "./interaction-binding.js";
import { identityEndpoints } from "../endpoints.js";
import { AccessDenied } from "../errors.js";

type Flow = Interaction<AuthorizationRequest>;

/**
 * The screens' form posts. Every POST passes hono's origin check and must carry the interaction's own
 * CSRF token; every answer is re-checked against the interaction's current step, so a form cannot skip
 * one (a non-administrator cannot post an approval, for instance).
 */
export function interactionRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const sameOrigin = csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === new URL(ctx.urls.publicUrl).origin });
  // hono's refusal is a bare "Forbidden"; a person gets the screens' own page.
  app.use("/login/interaction/*", async (c, next) => {
    try {
      return await sameOrigin(c, next);
    } catch (err) {
      if (err instanceof HTTPException && err.status === 403) return forged(c);
      throw err;
    }
  });

  /** The interaction, if it is live and this browser started it (interaction-binding.ts). */
  const load = (c: Context): Flow | undefined => {
    const flow = ctx.store.interactions.get<AuthorizationRequest>(c.req.param("id")!, ctx.clock.now());
    return flow && isBoundToThisBrowser(c, flow) ? flow : undefined;
  };
  const expired = (c: Context) =>
    c.html(MessagePage({ title: "This sign-in has expired", message: "This sign-in has expired, or was started in another browser. Go back to the app and start signing in again." }), 400);

  /** Reads a form post and checks its CSRF token against the interaction's. */
  const formOf = async (c: Context, flow: Flow): Promise<Record<string, string> | undefined> => {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>); // unreadable: no CSRF token either
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === "string") form[k] = v;
    const given = Buffer.from(form.csrf ?? "");
    const expected = Buffer.from(flow.csrfToken);
    return given.length === expected.length && timingSafeEqual(given, expected) ? form : undefined;
  };
  const forged = (c: Context) =>
    c.html(MessagePage({ title: "Form rejected", message: "This form was not sent from the sign-in page it belongs to (missing or wrong CSRF token)." }), 403);

  app.get("/login/interaction/:id", async (c) => {
    const flow = load(c);
    return flow ? advance(ctx, c, flow, "render") : expired(c);
  });

  app.post("/login/interaction/:id/sign-in", async (c) => {
    const flow = load(c);
    if (!flow) return expired(c);
    const form = await formOf(c, flow);
    if (!form) return forged(c);
    const user = ctx.store.users.findByUsername((form.username ?? "").trim());
    const hash = user ? ctx.store.users.passwordHash(user.userId) : null;
    if (!user || (hash !== null && !verifyPassword(hash, form.password ?? ""))) {
      return advance(ctx, c, flow, "render", { message: user ? "Wrong password." : `There is no SuperID user ${form.username ?? ""}.`, username: form.username });
    }
    startSession(ctx, c, user.userId);
    ctx.store.interactions.answer(flow.interactionId, user.userId, null);
    return advance(ctx, c, Object.assign(flow, { userId: user.userId, contextIdentifier: null }), "redirect");
  });

  app.post("/login/interaction/:id/tenant", async (c) => {
    const flow = load(c);
    if (!flow) return expired(c);
    const form = await formOf(c, flow);
    if (!form) return forged(c);
    const step = nextStep(ctx.store, flow);
    const chosen = step.kind === "pick-tenant" ? step.tenants.find((t) => t.contextIdentifier === form.tenant) : undefined;
    if (!chosen) return advance(ctx, c, flow, "redirect");
    ctx.store.interactions.answer(flow.interactionId, flow.userId, chosen.contextIdentifier);
    return advance(ctx, c, Object.assign(flow, { contextIdentifier: chosen.contextIdentifier }), "redirect");
  });

  app.post("/login/interaction/:id/consent", async (c) => {
    const flow = load(c);
    if (!flow) return expired(c);
    const form = await formOf(c, flow);
    if (!form) return forged(c);
    if (form.decision === "cancel") return cancel(c, flow, "The user cancelled the consent");
    const step = nextStep(ctx.store, flow);
    if (step.kind === "consent" && form.decision === "approve") {
      approveConsent(ctx, step.party.app, step.party.tenant.contextIdentifier, step.party.user.userId);
    }
    return advance(ctx, c, flow, "redirect");
  });

  app.post("/login/interaction/:id/switch-user", async (c) => {
    const flow = load(c);
    if (!flow) return expired(c);
    if (!(await formOf(c, flow))) return forged(c);
    endSession(ctx, c);
    ctx.store.interactions.answer(flow.interactionId, null, null);
    return advance(ctx, c, Object.assign(flow, { userId: null, contextIdentifier: null }), "redirect");
  });

  app.post("/login/interaction/:id/cancel", async (c) => {
    const flow = load(c);
    if (!flow) return expired(c);
    if (!(await formOf(c, flow))) return forged(c);
    return cancel(c, flow, "The user returned to the app without signing in");
  });

  function cancel(c: Context, flow: Flow, description: string) {
    ctx.store.interactions.finish(flow.interactionId);
    return deliver(c, flow.request, new AccessDenied(description).body());
  }

  // A form's address opened by GET (reload after a refused post, Back and Forward): the current screen.
  app.get("/login/interaction/:id/:action", (c) => c.redirect(identityEndpoints(ctx.urls).interaction(c.req.param("id")!), 303));

  return app;
}
