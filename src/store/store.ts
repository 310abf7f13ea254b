import { createClock, type Clock } from "../shared/clock.js";
import type { Db } from "./database.js";
import { appRepository } from "./apps.js";
import { archiveQueryRepository, type ArchiveQueries } from "./archive-queries.js";
import { archiveConfigurationRepository } from "./archive-configurations.js";
import { changeFeed, type ChangeFeed } from "./change-feed.js";
import { consentRepository } from "./consents.js";
import { dataVersion } from "./data-version.js";
import { crmRepository, type CrmRepository } from "./crm.js";
import { expiryPurge, type TransientCounts } from "./expiry-purge.js";
import { grantRepository } from "./grants.js";
import { interactionRepository } from "./interactions.js";
import { listProvisioningRepository } from "./list-provisioning.js";
import { softDeleteRetention } from "./soft-delete-retention.js";
import { storeImage } from "./store-image.js";
import { tenantProvisioning } from "./tenant-provisioning.js";
import { ssoSessionRepository } from "./sso-sessions.js";
import { ticketRepository } from "./tickets.js";
import { tenantRepository } from "./tenants.js";
import { userRepository } from "./users.js";
import { udefRepository, type UdefRepository } from "./user-defined-fields.js";
import { webhookDeliveryRepository } from "./webhook-deliveries.js";
import { webhookRepository } from "./webhooks.js";
import { webPanelRepository } from "./web-panels.js";

/**
 * The store as the rest of the emulator sees it: one repository per concern, transactions and the change
 * feed. The database itself is not part of it: no code outside src/store runs SQL (test/unit/architecture).
 */
export interface Store {
  tenants: ReturnType<typeof tenantRepository>;
  /** New tenants with all their generated rows at once (admin API). */
  provisioning: ReturnType<typeof tenantProvisioning>;
  /** The whole store as one SQLite image: snapshot, restore, one tenant back to the seed's rows. */
  image: ReturnType<typeof storeImage>;
  users: ReturnType<typeof userRepository>;
  apps: ReturnType<typeof appRepository>;
  consents: ReturnType<typeof consentRepository>;
  interactions: ReturnType<typeof interactionRepository>;
  ssoSessions: ReturnType<typeof ssoSessionRepository>;
  grants: ReturnType<typeof grantRepository>;
  crm: CrmRepository;
  /** List items, user-defined lists and item visibility as apps provision them (write in `transaction`). */
  lists: ReturnType<typeof listProvisioningRepository>;
  /** Web panels, each owned by the app that made it. */
  webPanels: ReturnType<typeof webPanelRepository>;
  /** User-defined fields: their layouts per entity and their values (store/user-defined-fields.ts). */
  udefs: UdefRepository;
  tickets: ReturnType<typeof ticketRepository>;
  archiveConfigurations: ReturnType<typeof archiveConfigurationRepository>;
  /** Runs archive list queries (the only place their SQL is assembled and prepared). */
  archive: ArchiveQueries;
  softDeleteRetention: ReturnType<typeof softDeleteRetention>;
  /** Webhooks per tenant and app, with their statistics. */
  webhooks: ReturnType<typeof webhookRepository>;
  /** The durable delivery queue and its recent history. */
  webhookDeliveries: ReturnType<typeof webhookDeliveryRepository>;
  /** Every committed write of a CRM row, once, after commit (store/change-feed.ts). */
  changes: ChangeFeed;
  /** A token that moves on every committed write, from this process or another (store/data-version.ts). */
  dataVersion(): string;
  /**
   * Runs fn in one transaction (a savepoint when nested): all its writes or none, and their change-feed
   * events published only once it commits.
   */
  transaction<T>(fn: () => T): T;
  /** Deletes expired codes, tokens, interactions, SSO sessions and tickets now (it also runs on its own). */
  purgeExpired(): void;
  /** Rows in SuperID's transient tables: live ones plus at most a bounded number of expired ones. */
  counts(): TransientCounts;
  close(): void;
}

/**
 * `clock` is the emulator's: expired SuperID state is purged by it (store/expiry-purge.ts). The CLI's
 * short-lived stores use real time.
 */
export function createStore(db: Db, clock: Clock = createClock()): Store {
  const expiry = expiryPurge(db, clock);
  const feed = changeFeed(db);
  const crm = crmRepository(db, feed, clock);
  const image = storeImage(db);
  const eager = {
    tenants: tenantRepository(db),
    image,
    users: userRepository(db),
    apps: appRepository(db),
    crm,
    udefs: udefRepository(db),
    softDeleteRetention: softDeleteRetention(db, crm, feed.transaction),
    webhooks: webhookRepository(db),
    webhookDeliveries: webhookDeliveryRepository(db),
    changes: { subscribe: feed.subscribe },
    dataVersion: dataVersion(db),
    transaction: feed.transaction,
    purgeExpired: expiry.purge,
    counts: expiry.counts,
    close: () => {
      expiry.stop();
      image.close();
      db.close();
    },
  };
  // Made on first use: these only prepare statements (about 60 of the store's 165), which a start and most
  // runs do not need all of. The rest stay eager: their making installs temp triggers (caches, image
  // changes), timers or subscriptions that must be in place before the first write, or the start or every
  // CRM write uses them; their statements are prepared when first run (prepare-on-use.ts).
  const store: Store = withLazyMembers(eager, {
    provisioning: () => tenantProvisioning(db, feed.transaction),
    consents: () => consentRepository(db),
    interactions: () => interactionRepository(db, expiry.noteInsert),
    ssoSessions: () => ssoSessionRepository(db, expiry.noteInsert),
    grants: () => grantRepository(db, expiry.noteInsert),
    lists: () => listProvisioningRepository(db, feed, clock),
    webPanels: () => webPanelRepository(db),
    tickets: () => ticketRepository(db, expiry.noteInsert),
    archiveConfigurations: () => archiveConfigurationRepository(db),
    archive: () => archiveQueryRepository(db),
  });
  databases.set(store, db);
  return store;
}

/** `target` with a getter per maker that makes its member on the first read and keeps it. */
function withLazyMembers<T extends object, L extends Record<string, () => object>>(target: T, makers: L): T & { readonly [K in keyof L]: ReturnType<L[K]> } {
  for (const [name, make] of Object.entries(makers)) {
    let made: object | undefined;
    Object.defineProperty(target, name, { enumerable: true, get: () => (made ??= make()) });
  }
  return target as T & { readonly [K in keyof L]: ReturnType<L[K]> };
}

const databases = new WeakMap<Store, Db>();

/**
 * The store's database, for tests that check what is stored with SQL of their own (an oracle independent
 * of the repositories) and for the list benchmark. Product code never calls this: it uses repositories.
 */
export function databaseOf(store: Store): Db {
  const db = databases.get(store);
  if (!db) throw new Error("not a store made by createStore()");
  return db;
}
