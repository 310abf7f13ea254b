import { randomUUID } from "node:crypto";
import type { SigningKey } from "../../keys/signing-key.js";
import { loadJose } from "../../keys/jose.js";
import type { Clock } from "../../shared/clock.js";
import { isRunningState, type TenantState } from "../../shared/tenant-states.js";
import type { Store } from "../../store/store.js";
import type { Tenant } from "../../store/tenants.js";
import type { EmulatorUrls } from "../urls.js";

/**
 * SOD's "customer state change" push (identity.md §9.4): when a tenant's state changes or it moves, every app
 * with an Active consent on it and a "Customer state change URL" gets a POST of
 * `{ChangeType, ContextIdentifier, VersionName, FileVersion, Token, PublicEndpoint}`, Token a JWT signed with
 * the emulator's key. The POSTs are app-owned deliveries (no webhook; queue key `app/{clientId}/{ctx}`) in the
 * same durable queue as webhooks, written in the same transaction as the change: same retries, same inspector.
 */

/** SOD's ChangeType numbers (identity.md §9.4). */
export const CHANGE_TYPES = { Upgrade: 0, BackupRestored: 1, Suspend: 2, Resume: 3, Delete: 4, Move: 5 } as const;
export type ChangeType = keyof typeof CHANGE_TYPES;

/** The delivery's event name (the inspector's column; SOD's POST has no event header). */
export const stateEventName = (changeType: ChangeType) => `tenant.${changeType}`;
export const notificationQueueKey = (clientId: string, contextIdentifier: string) => `app/${clientId}/${contextIdentifier}`;
export const isNotificationKey = (queueKey: string) => queueKey.startsWith("app/");

const MAINTENANCE: readonly TenantState[] = ["OnlineMaintenance", "OfflineMaintenance", "MigrationPending"];

/**
 * Which ChangeType a state change is (INFERRED: SOD names the types, not the states behind them). Deleted or
 * Deleting: Delete. Into or out of maintenance while running, or back to running from maintenance: Upgrade
 * (maintenance is when SOD upgrades a tenant). Back to running from anything else: Resume. Any other state
 * that stops the tenant: Suspend. No change: nothing.
 */
export function changeTypeFor(from: TenantState, to: TenantState): ChangeType | undefined {
  if (from === to) return undefined;
  if (to === "Deleted" || to === "Deleting") return "Delete";
  if (isRunningState(to)) return MAINTENANCE.includes(from) || to === "OnlineMaintenance" ? "Upgrade" : "Resume";
  return "Suspend";
}

export interface NotificationDeps {
  store: Store;
  clock: Clock;
  signingKey: SigningKey;
  /** Read at the time of the change (the port is known only once the emulator listens). */
  urls: () => EmulatorUrls;
  /** NetServer's label and file version (the version document's NetServerLabel and NetServerVersion). */
  versionName: string;
  fileVersion: string;
  /** Tells the dispatcher there is work (absent when the CLI writes to a stopped emulator's store). */
  kick?: (() => void) | undefined;
}

/** The token's lifetime: receivers check it at once; a notification queued while the emulator is down may arrive late. */
const TOKEN_LIFETIME_S = 3600;

/** The host a tenant's API answers on, as SOD's PublicEndpoint (`sod3.superoffice.com`); with the port when it has one. */
function publicEndpoint(urls: EmulatorUrls, tenant: Tenant): string {
  const url = new URL(urls.publicUrl);
  const host = tenant.host ?? urls.tenantHost;
  if (host) url.hostname = host;
  return url.host;
}

export function tenantNotifications(deps: NotificationDeps) {
  const { store, clock } = deps;

  /**
   * Builds the bodies for every app to notify (signing is asynchronous, so it happens before the write), then
   * runs `write` and queues them in one transaction. `write` returning false (no such tenant) queues nothing.
   */
  async function notifyAround(contextIdentifier: string, changeType: ChangeType | undefined, after: (t: Tenant) => Tenant, write: () => boolean): Promise<boolean> {
    const tenant = store.tenants.get(contextIdentifier);
    if (!tenant) return false;
    const targets = changeType === undefined ? [] : appsToNotify(tenant.contextIdentifier);
    const at = clock.now();
    const urls = deps.urls();
    const next = after(tenant);
    const bodies = await Promise.all(targets.map(async (app) => ({ app, body: await bodyFor(app.clientId, next, changeType!, urls, at) })));
    const done = store.transaction(() => {
      if (!write()) return false;
      for (const { app, body } of bodies) {
        store.webhookDeliveries.enqueue({
          queueKey: notificationQueueKey(app.clientId, tenant.contextIdentifier),
          contextIdentifier: tenant.contextIdentifier,
          webhookId: null,
          clientId: app.clientId,
          targetUrl: app.stateChangeUrl!,
          event: stateEventName(changeType!),
          eventId: randomUUID(),
          body,
          at,
        });
      }
      return true;
    });
    if (done && bodies.length > 0) deps.kick?.();
    return done;
  }

  function appsToNotify(contextIdentifier: string) {
    const active = new Set(store.consents.list().filter((c) => c.contextIdentifier === contextIdentifier && c.status === "Active").map((c) => c.clientId));
    return store.apps.list().filter((a) => a.stateChangeUrl !== null && active.has(a.clientId));
  }

  async function bodyFor(clientId: string, tenant: Tenant, changeType: ChangeType, urls: EmulatorUrls, at: number): Promise<string> {
    const { SignJWT } = await loadJose();
    const iat = Math.floor(at / 1000);
    // Claims are undocumented (identity.md §9.4, INFERRED): the environment's issuer, the app as audience
    // as for other server-to-server tokens, the tenant as subject and SuperOffice's ctx claim.
    const token = await new SignJWT({
      "http://schemes.superoffice.net/identity/ctx": tenant.contextIdentifier,
      change_type: CHANGE_TYPES[changeType],
    })
      .setProtectedHeader({ alg: "RS256", kid: deps.signingKey.kid, x5t: deps.signingKey.x5t, typ: "JWT" })
      .setIssuer(urls.issuer)
      .setAudience(`spn:${clientId}`)
      .setSubject(tenant.contextIdentifier)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setNotBefore(iat - 60)
      .setExpirationTime(iat + TOKEN_LIFETIME_S)
      .sign(deps.signingKey.privateKey);
    return JSON.stringify({
      ChangeType: CHANGE_TYPES[changeType],
      ContextIdentifier: tenant.contextIdentifier,
      VersionName: deps.versionName,
      FileVersion: deps.fileVersion,
      Token: token,
      PublicEndpoint: publicEndpoint(urls, tenant),
    });
  }

  return {
    /** Sets a tenant's state and notifies the apps (nothing when the state does not change). False: no such tenant. */
    setState(contextIdentifier: string, state: TenantState): Promise<boolean> {
      const current = store.tenants.get(contextIdentifier);
      return notifyAround(contextIdentifier, current && changeTypeFor(current.state, state), (t) => Object.assign({}, t, { state }), () => store.tenants.setState(contextIdentifier, state));
    },
    /** Host mode: moves a tenant to another host (null: the default tenant host) and notifies the apps with Move. */
    move(contextIdentifier: string, host: string | null): Promise<boolean> {
      const current = store.tenants.get(contextIdentifier);
      const changeType = current && current.host !== host ? "Move" : undefined;
      return notifyAround(contextIdentifier, changeType, (t) => Object.assign({}, t, { host }), () => store.tenants.setHost(contextIdentifier, host));
    },
    /** Notifies the apps of a change made elsewhere (a tenant's data restored: BackupRestored). */
    notify(contextIdentifier: string, changeType: ChangeType): Promise<boolean> {
      return notifyAround(contextIdentifier, changeType, (t) => t, () => true);
    },
  };
}

export type TenantNotifications = ReturnType<typeof tenantNotifications>;
