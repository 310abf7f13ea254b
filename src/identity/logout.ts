import { Hono } from "hono";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import type { App } from "../store/apps.js";
import { isRegisteredUri } from "./authorize/check-redirect-uri.js";
import { endSession } from "./interaction/sso-session.js";
import { loadJose } from "../keys/jose.js";

/**
 * `GET /login/logout` (identity.md §7): ends the SuperID session, then returns to
 * `post_logout_redirect_uri` (or SOD samples' `redirect_uri`) with `state` only when that URL is among the
 * app's registered post-logout URLs. The app is the `client_id` parameter or the `id_token_hint`'s audience;
 * with neither, any app's.
 */
export function logoutRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.get("/login/logout", async (c) => {
    // hono answers HEAD with the GET route; a link checker's HEAD must not sign anyone out.
    if (c.req.method !== "HEAD") endSession(ctx, c);
    const { MessagePage } = await import("./screens/message.js");
    const q = c.req.query();
    const target = q.post_logout_redirect_uri || q.redirect_uri;
    if (target) {
      const apps = await candidateApps(ctx, q.client_id, q.id_token_hint);
      if (apps.some((a) => isRegisteredUri(a.postLogoutRedirectUris, target, ctx.urls.publicUrl))) {
        const url = new URL(target);
        if (q.state) url.searchParams.set("state", q.state);
        return c.redirect(url.toString(), 303);
      }
      return c.html(
        MessagePage({ title: "You are signed out", tone: "info", message: `You are signed out of SuperID. The app asked to return to ${target}, which is not one of its registered post-logout URLs.` }),
      );
    }
    return c.html(MessagePage({ title: "You are signed out", tone: "info", message: "You are signed out of SuperID. You can close this window." }));
  });
  return app;
}

async function candidateApps(ctx: EmulatorContext, clientId: string | undefined, idTokenHint: string | undefined): Promise<App[]> {
  if (clientId) return [ctx.store.apps.get(clientId)].filter((a): a is App => a !== undefined);
  // SOD's own clients call `/login/logout?scope=openid&redirect_uri=…` naming no app (identity.md §7):
  // the URL must then be some app's registered post-logout URL.
  if (!idTokenHint) return ctx.store.apps.list();
  try {
    // An expired id_token is still a good hint of who is signing out (OIDC RP-Initiated Logout §2), so
    // only the signature and issuer count, not the times.
    const { compactVerify, decodeJwt } = await loadJose();
    await compactVerify(idTokenHint, ctx.signingKey.publicKey, { algorithms: ["RS256"] });
    const payload = decodeJwt(idTokenHint);
    if (payload.iss !== ctx.urls.issuer) return [];
    const aud = typeof payload.aud === "string" ? payload.aud : undefined;
    return aud ? [ctx.store.apps.get(aud)].filter((a): a is App => a !== undefined) : [];
  } catch {
    return [];
  }
}
