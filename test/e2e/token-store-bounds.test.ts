import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { PURGE_EVERY_INSERTS } from "../../src/store/expiry-purge.js";

/**
 * The token store stays bounded (issue 12 item 3): every refresh grant adds an access token, and expired
 * codes, access tokens, interactions, SSO sessions and tickets are purged on the emulator's clock. Driven
 * over HTTP; the table sizes are read through the store's counts().
 */
const ADA = "ada.admin@example.com";
const TENANT = "Cust12345";
const DAY_SECONDS = 24 * 3600;

let e: StartedEmulator;
beforeAll(async () => {
  e = await startEmulator();
});
afterAll(() => e?.stop());

const web = () => e.apps.find((a) => a.kind === "web" && a.clientSecret)!;
const counts = () => e.emulator.context.store.counts();

async function refreshGrant(refreshToken: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await request(`${e.url}/login/common/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: web().clientId, client_secret: web().clientSecret! }).toString(),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
}

async function contactStatus(accessToken: string): Promise<number> {
  const res = await request(`${e.url}/${TENANT}/api/v1/Contact/2`, { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" } });
  await res.body.dump();
  return res.statusCode;
}

/** `n` refresh grants, a few at a time (as a busy app would send them); every one must succeed. */
async function refreshMany(refreshToken: string, n: number): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await refreshGrant(refreshToken);
      if (r.status !== 200) failures.push(r);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  expect(failures.slice(0, 3)).toEqual([]);
}

describe("the token store under a refresh loop", () => {
  it("holds the live access tokens plus a bounded number of expired ones across clock moves, and keeps the refresh token", async () => {
    const signedIn = await e.admin.signIn({ tenant: TENANT, user: ADA });
    const refreshToken = signedIn.refresh_token!;
    expect(refreshToken).toMatch(/^[A-Za-z0-9]{64}$/);
    const start = counts();
    expect(start).toMatchObject({ authorizationCodes: 1, accessTokens: 1, refreshTokens: 1, ssoSessions: 1 });

    const PER_ROUND = 1000;
    for (let round = 1; round <= 3; round++) {
      await refreshMany(refreshToken, PER_ROUND);
      // Everything issued this round is live (an hour): that is what the table holds, and no more than a
      // purge interval's worth of anything older.
      const during = counts().accessTokens;
      expect(during, `round ${round}`).toBeGreaterThanOrEqual(PER_ROUND);
      expect(during, `round ${round}`).toBeLessThan(PER_ROUND + 1 + PURGE_EVERY_INSERTS);
      // Three days later every one of them has expired, and the move itself purges them.
      await e.admin.clock.advance(3 * DAY_SECONDS);
      expect(counts(), `round ${round}`).toMatchObject({ accessTokens: 0, authorizationCodes: 0, ssoSessions: 0, interactions: 0, tickets: 0 });
    }
    // 3,000 refresh grants later: a refresh token never expires while its consent is Active.
    expect(counts().refreshTokens).toBe(1);
    const after = await refreshGrant(refreshToken);
    expect(after.status, JSON.stringify(after.json)).toBe(200);
    expect(await contactStatus(String(after.json.access_token))).toBe(200);
    await e.admin.clock.reset();
  });

  it("keeps what a two-hour move expired, so DELETE /clock brings the token back", async () => {
    const { access_token } = await e.admin.signIn({ tenant: TENANT, user: ADA });
    const before = counts();
    await e.admin.clock.advance(2 * 3600);
    try {
      expect(await contactStatus(access_token)).toBe(401);
      expect(counts()).toEqual(before);
    } finally {
      await e.admin.clock.reset();
    }
    expect(await contactStatus(access_token)).toBe(200);
  });

  it("a revoked refresh token is refused with invalid_grant, before and after the purge removes it", async () => {
    const { refresh_token } = await e.admin.signIn({ tenant: TENANT, user: ADA });
    const revoked = await request(`${e.url}/login/common/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: refresh_token!, token_type_hint: "refresh_token", client_id: web().clientId, client_secret: web().clientSecret! }).toString(),
    });
    await revoked.body.dump();
    expect(revoked.statusCode).toBe(200);
    const refreshTokens = counts().refreshTokens;
    expect((await refreshGrant(refresh_token!)).json.error).toBe("invalid_grant");
    e.emulator.context.store.purgeExpired();
    expect(counts().refreshTokens).toBe(refreshTokens - 1);
    expect((await refreshGrant(refresh_token!)).json.error).toBe("invalid_grant");
  });
});
