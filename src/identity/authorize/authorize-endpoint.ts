import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { sessionUser } from "../interaction/sso-session.js";
import { LIFETIMES } from "../lifetimes.js";
import { randomPathId, randomToken } from "../secrets.js";
import { deliver } from "./deliver.js";
import { readOAuthParams } from "../oauth-params.js";
import { bindInteraction } from "../interaction/interaction-binding.js";
import { checkAuthorizeRequest } from "./pipeline.js";

/**
 * `GET|POST /login/common/oauth/authorize` and `/login/{ContextIdentifier}/oauth/authorize`
 * (identity.md §4): check the request, open an interaction, and either answer at once (single sign-on
 * with an approved app) or send the browser to the screens.
 */
export function authorizeRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const handler = async (c: Context) => {
    const segment = c.req.param("tenant")!;
    const input = { params: await readOAuthParams(c), pathTenant: segment === "common" ? undefined : segment };
    const outcome = checkAuthorizeRequest(ctx.store, input, ctx.urls.publicUrl);
    if (outcome.kind === "page") {
      const { MessagePage } = await import("../screens/message.js");
      return c.html(MessagePage({ title: outcome.title, message: outcome.error.message }), 400);
    }
    if (outcome.kind === "redirect") return deliver(c, outcome.to, outcome.error.body());
    const { request } = outcome;
    const flow = {
      interactionId: randomPathId(),
      clientId: request.clientId,
      request,
      userId: request.forceLogin ? null : (sessionUser(ctx, c) ?? null),
      contextIdentifier: null,
      csrfToken: randomToken(),
      expiresAt: ctx.clock.now() + LIFETIMES.interaction * 1000,
    };
    ctx.store.interactions.create(flow);
    bindInteraction(ctx, c, flow);
    // The screens (and hono/jsx) load with the first sign-in, not at start-up.
    const { advance } = await import("../interaction/advance.js");
    return advance(ctx, c, flow, "redirect");
  };
  app.on(["GET", "POST"], "/login/:tenant/oauth/authorize", handler);
  return app;
}
