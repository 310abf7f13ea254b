import type { Context } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import type { Interaction } from "../../store/interactions.js";
import type { AuthorizationRequest } from "../authorize/authorization-request.js";
import { deliver } from "../authorize/deliver.js";
import { issueAuthorizationResponse } from "../authorize/issue-response.js";
import { identityEndpoints } from "../endpoints.js";
import { ConsentPage } from "../screens/consent.js";
import { MessagePage } from "../screens/message.js";
import { SignInPage } from "../screens/sign-in.js";
import { TenantPickerPage } from "../screens/tenant-picker.js";
import { nextStep } from "./next-step.js";

type Flow = Interaction<AuthorizationRequest>;

/**
 * Moves an interaction on: when nothing is left to ask, the app gets its response; otherwise the
 * current screen is shown (`render`) or the browser is sent to the interaction page (after a POST, so
 * reloading never re-submits a form).
 */
export async function advance(ctx: EmulatorContext, c: Context, flow: Flow, mode: "render" | "redirect", error?: { message: string; username?: string | undefined }) {
  const step = nextStep(ctx.store, flow);
  if (step.kind === "complete") {
    const values = await issueAuthorizationResponse(ctx, flow.request, step.party);
    ctx.store.interactions.finish(flow.interactionId);
    return deliver(c, flow.request, values);
  }
  const page = identityEndpoints(ctx.urls).interaction(flow.interactionId);
  if (mode === "redirect") return c.redirect(page, 303);
  c.header("Cache-Control", "no-store");
  const app = ctx.store.apps.get(flow.clientId)!;
  switch (step.kind) {
    case "sign-in":
      return c.html(
        SignInPage({
          action: `${page}/sign-in`,
          csrfToken: flow.csrfToken,
          appName: app.name,
          users: pickableUsers(ctx).map((u) => ({ username: u.username, name: `${u.firstName} ${u.lastName}`, passwordRequired: u.hasPassword })),
          // After a refused sign-in the name stays as typed.
          loginHint: error?.username ?? flow.request.loginHint,
          error: error?.message,
        }),
        error ? 401 : 200,
      );
    case "pick-tenant":
      return c.html(
        TenantPickerPage({
          action: `${page}/tenant`,
          csrfToken: flow.csrfToken,
          userName: `${step.user.firstName} ${step.user.lastName}`,
          tenants: step.tenants.map((t) => ({ contextIdentifier: t.contextIdentifier, companyName: t.companyName, state: t.state })),
        }),
      );
    case "consent":
      return c.html(
        ConsentPage({
          action: `${page}/consent`,
          csrfToken: flow.csrfToken,
          appName: app.name,
          vendor: app.vendor,
          consentText: app.consentText,
          tenantName: step.party.tenant.companyName,
          contextIdentifier: step.party.tenant.contextIdentifier,
          systemUser: app.systemUser,
          userName: `${step.party.user.firstName} ${step.party.user.lastName}`,
        }),
      );
    case "needs-administrator":
      return c.html(
        MessagePage({
          title: "Account does not have access",
          step: 2,
          message: `${app.name} has not been approved for ${step.party.tenant.companyName} (${step.party.tenant.contextIdentifier}) yet, and only an administrator can approve it. Ask an administrator of the tenant to sign in to the app once and approve it.`,
          explain: "Consent is given per app and tenant by an administrator (General Administrator or User Administrator).",
          children: <FlowExits action={page} csrfToken={flow.csrfToken} />,
        }),
        403,
      );
    case "not-a-member":
      return c.html(
        MessagePage({
          title: "Not a user of this tenant",
          step: 1,
          message: `${step.user.username} is not a user of ${step.contextIdentifier}.`,
          children: <FlowExits action={page} csrfToken={flow.csrfToken} />,
        }),
        403,
      );
    case "tenant-unavailable":
      return c.html(
        MessagePage({
          title: "The tenant is not available",
          step: 1,
          message: `${step.tenant.companyName} (${step.tenant.contextIdentifier}) is ${step.tenant.state}, so nobody can sign in to it right now.`,
          children: <FlowExits action={page} csrfToken={flow.csrfToken} />,
        }),
        503,
      );
  }
}

/** The ways out of a stopped flow: sign in as someone else, or go back to the app with access_denied. */
function FlowExits({ action, csrfToken }: { action: string; csrfToken: string }) {
  return (
    <div class="actions">
      <form method="post" action={`${action}/switch-user`}>
        <input type="hidden" name="csrf" value={csrfToken} />
        <button type="submit" class="secondary">
          Sign in as someone else
        </button>
      </form>
      <form method="post" action={`${action}/cancel`}>
        <input type="hidden" name="csrf" value={csrfToken} />
        <button type="submit" class="secondary">
          Return to the app
        </button>
      </form>
    </div>
  );
}

/**
 * The users the sign-in screen offers: those with a tenant that still exists and is not Deleted. A user of
 * deleted tenants only could not sign in anywhere, so offering them is a dead end.
 */
function pickableUsers(ctx: EmulatorContext) {
  const live = new Set(ctx.store.tenants.list().filter((t) => t.state !== "Deleted").map((t) => t.contextIdentifier.toLowerCase()));
  return ctx.store.users.list().filter((u) => u.memberships.some((m) => live.has(m.contextIdentifier.toLowerCase())));
}
