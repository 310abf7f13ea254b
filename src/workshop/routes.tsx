import { Hono, type Context } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { NONCE, secureHeaders } from "hono/secure-headers";
import type { EmulatorContext } from "../runtime/emulator-context.js";
import { requireAdminKey } from "../admin/api/admin-key.js";
import { portalCsrfToken, readForm } from "../portal/pages/form-token.js";
import { TENANT_STATE_NAMES } from "../shared/tenant-states.js";
import { CallbackError, receiveCallback } from "./flow/callback.js";
import { ChoiceError, readChoice, startRun, workshopApps } from "./flow/start.js";
import { callApi } from "./flow/api.js";
import { actAsSystemUser } from "./flow/system-user.js";
import { deleteRunWebhook, watchWebhook } from "./flow/webhooks.js";
import { checkIdToken, exchangeCode, refreshThenRevoke, StepOrderError } from "./flow/tokens.js";
import { FragmentRelayPage } from "./pages/fragment-relay.js";
import { WorkshopPage } from "./pages/workshop-page.js";
import type { ResponseMode, Run } from "./run.js";
import { WorkshopSessions, type WorkshopSession } from "./session.js";

/**
 * Workshop mode at /workshop: one page that runs the whole OAuth flow with the emulator playing the app.
 * Guarded like the portal (admin key, origin check and CSRF token on every form, a strict CSP, no caching);
 * each browser's run lives in memory under an HttpOnly cookie. Every action is a POST that redirects (303)
 * back to the page at the step it produced.
 */
export function workshopRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  const sessions = new WorkshopSessions();
  const secureCookie = ctx.urls.publicUrl.startsWith("https:");
  for (const path of ["/workshop", "/workshop/*"]) {
    app.use(path, requireAdminKey(ctx));
    app.use(
      path,
      secureHeaders({
        // Only the fragment relay page runs script, with this response's nonce.
        contentSecurityPolicy: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], scriptSrc: [NONCE], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
        referrerPolicy: "no-referrer",
      }),
    );
    app.use(path, csrf({ origin: (origin, c) => origin === new URL(c.req.url).origin || origin === new URL(ctx.urls.publicUrl).origin }));
    app.use(path, async (c, next) => {
      await next();
      // The page shows secrets and tokens: never cached.
      c.header("cache-control", "no-store");
    });
  }
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status === 403) return page(c, sessions.find(c), { error: "This form was not sent from the workshop page of this emulator (another origin). Reload the page and try again." }, 403);
    throw err;
  });

  const page = (c: Context, s: WorkshopSession | undefined, extra: { notice?: string; error?: string } = {}, status: 200 | 400 | 403 | 409 = 200) =>
    c.html(
      <WorkshopPage large={s?.large ?? false} csrf={portalCsrfToken()} run={s?.run} apps={workshopApps(ctx)} users={ctx.store.users.list()} tenants={ctx.store.tenants.list()} {...extra} />,
      status,
    );

  app.get("/workshop", (c) => {
    const large = c.req.query("large");
    if (large === "on" || large === "off") {
      sessions.open(c, secureCookie).large = large === "on";
      return c.redirect("/workshop", 302);
    }
    return page(c, sessions.find(c));
  });

  /** A form post with a valid CSRF token from a browser with a session, or the answer refusing it. */
  const posted = async (c: Context, needRun: boolean): Promise<{ s: WorkshopSession; form: Record<string, string>; run: Run } | Response> => {
    const form = await readForm(c);
    const s = sessions.find(c);
    if (!form) return page(c, s, { error: "This form was not sent from the workshop page of this emulator (missing or wrong CSRF token, or the emulator restarted). Reload the page and try again." }, 403);
    if (needRun && !s?.run) return page(c, s, { error: "This browser has no workshop run (no cookie, or the emulator restarted). Choose the app and press Start." }, 400);
    return { s: s ?? sessions.open(c, secureCookie), form, run: s?.run as Run };
  };

  app.post("/workshop/start", async (c) => {
    const p = await posted(c, false);
    if (p instanceof Response) return p;
    try {
      const run = startRun(ctx, readChoice(ctx, p.form));
      // The previous run's webhook goes with it (step 9 says so).
      await deleteRunWebhook(ctx, p.s.run);
      p.s.run = run;
    } catch (err) {
      if (err instanceof ChoiceError) return page(c, p.s, { error: err.message }, 400);
      throw err;
    }
    return c.redirect("/workshop#step-1", 303);
  });

  app.post("/workshop/start-over", async (c) => {
    const p = await posted(c, false);
    if (p instanceof Response) return p;
    await deleteRunWebhook(ctx, p.s.run);
    p.s.run = undefined;
    return c.redirect("/workshop", 303);
  });

  app.post("/workshop/tenant-state", async (c) => {
    const p = await posted(c, false);
    if (p instanceof Response) return p;
    const tenant = ctx.store.tenants.get(p.form.tenant ?? "");
    const state = TENANT_STATE_NAMES.find((n) => n === p.form.state);
    if (!tenant || !state) return page(c, p.s, { error: `Choose a tenant of this emulator and one of the states ${TENANT_STATE_NAMES.join(", ")}.` }, 400);
    // The portal's Tenants page does the same; apps with a state change URL hear of it (identity.md §9.4).
    await ctx.webhooks.tenants.setState(tenant.contextIdentifier, state);
    return c.redirect("/workshop#tenant-state", 303);
  });

  const steps: [string, (run: Run) => Promise<void>, string][] = [
    ["/workshop/token", (run) => exchangeCode(ctx, run), "step-4"],
    ["/workshop/id-token", (run) => checkIdToken(ctx, run), "step-5"],
    ["/workshop/api", (run) => callApi(ctx, run, false), "step-6"],
    ["/workshop/api-again", (run) => callApi(ctx, run, true), "step-6"],
    ["/workshop/refresh", (run) => refreshThenRevoke(ctx, run), "step-7"],
    ["/workshop/system-user", (run) => actAsSystemUser(ctx, run), "step-8"],
    ["/workshop/webhooks", (run) => watchWebhook(ctx, run), "step-9"],
  ];
  for (const [path, act, anchor] of steps) {
    app.post(path, async (c) => {
      const p = await posted(c, true);
      if (p instanceof Response) return p;
      try {
        await act(p.run);
      } catch (err) {
        if (err instanceof StepOrderError) return page(c, p.s, { error: err.message }, 409);
        throw err;
      }
      return c.redirect(`/workshop#${anchor}`, 303);
    });
  }

  // The redirect URI. Its defence is the state check (SuperID's form_post page cannot know a CSRF token).
  const callback = async (c: Context, via: ResponseMode, params: [string, string][], body?: string) => {
    const s = sessions.find(c);
    if (!s?.run) return page(c, s, { error: "A SuperID answer arrived, but this browser has no workshop run (no cookie, or the emulator restarted), so its state cannot be checked and it was not used. Press Start for a new run." }, 400);
    try {
      receiveCallback(ctx, s.run, c, via, params, body);
    } catch (err) {
      if (err instanceof CallbackError) return page(c, s, { error: err.message }, err.status);
      throw err;
    }
    // Like an app, take the code out of the address bar at once.
    return c.redirect("/workshop#step-3", 303);
  };
  app.get("/workshop/callback", (c) => {
    const params = [...new URL(c.req.url).searchParams];
    if (params.length > 0) return callback(c, "query", params);
    return c.html(<FragmentRelayPage nonce={c.get("secureHeadersNonce") as string} large={sessions.find(c)?.large ?? false} />);
  });
  app.post("/workshop/callback", async (c) => {
    const body = await c.req.text();
    const fields = [...new URLSearchParams(body)];
    const fragment = fields.length === 1 && fields[0]![0] === "fragment" ? fields[0]![1] : undefined;
    if (fragment !== undefined) return callback(c, "fragment", [...new URLSearchParams(fragment.replace(/^#/, ""))]);
    return callback(c, "form_post", fields, body);
  });
  return app;
}
