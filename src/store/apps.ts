import type { Db } from "./database.js";
import { prepareOnUse } from "./prepare-on-use.js";
import { watchedCache } from "./watched-cache.js";

/** A partner application as registered in the Developer Portal. */
export interface App {
  clientId: string;
  name: string;
  vendor: string;
  type: "standard" | "custom";
  kind: "web" | "native" | "server-to-server";
  /** null for public (native) clients. */
  clientSecret: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  corsOrigins: string[];
  consentText: string;
  systemUser: boolean;
  webhooks: boolean;
  /** "Customer state change URL": where tenant state changes and moves are posted (identity.md §9.4); null for none. */
  stateChangeUrl: string | null;
  /** The partner's system-user public key (PEM), when it has one. */
  publicKeyPem: string | null;
}

/** A row of `apps`, as stored. */
export interface AppRow {
  client_id: string;
  name: string;
  vendor: string;
  app_type: App["type"];
  kind: App["kind"];
  client_secret: string | null;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  cors_origins: string;
  consent_text: string;
  system_user: number;
  webhooks: number;
  state_change_url: string | null;
  public_key_pem: string | null;
  /** Kept only for keys the emulator generated, so the Portal can hand the key out. */
  private_key_pem: string | null;
  created_at: string;
}

/** The columns an App is made of: not the generated private key (a few KB read for nothing on every lookup) or created_at. */
type AppColumns = Omit<AppRow, "private_key_pem" | "created_at">;
const APP_COLUMNS =
  "client_id, name, vendor, app_type, kind, client_secret, redirect_uris, post_logout_redirect_uris, cors_origins, consent_text, system_user, webhooks, state_change_url, public_key_pem";

const toApp = (r: AppColumns): App => ({
  clientId: r.client_id,
  name: r.name,
  vendor: r.vendor,
  type: r.app_type,
  kind: r.kind,
  clientSecret: r.client_secret,
  redirectUris: JSON.parse(r.redirect_uris) as string[],
  postLogoutRedirectUris: JSON.parse(r.post_logout_redirect_uris) as string[],
  corsOrigins: JSON.parse(r.cors_origins) as string[],
  consentText: r.consent_text,
  systemUser: r.system_user === 1,
  webhooks: r.webhooks === 1,
  stateChangeUrl: r.state_change_url,
  publicKeyPem: r.public_key_pem,
});

export function appRepository(db: Db) {
  const all = prepareOnUse<[], AppColumns>(db, `SELECT ${APP_COLUMNS} FROM apps ORDER BY created_at, rowid`);
  const one = prepareOnUse<[string], AppColumns>(db, `SELECT ${APP_COLUMNS} FROM apps WHERE client_id = ?`);
  const bySecret = prepareOnUse<[string], AppColumns>(db, `SELECT ${APP_COLUMNS} FROM apps WHERE client_secret = ?`);
  const privateKey = prepareOnUse<[string], { private_key_pem: string | null }>(db, "SELECT private_key_pem FROM apps WHERE client_id = ?");
  const insert = prepareOnUse<[AppRow]>(
    db,
    `INSERT INTO apps (client_id, name, vendor, app_type, kind, client_secret, redirect_uris, post_logout_redirect_uris, cors_origins, consent_text, system_user, webhooks, state_change_url, public_key_pem, private_key_pem, created_at)
     VALUES (@client_id, @name, @vendor, @app_type, @kind, @client_secret, @redirect_uris, @post_logout_redirect_uris, @cors_origins, @consent_text, @system_user, @webhooks, @state_change_url, @public_key_pem, @private_key_pem, @created_at)`,
  );
  // Every token grant and sign-in reads its app; building it (three JSON arrays) costs more than the lookup.
  // Any write to apps (a new secret, a deleted app, a reset) empties the cache; unknown ids are not kept.
  const cache = watchedCache<App | undefined>(db, ["apps"], { keepMisses: false });
  const setSecret = prepareOnUse<[string, string]>(db, "UPDATE apps SET client_secret = ? WHERE client_id = ?");
  const setStateChangeUrl = prepareOnUse<[string | null, string]>(db, "UPDATE apps SET state_change_url = ? WHERE client_id = ?");
  const removeApp = prepareOnUse<[string]>(db, "DELETE FROM apps WHERE client_id = ?");
  // Access tokens have no foreign keys (schema v23): they go here, in the same transaction as the app.
  const removeAccessTokens = prepareOnUse<[string]>(db, "DELETE FROM access_tokens WHERE client_id = ?");
  const remove = db.transaction((clientId: string): boolean => {
    removeAccessTokens.run(clientId);
    return removeApp.run(clientId).changes === 1;
  });
  return {
    list: (): App[] => all.all().map(toApp),
    /** Whether some app registered this origin as a CORS URL (identity.md §11); a trailing slash and case do not count. */
    hasCorsOrigin: (origin: string): boolean => {
      const wanted = origin.replace(/\/$/, "").toLowerCase();
      return all.all().some((r) => (JSON.parse(r.cors_origins) as string[]).some((o) => o.replace(/\/$/, "").toLowerCase() === wanted));
    },
    /** The app (frozen: callers share it), or undefined. */
    get: (clientId: string): App | undefined =>
      cache.get(clientId, () => {
        const row = one.get(clientId);
        return row && toApp(row);
      }),
    /** The app whose client secret this is (SOD's ApplicationToken and SO-AppToken carry the secret). */
    findBySecret: (secret: string): App | undefined => {
      const row = bySecret.get(secret);
      return row && toApp(row);
    },
    /** The partner's private key, kept only for keys the emulator generated (what the Portal hands out once). */
    privateKeyPem: (clientId: string): string | null => privateKey.get(clientId)?.private_key_pem ?? null,
    /** Registers an app (Developer Portal, admin API, CLI). */
    register: (row: AppRow): void => void insert.run(row),
    /** "Generate new secret": the old one stops working at once. False when there is no such app. */
    setSecret: (clientId: string, secret: string): boolean => setSecret.run(secret, clientId).changes === 1,
    /** The Developer Portal's "Customer state change URL" (null: none). False when there is no such app. */
    setStateChangeUrl: (clientId: string, url: string | null): boolean => setStateChangeUrl.run(url, clientId).changes === 1,
    /** Deletes an app; its consents, tokens and tickets go with it (ON DELETE CASCADE; access tokens by hand). */
    remove: (clientId: string): boolean => remove(clientId),
  };
}
