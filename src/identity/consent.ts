import type { EmulatorContext } from "../emulator-context.js";
import type { App } from "../store/apps.js";
import { toStoreDateTime } from "../shared/time-zone.js";
import { randomAlphanumeric } from "./secrets.js";

/**
 * Authorization records (identity.md §10). Approving creates or re-activates the record; apps allowed the
 * system user get their system token `{AppName}-{10 alphanumerics}` once and keep it. Revoking withdraws
 * the app's refresh and access tokens and system-user tickets for that tenant, in the same transaction.
 */
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
  return store.db.transaction(() => {
    const changed = store.consents.setStatus(clientId, contextIdentifier, "Revoked");
    if (changed) {
      store.grants.revokeForConsent(clientId, contextIdentifier, ctx.clock.now());
      store.tickets.revokeForConsent(clientId, contextIdentifier, ctx.clock.now());
    }
    return changed;
  })();
}
