import type { Clock } from "../shared/clock.js";
import type { Db } from "./database.js";

/**
 * How far ahead the clock may be moved and then brought back (`DELETE /_emulator/v1/clock`) without
 * losing what the move expired: a test that checks a token's expiry two hours ahead and resets the clock
 * gets the token back, valid. Beyond this, rows go once they are this long expired on the emulator's clock.
 */
export const REWIND_GRACE_MS = 24 * 3_600_000;

/**
 * A used authorization code outlives its expiry by this much, so a replay after the code lapsed is still
 * recognised as a replay and withdraws what the first exchange issued (RFC 6749 §4.1.2), rather than
 * being just an unknown code. A thief's replay comes within minutes; an hour is ample.
 */
export const USED_CODE_GRACE_MS = 3_600_000;

/** Inserts between two purges: the expired rows the tables hold beyond the live ones are at most this many. */
export const PURGE_EVERY_INSERTS = 500;

/** Row counts of SuperID's transient tables (what the purge keeps bounded). */
export interface TransientCounts {
  authorizationCodes: number;
  accessTokens: number;
  refreshTokens: number;
  interactions: number;
  ssoSessions: number;
  tickets: number;
}

/**
 * The instant before which expired rows may go. It follows the emulator's clock, except that a row still
 * valid in real time survives a forward move of up to REWIND_GRACE_MS, because resetting the clock
 * would make it valid again. With the clock at real time this is simply now.
 */
export function purgeHorizon(clockNow: number, realNow: number): number {
  return Math.min(clockNow, Math.max(realNow, clockNow - REWIND_GRACE_MS));
}

/**
 * Deletes expired SuperID state: authorization codes, access tokens, interactions (sign-in screens),
 * SSO sessions and system-user tickets past their expiry, and revoked refresh tokens. Unrevoked refresh
 * tokens never expire (they work while the consent is Active, identity.md §7) and are kept.
 *
 * It runs every PURGE_EVERY_INSERTS inserts into those tables, so the cost is a few indexed deletes now
 * and then on the write path rather than anything per request, and whenever the clock is moved.
 */
export function expiryPurge(db: Db, clock: Clock) {
  // Prepared on the first purge or count, not when the store opens: a start needs neither (issue #19).
  let statements: ReturnType<typeof prepare> | undefined;
  const prepare = () => {
    const deletes = [
      db.prepare("DELETE FROM authorization_codes WHERE expires_at <= @horizon AND (used_at IS NULL OR expires_at <= @horizon - @usedGrace)"),
      db.prepare("DELETE FROM access_tokens WHERE expires_at <= @horizon"),
      db.prepare("DELETE FROM refresh_tokens WHERE revoked_at <= @horizon"),
      db.prepare("DELETE FROM interactions WHERE expires_at <= @horizon"),
      db.prepare("DELETE FROM sso_sessions WHERE expires_at <= @horizon"),
      // A revoked ticket is refused and so never slides: it goes at its expiry like the rest.
      db.prepare("DELETE FROM tickets WHERE expires_at <= @horizon"),
    ];
    const purgeTx = db.transaction((horizon: number) => {
      for (const d of deletes) d.run({ horizon, usedGrace: USED_CODE_GRACE_MS });
    });
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck();
    const counts = {
      authorizationCodes: count("authorization_codes"),
      accessTokens: count("access_tokens"),
      refreshTokens: count("refresh_tokens"),
      interactions: count("interactions"),
      ssoSessions: count("sso_sessions"),
      tickets: count("tickets"),
    };
    return { purgeTx, counts };
  };

  let inserts = 0;
  const purge = (): void => {
    inserts = 0;
    (statements ??= prepare()).purgeTx(purgeHorizon(clock.now(), Date.now()));
  };
  // A move can come after the store is closed (a test moving a stopped emulator's clock): nothing to purge.
  const stopListening = clock.onMove(() => {
    if (db.open) purge();
  });

  return {
    purge,
    /** Called by the repositories after each insert into a purged table. */
    noteInsert: (): void => {
      if (++inserts >= PURGE_EVERY_INSERTS) purge();
    },
    counts: (): TransientCounts =>
      Object.fromEntries(Object.entries((statements ??= prepare()).counts).map(([name, statement]) => [name, statement.get() as number])) as unknown as TransientCounts,
    stop: stopListening,
  };
}
