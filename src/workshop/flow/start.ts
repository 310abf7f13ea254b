import { createHash, randomBytes } from "node:crypto";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { isRegisteredUri } from "../../identity/authorize/check-redirect-uri.js";
import type { App } from "../../store/apps.js";
import { secretName, type ResponseMode, type Run, type WorkshopChoice } from "../run.js";

/**
 * Step 1: the app decides what to ask for. The workshop plays the app: it makes state, nonce and a PKCE
 * verifier, derives the challenge, and builds the authorize URL the browser is sent to.
 */
export const WORKSHOP_CALLBACK = "/workshop/callback";
export const RESPONSE_MODES: readonly ResponseMode[] = ["query", "form_post", "fragment"];

export class ChoiceError extends Error {}

/** The apps the workshop can play: those that registered the workshop's callback page. */
export function workshopApps(ctx: EmulatorContext): App[] {
  const callback = ctx.urls.publicUrl + WORKSHOP_CALLBACK;
  return ctx.store.apps.list().filter((a) => isRegisteredUri(a.redirectUris, callback, ctx.urls.publicUrl));
}

/** The presenter's choices from the Start form, checked against the store. */
export function readChoice(ctx: EmulatorContext, form: Record<string, string>): WorkshopChoice {
  const app = workshopApps(ctx).find((a) => a.clientId === form.app);
  if (!app) throw new ChoiceError(`App: choose one of the apps that registered ${WORKSHOP_CALLBACK} (see the list).`);
  const user = (form.user ?? "").trim();
  if (user !== "" && !ctx.store.users.findByUsername(user)) throw new ChoiceError(`User: ${user} is not a SuperID user of this emulator.`);
  const tenant = (form.tenant ?? "").trim();
  if (tenant !== "" && !ctx.store.tenants.get(tenant)) throw new ChoiceError(`Tenant: ${tenant} is not a tenant of this emulator.`);
  const mode = RESPONSE_MODES.find((m) => m === form.responseMode);
  if (!mode) throw new ChoiceError(`Response mode: expected one of ${RESPONSE_MODES.join(", ")}.`);
  return {
    clientId: app.clientId,
    appName: app.name,
    kind: app.kind,
    clientSecret: app.clientSecret,
    systemUser: app.systemUser,
    user,
    tenant: tenant === "" ? "" : ctx.store.tenants.get(tenant)!.contextIdentifier,
    responseMode: mode,
    forceLogin: form.forceLogin === "on",
  };
}

export function startRun(ctx: EmulatorContext, choice: WorkshopChoice): Run {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirectUri = ctx.urls.publicUrl + WORKSHOP_CALLBACK;
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  const params = new URLSearchParams({
    client_id: choice.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    response_mode: choice.responseMode,
    scope: "openid",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  if (choice.tenant) params.set("acr_values", `tenant:${choice.tenant}`);
  if (choice.user) params.set("login_hint", choice.user);
  if (choice.forceLogin) params.set("prompt", "login");
  const run: Run = {
    choice,
    redirectUri,
    pkce: { verifier, challenge },
    state,
    nonce,
    authorizeUrl: `${ctx.urls.publicUrl}/login/common/oauth/authorize?${params}`,
    activityMark: ctx.activity.list({ limit: 1 })[0]?.id ?? 0,
    secrets: new Map(),
  };
  if (choice.clientSecret) secretName(run, choice.clientSecret, "CLIENT_SECRET");
  return run;
}
