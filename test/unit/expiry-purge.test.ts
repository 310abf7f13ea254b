import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SEED_FILE } from "../../src/config/package-root.js";
import { generateSeedData } from "../../src/seed/generate.js";
import type { SeedData } from "../../src/seed/seed-data.js";
import { loadSeedData } from "../../src/seed/load.js";
import { readSeedFile } from "../../src/seed/seed-file.js";
import { createClock, type Clock } from "../../src/shared/clock.js";
import { openDatabase } from "../../src/store/database.js";
import { PURGE_EVERY_INSERTS, purgeHorizon, REWIND_GRACE_MS, USED_CODE_GRACE_MS } from "../../src/store/expiry-purge.js";
import { migrate } from "../../src/store/migrations.js";
import { createStore, type Store } from "../../src/store/store.js";

/**
 * The purge of expired SuperID state (store/expiry-purge.ts), on a seeded store: what goes, what stays,
 * and when it runs. The HTTP-level check (thousands of refresh grants) is test/e2e/token-store-bounds.test.ts.
 */
const HOUR = 3_600_000;
const TENANT = "Cust12345";
let seed: SeedData;
beforeAll(() => {
  seed = generateSeedData(readSeedFile(DEFAULT_SEED_FILE).seed);
});

function seededStore(clock: Clock): Store {
  const db = openDatabase({ memory: true });
  migrate(db);
  loadSeedData(db, seed);
  return createStore(db, clock);
}

/** A clock that only says what `at` says: moves made through it would be a store's trigger, so it has none. */
function standingClock(at: () => number): Clock {
  return { now: at, nowSeconds: () => Math.floor(at() / 1000), advance: () => 0, reset: () => undefined, onMove: () => () => undefined };
}

const hash = () => randomBytes(32).toString("hex");

function fixture(store: Store) {
  const clientId = store.apps.list()[0]!.clientId;
  const userId = store.users.findByUsername("ada.admin@example.com")!.userId;
  const grant = { clientId, userId, contextIdentifier: TENANT };
  return {
    accessToken: (expiresAt: number) => store.grants.saveAccessToken({ ...grant, tokenHash: hash(), codeHash: null, refreshHash: null, expiresAt }),
    code: (expiresAt: number) => {
      const codeHash = hash();
      store.grants.saveCode({ ...grant, codeHash, redirectUri: "http://localhost:3000/callback", redirectUriGiven: true, codeChallenge: null, codeChallengeMethod: null, nonce: null, expiresAt });
      return codeHash;
    },
    refreshToken: (createdAt: number) => {
      const tokenHash = hash();
      store.grants.saveTokens({ ...grant, tokenHash: hash(), codeHash: null, refreshHash: tokenHash, expiresAt: createdAt + HOUR }, { ...grant, tokenHash, codeHash: null, createdAt });
      return tokenHash;
    },
    interaction: (expiresAt: number) =>
      store.interactions.create({ interactionId: hash(), clientId, request: {}, userId: null, contextIdentifier: null, csrfToken: hash(), expiresAt }),
    ssoSession: (expiresAt: number) => store.ssoSessions.create(hash(), userId, expiresAt),
    ticket: (expiresAt: number) => store.tickets.save(hash(), clientId, TENANT, expiresAt - 6 * HOUR, expiresAt),
  };
}

describe("purgeHorizon", () => {
  const real = Date.parse("2030-01-01T00:00:00Z");
  it("is now while the clock runs at real time, or behind it", () => {
    expect(purgeHorizon(real, real)).toBe(real);
    expect(purgeHorizon(real - 5 * HOUR, real)).toBe(real - 5 * HOUR);
  });
  it("stays at real time while the clock is moved ahead by up to a day, then follows it a day behind", () => {
    expect(REWIND_GRACE_MS).toBe(24 * HOUR);
    expect(purgeHorizon(real + 2 * HOUR, real)).toBe(real);
    expect(purgeHorizon(real + 24 * HOUR, real)).toBe(real);
    expect(purgeHorizon(real + 72 * HOUR, real)).toBe(real + 48 * HOUR);
  });
});

describe("the expiry purge", () => {
  it("removes what expired and keeps what is live, unrevoked refresh tokens, and a used code for an hour past its expiry", () => {
    const now = Date.now();
    const store = seededStore(standingClock(() => now));
    const f = fixture(store);
    const liveAccess = () => f.accessToken(now + HOUR);
    liveAccess();
    f.accessToken(now - 1);
    const usedRecently = f.code(now - USED_CODE_GRACE_MS / 2);
    const usedLongAgo = f.code(now - USED_CODE_GRACE_MS - 1);
    expect(store.grants.useCode(usedRecently, now - USED_CODE_GRACE_MS)).toBe(true);
    expect(store.grants.useCode(usedLongAgo, now - 2 * USED_CODE_GRACE_MS)).toBe(true);
    const unusedExpired = f.code(now - 1);
    const unusedLive = f.code(now + 600_000);
    // A refresh token a year old is as good as new while its consent is Active; a revoked one may go.
    const oldRefresh = f.refreshToken(now - 365 * 24 * HOUR);
    const revokedRefresh = f.refreshToken(now - HOUR);
    expect(store.grants.revokeRefreshToken(revokedRefresh, now - 1)).toBe(true);
    f.interaction(now + HOUR);
    f.interaction(now - 1);
    f.ssoSession(now + 8 * HOUR);
    f.ssoSession(now - 1);
    f.ticket(now + 6 * HOUR);
    f.ticket(now - 1);
    const before = store.counts();
    expect(before).toEqual({ authorizationCodes: 4, accessTokens: 4, refreshTokens: 2, interactions: 2, ssoSessions: 2, tickets: 2 });

    store.purgeExpired();

    // Of the access tokens only the live one stays: those minted with the two refresh tokens have expired.
    expect(store.counts()).toEqual({ authorizationCodes: 2, accessTokens: 1, refreshTokens: 1, interactions: 1, ssoSessions: 1, tickets: 1 });
    expect(store.grants.findCode(usedRecently)?.usedAt).not.toBeNull();
    expect(store.grants.findCode(unusedLive)).toBeDefined();
    expect(store.grants.findCode(usedLongAgo)).toBeUndefined();
    expect(store.grants.findCode(unusedExpired)).toBeUndefined();
    expect(store.grants.findRefreshToken(oldRefresh)?.revokedAt).toBeNull();
    expect(store.grants.findRefreshToken(revokedRefresh)).toBeUndefined();
    store.close();
  });

  it(`runs on its own every ${PURGE_EVERY_INSERTS} inserts, so expired rows stay under that many`, () => {
    const now = Date.now();
    const store = seededStore(standingClock(() => now));
    const f = fixture(store);
    for (let i = 1; i < PURGE_EVERY_INSERTS; i++) f.accessToken(now - 1);
    expect(store.counts().accessTokens).toBe(PURGE_EVERY_INSERTS - 1);
    // Any purged table's insert counts: the 500th is an SSO session, and the purge takes the tokens.
    f.ssoSession(now + HOUR);
    expect(store.counts()).toMatchObject({ accessTokens: 0, ssoSessions: 1 });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < PURGE_EVERY_INSERTS; i++) {
        if (i % 10 === 0) f.accessToken(now + HOUR);
        else f.accessToken(now - 1);
      }
      const { accessTokens } = store.counts();
      const live = (round + 1) * (PURGE_EVERY_INSERTS / 10);
      expect(accessTokens).toBeGreaterThanOrEqual(live);
      expect(accessTokens).toBeLessThan(live + PURGE_EVERY_INSERTS);
    }
    store.close();
  });

  it("runs when the clock moves: a move of two hours keeps what DELETE /clock would bring back, a move of three days does not", () => {
    const clock = createClock();
    const store = seededStore(clock);
    const f = fixture(store);
    const now = clock.now();
    for (let i = 0; i < 20; i++) f.accessToken(now + HOUR);
    f.ssoSession(now + 8 * HOUR);
    clock.advance(2 * HOUR);
    expect(store.counts()).toMatchObject({ accessTokens: 20, ssoSessions: 1 });
    clock.reset();
    expect(store.counts()).toMatchObject({ accessTokens: 20, ssoSessions: 1 });
    clock.advance(72 * HOUR);
    expect(store.counts()).toMatchObject({ accessTokens: 0, ssoSessions: 0 });
    store.close();
    // A stopped store no longer listens to the clock.
    expect(() => clock.reset()).not.toThrow();
  });
});
