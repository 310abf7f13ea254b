import { Hono, type Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { sessionUser } from "../interaction/sso-session.js";
import { LIFETIMES } from "../lifetimes.js";
import { randomPathId, randomToken } from "../secrets.js";
import { AuthorizePageError, AuthorizeRedirectError, type AuthorizeContext } from "./authorization-request.js";
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
    const actx: AuthorizeContext = { params: await readOAuthParams(c), pathTenant: segment === "common" ? undefined : segment, request: {} };
    let request;
    try {
      request = checkAuthorizeRequest(ctx.store, actx, ctx.urls.publicUrl);
    } catch (err) {
      if (err instanceof AuthorizePageError) {
        const { MessagePage } = await import("../screens/message.js");
        return c.html(MessagePage({ title: err.title, message: err.message }), 400);
      }
      if (err instanceof AuthorizeRedirectError) {
        // The checks may stop before `state` or the response mode are carried; errors still go back with
        // the state (RFC 6749 §4.1.2.1), by the mode the app asked for where it named one (identity.md §4.4).
        const asked = actx.params.response_mode;
        const { redirectUri, responseMode = asked === "form_post" || asked === "fragment" ? asked : "query" } = actx.request;
        const state = actx.params.state || undefined;
        return deliver(c, { redirectUri: redirectUri!, responseMode, state }, { error: err.error, error_description: err.message });
      }
      throw err;
    }
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
