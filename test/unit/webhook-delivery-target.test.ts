import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { migrate } from "../../src/store/migrations.js";
import { webhookRepository } from "../../src/store/webhooks.js";
import { EMPTY_INPUT } from "../../src/tenant-api/webhooks/webhook-carrier.js";

/**
 * The dispatcher reads a hook's target, secret and headers for every attempt from a cache (issue #19): a
 * change to any of them, or the hook's deletion, must show at the very next attempt; the statistics every
 * attempt writes must not empty it.
 */
const db = openDatabase({ memory: true });
let hooks: ReturnType<typeof webhookRepository>;
const CTX = "Cust1";

beforeAll(() => {
  migrate(db);
  db.pragma("foreign_keys = OFF"); // one hook, no tenant row
  hooks = webhookRepository(db);
});
afterAll(() => db.close());

describe("a hook's delivery target", () => {
  it("is kept across attempts, and follows every change of target, secret and headers, and a delete", () => {
    const input = { ...EMPTY_INPUT, name: "T", events: ["contact.created"], targetUrl: "http://127.0.0.1:9/a", secret: "s1", headers: { "X-One": "1" } };
    const hook = hooks.create(CTX, "app", input, "2026-12-05T10:00:00", 1);
    const first = hooks.deliveryTarget(CTX, hook.webhookId)!;
    expect(first).toEqual({ webhookId: hook.webhookId, targetUrl: "http://127.0.0.1:9/a", secret: "s1", headers: { "X-One": "1" } });

    expect(hooks.countAttempt(CTX, hook.webhookId, { ok: true })).toBeUndefined();
    expect(hooks.countAttempt(CTX, hook.webhookId, { ok: false, error: "500" })).toMatchObject({ totalCalls: 2, totalErrors: 1, consecutiveErrors: 1 });
    expect(hooks.deliveryTarget(CTX, hook.webhookId)).toBe(first); // statistics do not count

    hooks.update(CTX, hook.webhookId, { ...input, targetUrl: "http://127.0.0.1:9/b" });
    expect(hooks.deliveryTarget(CTX, hook.webhookId)!.targetUrl).toBe("http://127.0.0.1:9/b");
    // One column at a time, as any writer might (the repository's update sets them all at once).
    const set = (column: string, value: string) => db.prepare(`UPDATE webhooks SET ${column} = ? WHERE context_identifier = ? AND webhook_id = ?`).run(value, CTX, hook.webhookId);
    set("secret", "s2");
    expect(hooks.deliveryTarget(CTX, hook.webhookId)!.secret).toBe("s2");
    set("headers", JSON.stringify({ "X-Two": "2" }));
    expect(hooks.deliveryTarget(CTX, hook.webhookId)!.headers).toEqual({ "X-Two": "2" });
    set("target_url", "http://127.0.0.1:9/c");
    expect(hooks.deliveryTarget(CTX, hook.webhookId)!.targetUrl).toBe("http://127.0.0.1:9/c");

    hooks.remove(CTX, hook.webhookId);
    expect(hooks.deliveryTarget(CTX, hook.webhookId)).toBeUndefined();
  });
});
