import type { EmulatorContext } from "../runtime/emulator-context.js";
import type { App } from "../store/apps.js";
import type { Consent } from "../store/consents.js";
import { toStoreDateTime } from "../shared/time-zone.js";
import { randomAlphanumeric } from "./secrets.js";

/**
 * Authorization records (identity.md §10). Approving creates or re-activates the record; apps allowed the
 * system user get their system token `{AppName}-{10 alphanumerics}` once and keep it. Revoking withdraws
 * the app's refresh and access tokens and system-user tickets for that tenant, in the same transaction.
 */
/**
 * SOD's AuthorizeErrorCode text for an app without an Active record in a tenant (identity.md §4.4):
 * `Authorization error: Revoked (1)`; no record at all is Denied (4).
 */
export function authorizationError(status: Consent["status"] | undefined): string {
  const code = status === "Revoked" ? "Revoked (1)" : status === "Expired" ? "Expired (3)" : status === "NeedsReapproval" ? "NeedsReapproval (5)" : "Denied (4)";
  return `Authorization error: ${code}`;
}

export function approveConsent(ctx: EmulatorContext, app: App, contextIdentifier: string, userId: number): void {
  ctx.store.consents.approve({
    clientId: app.clientId,
    contextIdentifier,
    userId,
    approvedAt: toStoreDateTime(ctx.clock.now()),
    systemToken: app.systemUser ? `${app.name}-${randomAlphanumeric(10)}` : null,
  });
}

export function revokeConsent(ctx: EmulatorContext, clientId: string, contextIdentifier: string): boolean {
  const { store } = ctx;
  return store.transaction(() => {
    const changed = store.consents.setStatus(clientId, contextIdentifier, "Revoked");
    if (changed) {
      store.grants.revokeForConsent(clientId, contextIdentifier, ctx.clock.now());
      store.tickets.revokeForConsent(clientId, contextIdentifier, ctx.clock.now());
    }
    return changed;
  });
}
