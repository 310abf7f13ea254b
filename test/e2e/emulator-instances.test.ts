import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type StartedEmulator } from "../../src/index.js";
import { RETENTION_DAYS } from "../../src/tenant-api/entities/soft-delete.js";

/**
 * Two emulators in one process (two test suites sharing a worker, or a suite comparing two seeds) keep
 * their state apart: here the soft-delete retention purge, which runs at most once a minute per tenant.
 */
const ADA = "ada.admin@example.com";
const TENANT = "Cust12345";
const CONTACT = 5;

let first: StartedEmulator;
let second: StartedEmulator;
beforeAll(async () => {
  [first, second] = await Promise.all([startEmulator(), startEmulator()]);
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

async function call(e: StartedEmulator, token: string, method: "GET" | "POST" | "DELETE", path: string): Promise<number> {
  const res = await request(`${e.url}/${TENANT}/api/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(method === "POST" ? { "content-type": "application/json" } : {}) },
    ...(method === "POST" ? { body: "null" } : {}),
  });
  await res.body.dump();
  return res.statusCode;
}

describe("two emulators in one process", () => {
  it("each purges its own soft-deleted contacts after the retention period; one's purge does not hold back the other's", async () => {
    for (const e of [first, second]) {
      const { access_token } = await e.admin.signIn({ tenant: TENANT, user: ADA });
      expect(await call(e, access_token, "DELETE", `Contact/${CONTACT}`)).toBe(204);
    }
    try {
      for (const e of [first, second]) await e.admin.clock.advance((RETENTION_DAYS + 1) * 86_400);
      // Within the same minute, the first request to each emulator's tenant purges that emulator's store:
      // Undelete then finds no contact to bring back.
      for (const e of [first, second]) {
        const { access_token } = await e.admin.signIn({ tenant: TENANT, user: ADA });
        expect(await call(e, access_token, "POST", `Agents/Contact/Undelete?contactId=${CONTACT}`), e.url).toBe(404);
      }
    } finally {
      await Promise.all([first.admin.clock.reset(), second.admin.clock.reset()]);
    }
  });
});
