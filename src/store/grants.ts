import type { Consent } from "./consents.js";
import type { Db } from "./database.js";
import type { Membership, User } from "./users.js";
import { watchedCacheOnFirstUse } from "./watched-cache.js";

/**
 * Authorization codes, refresh tokens and access tokens, keyed by the SHA-256 of the secret.
 * Each row knows the app, user and tenant it was issued for, and what it was issued from (code or
 * refresh token), so a replayed code or a revoked consent can withdraw exactly what it led to.
 */
export interface CodeGrant {
  codeHash: string;
  clientId: string;
  userId: number;
  contextIdentifier: string;
  redirectUri: string;
  /** False for a legacy request that omitted redirect_uri and got the app's default. */
  redirectUriGiven: boolean;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  expiresAt: number;
  usedAt: number | null;
}

export interface TokenGrant {
  tokenHash: string;
  clientId: string;
  userId: number;
  contextIdentifier: string;
  codeHash: string | null;
  revokedAt: number | null;
}

export interface AccessGrant extends TokenGrant {
  refreshHash: string | null;
  expiresAt: number;
}

/** An access token's row with what a tenant API call checks beside it, for the tenant the call names. */
export interface AccessTokenUse {
  clientId: string;
  userId: number;
  contextIdentifier: string;
  expiresAt: number;
  revokedAt: number | null;
  /** The app's consent for the called tenant (null: none). */
  consentStatus: string | null;
  /** The user's associate in the called tenant (null: not a user of it). */
  associateId: number | null;
}

/**
 * A refresh token's row with the rows a refresh grant checks beside it: the user it was issued to, that user's
 * membership of the token's tenant and the app's consent there (each undefined when there is none).
 */
export interface RefreshTokenParty {
  grant: TokenGrant;
  user: Omit<User, "memberships"> | undefined;
  membership: Membership | undefined;
  consent: Consent | undefined;
}

/** `noteInsert` is told of every row added (the expiry purge counts them). */
export function grantRepository(db: Db, noteInsert: () => void = () => undefined) {
  const insertCode = db.prepare(
    `INSERT INTO authorization_codes (code_hash, client_id, user_id, context_identifier, redirect_uri, redirect_uri_given, code_challenge, code_challenge_method, nonce, expires_at)
     VALUES (@codeHash, @clientId, @userId, @contextIdentifier, @redirectUri, @redirectUriGiven, @codeChallenge, @codeChallengeMethod, @nonce, @expiresAt)`,
  );
  const code = db.prepare<[string], Record<string, never>>("SELECT * FROM authorization_codes WHERE code_hash = ?");
  // Only the first exchange sees `changes === 1`: a concurrent replay cannot also succeed.
  const useCode = db.prepare<[number, string]>("UPDATE authorization_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL");
  const insertRefresh = db.prepare(
    `INSERT INTO refresh_tokens (token_hash, client_id, user_id, context_identifier, code_hash, created_at)
     VALUES (@tokenHash, @clientId, @userId, @contextIdentifier, @codeHash, @createdAt)`,
  );
  const refresh = db.prepare<[string], Record<string, never>>("SELECT * FROM refresh_tokens WHERE token_hash = ?");
  // Positional parameters: every token grant inserts one row, and binding by name looks each one up in the object.
  const insertAccessRow = db.prepare<[string, string, number, string, string | null, string | null, number]>(
    `INSERT INTO access_tokens (token_hash, client_id, user_id, context_identifier, code_hash, refresh_hash, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAccess = (t: Omit<AccessGrant, "revokedAt">) =>
    insertAccessRow.run(t.tokenHash, t.clientId, t.userId, t.contextIdentifier, t.codeHash, t.refreshHash, t.expiresAt);
  const access = db.prepare<[string], Record<string, never>>("SELECT * FROM access_tokens WHERE token_hash = ?");
  // One statement for the token row, the app's consent and the user's membership: the same rows
  // consents.get and users.membershipIn read, in one step into SQLite instead of three.
  const accessUse = db.prepare<
    [string, string, string],
    { client_id: string; user_id: number; context_identifier: string; expires_at: number; revoked_at: number | null; consent_status: string | null; associate_id: number | null }
  >(
    `SELECT a.client_id, a.user_id, a.context_identifier, a.expires_at, a.revoked_at,
       (SELECT status FROM consents WHERE client_id = a.client_id AND context_identifier = ?) AS consent_status,
       (SELECT associate_id FROM associates WHERE user_id = a.user_id AND context_identifier = ? AND deleted = 0) AS associate_id
     FROM access_tokens a WHERE a.token_hash = ?`,
  );
  // The user, the user's membership of a tenant and the app's consent there, in one statement: the rows
  // users.findById, users.membershipIn and consents.get read. A refresh grant reads them for its token's
  // user, app and tenant, the same three for every refresh of that user's tokens, so they are kept until
  // any of those tables is written; only the refresh token's own row is read every time.
  const partyRows = db.prepare<
    [number, string, string],
    {
      username: string | null;
      email: string;
      first_name: string;
      last_name: string;
      initials: string;
      has_password: number;
      associate_id: number | null;
      is_administrator: number;
      consent_status: Consent["status"] | null;
      approved_by_user_id: number | null;
      approved_at: string;
      system_token: string | null;
    }
  >(
    `SELECT u.username, u.email, u.first_name, u.last_name, u.initials, u.password IS NOT NULL AS has_password,
       m.associate_id, m.is_administrator,
       c.status AS consent_status, c.approved_by_user_id, c.approved_at, c.system_token
     FROM (SELECT ? AS user_id, ? AS client_id, ? AS context_identifier) k
     LEFT JOIN users u ON u.user_id = k.user_id
     LEFT JOIN associates m ON m.context_identifier = k.context_identifier AND m.user_id = k.user_id AND m.deleted = 0
     LEFT JOIN consents c ON c.client_id = k.client_id AND c.context_identifier = k.context_identifier`,
  );
  const loadParty = (userId: number, clientId: string, contextIdentifier: string): Omit<RefreshTokenParty, "grant"> => {
    const r = partyRows.get(userId, clientId, contextIdentifier)!;
    return {
      user:
        r.username === null
          ? undefined
          : { userId, username: r.username, email: r.email, firstName: r.first_name, lastName: r.last_name, initials: r.initials, hasPassword: r.has_password === 1 },
      membership: r.associate_id === null ? undefined : { contextIdentifier, associateId: r.associate_id, isAdministrator: r.is_administrator === 1 },
      consent:
        r.consent_status === null
          ? undefined
          : { clientId, contextIdentifier, status: r.consent_status, approvedByUserId: r.approved_by_user_id, approvedAt: r.approved_at, systemToken: r.system_token },
    };
  };
  const parties = watchedCacheOnFirstUse<Omit<RefreshTokenParty, "grant">>(db, ["users", "associates", "consents"], { keepMisses: false });
  const loadAccessTokenUse = (tokenHash: string, contextIdentifier: string): AccessTokenUse | undefined => {
    const r = accessUse.get(contextIdentifier, contextIdentifier, tokenHash);
    return (
      r && {
        clientId: r.client_id,
        userId: r.user_id,
        contextIdentifier: r.context_identifier,
        expiresAt: r.expires_at,
        revokedAt: r.revoked_at,
        consentStatus: r.consent_status,
        associateId: r.associate_id,
      }
    );
  };
  // Inserts of access tokens need not count: a new token is a key that was never kept (no misses are kept).
  const accessUses = watchedCacheOnFirstUse<AccessTokenUse | undefined>(db, ["consents", "associates"], { keepMisses: false, updatesAndDeletesOf: ["access_tokens"] });
  const revokeAccessByCode = db.prepare<[number, string]>("UPDATE access_tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL");
  const revokeRefreshByCode = db.prepare<[number, string]>("UPDATE refresh_tokens SET revoked_at = ? WHERE code_hash = ? AND revoked_at IS NULL");
  const revokeAccessByRefresh = db.prepare<[number, string]>("UPDATE access_tokens SET revoked_at = ? WHERE refresh_hash = ? AND revoked_at IS NULL");
  const revokeAccessByGrant = db.prepare<[number, string, string]>(
    "UPDATE access_tokens SET revoked_at = ? WHERE client_id = ? AND context_identifier = ? AND revoked_at IS NULL",
  );
  const revokeRefreshByGrant = db.prepare<[number, string, string]>(
    "UPDATE refresh_tokens SET revoked_at = ? WHERE client_id = ? AND context_identifier = ? AND revoked_at IS NULL",
  );
  const revokeAccess = db.prepare<[number, string]>("UPDATE access_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");
  const revokeRefresh = db.prepare<[number, string]>("UPDATE refresh_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL");

  const revokeCodeTx = db.transaction((codeHash: string, now: number) => {
    revokeAccessByCode.run(now, codeHash);
    revokeRefreshByCode.run(now, codeHash);
  });
  const revokeConsentTx = db.transaction((clientId: string, contextIdentifier: string, now: number) => {
    revokeAccessByGrant.run(now, clientId, contextIdentifier);
    revokeRefreshByGrant.run(now, clientId, contextIdentifier);
  });
  const revokeRefreshTx = db.transaction((tokenHash: string, now: number): boolean => {
    revokeAccessByRefresh.run(now, tokenHash);
    return revokeRefresh.run(now, tokenHash).changes === 1;
  });

  // A code exchange stores its refresh token and access token together, or neither.
  const saveTokensTx = db.transaction((accessToken: Omit<AccessGrant, "revokedAt">, refreshToken: Omit<TokenGrant, "revokedAt"> & { createdAt: number }) => {
    insertRefresh.run(refreshToken);
    insertAccess(accessToken);
  });

  const camel = <T>(row: Record<string, unknown> | undefined): T | undefined =>
    row && (Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v])) as T);

  return {
    saveCode: (c: Omit<CodeGrant, "usedAt">): void => {
      insertCode.run(Object.assign({}, c, { redirectUriGiven: c.redirectUriGiven ? 1 : 0 }));
      noteInsert();
    },
    findCode: (codeHash: string): CodeGrant | undefined => {
      const found = camel<Omit<CodeGrant, "redirectUriGiven"> & { redirectUriGiven: number }>(code.get(codeHash));
      return found && Object.assign(found, { redirectUriGiven: found.redirectUriGiven === 1 });
    },
    /** True for the first use only. */
    useCode: (codeHash: string, now: number) => useCode.run(now, codeHash).changes === 1,
    /** An access token, and the refresh token issued with it (code exchange only), in one transaction. */
    saveTokens: (accessToken: Omit<AccessGrant, "revokedAt">, refreshToken?: Omit<TokenGrant, "revokedAt"> & { createdAt: number }): void => {
      // One row alone is its own (autocommit) transaction: BEGIN and COMMIT around it would be two more statements.
      if (refreshToken) saveTokensTx(accessToken, refreshToken);
      else insertAccess(accessToken);
      noteInsert();
    },
    // Every refresh grant reads one: mapped by hand rather than through camel().
    findRefreshToken: (tokenHash: string): TokenGrant | undefined => {
      const r = refresh.get(tokenHash) as { client_id: string; user_id: number; context_identifier: string; code_hash: string | null; revoked_at: number | null } | undefined;
      return r && { tokenHash, clientId: r.client_id, userId: r.user_id, contextIdentifier: r.context_identifier, codeHash: r.code_hash, revokedAt: r.revoked_at };
    },
    /** A refresh token with its user, membership and consent as they are now (the token's row read each time). */
    findRefreshTokenParty: (tokenHash: string): RefreshTokenParty | undefined => {
      const r = refresh.get(tokenHash) as { client_id: string; user_id: number; context_identifier: string; code_hash: string | null; revoked_at: number | null } | undefined;
      if (!r) return undefined;
      const grant = { tokenHash, clientId: r.client_id, userId: r.user_id, contextIdentifier: r.context_identifier, codeHash: r.code_hash, revokedAt: r.revoked_at };
      const party = parties.get(`${grant.userId} ${grant.clientId} ${grant.contextIdentifier}`, () => loadParty(grant.userId, grant.clientId, grant.contextIdentifier));
      return { grant, ...party };
    },
    saveAccessToken: (t: Omit<AccessGrant, "revokedAt">): void => {
      insertAccess(t);
      noteInsert();
    },
    // The one lookup on every tenant API call: mapped by hand rather than through camel().
    findAccessToken: (tokenHash: string): AccessGrant | undefined => {
      const r = access.get(tokenHash) as { client_id: string; user_id: number; context_identifier: string; code_hash: string | null; refresh_hash: string | null; expires_at: number; revoked_at: number | null } | undefined;
      return r && { tokenHash, clientId: r.client_id, userId: r.user_id, contextIdentifier: r.context_identifier, codeHash: r.code_hash, refreshHash: r.refresh_hash, expiresAt: r.expires_at, revokedAt: r.revoked_at };
    },
    /**
     * The access token for a tenant API call to `contextIdentifier`, with that tenant's consent and membership.
     * An app makes many calls with one token, so the answer is kept until the token's row is updated or
     * deleted (revoked, purged, reset) or any consent or associate is written; a grant inserting another
     * token leaves it. The caller checks expiry against the clock on every call.
     */
    accessTokenUse: (tokenHash: string, contextIdentifier: string): AccessTokenUse | undefined => {
      return accessUses.get(`${contextIdentifier} ${tokenHash}`, () => loadAccessTokenUse(tokenHash, contextIdentifier));
    },
    /** Withdraws everything issued from a code (a replayed code is treated as stolen, RFC 6749 §4.1.2). */
    revokeIssuedFromCode: (codeHash: string, now: number): void => revokeCodeTx(codeHash, now),
    /** Withdraws every token of an app for a tenant (its consent was revoked). */
    revokeForConsent: (clientId: string, contextIdentifier: string, now: number): void => revokeConsentTx(clientId, contextIdentifier, now),
    revokeAccessToken: (tokenHash: string, now: number) => revokeAccess.run(now, tokenHash).changes === 1,
    /** A revoked refresh token takes the access tokens minted from it along. */
    revokeRefreshToken: (tokenHash: string, now: number): boolean => revokeRefreshTx(tokenHash, now),
  };
}
