import { describe, expect, it } from "vitest";
import { ActivityRing } from "../../src/runtime/activity.js";

const call = (path: string, status = 200, clientId: string | null = "app") => ({ time: "2026-01-01T00:00:00.000Z", method: "GET", path, status, durationMs: 1, clientId, tenant: "Cust1", error: null });

describe("activity ring", () => {
  it("keeps the newest `capacity` calls, newest first, with ids counting on across the wrap", () => {
    const ring = new ActivityRing(3);
    for (let i = 1; i <= 7; i++) ring.add(call(`/p${i}`, i === 6 ? 500 : 200, i % 2 ? "a" : "b"));
    expect(ring.list().map((e) => [e.id, e.path])).toEqual([[7, "/p7"], [6, "/p6"], [5, "/p5"]]);
    expect(ring.list({ clientId: "a" }).map((e) => e.id)).toEqual([7, 5]);
    expect(ring.list({ limit: 1 }).map((e) => e.id)).toEqual([7]);
    expect(ring.summary()).toEqual([{ clientId: "a", calls: 2, failures: 0, medianMs: 1 }, { clientId: "b", calls: 1, failures: 1, medianMs: 1 }]);
    ring.clear();
    expect(ring.list()).toEqual([]);
    ring.add(call("/after"));
    expect(ring.list().map((e) => [e.id, e.path])).toEqual([[8, "/after"]]);
  });

  it("records nothing with no room, and fills up before it wraps", () => {
    const none = new ActivityRing(0);
    none.add(call("/x"));
    expect(none.list()).toEqual([]);
    const ring = new ActivityRing(1000);
    for (let i = 0; i < 999; i++) ring.add(call(`/p${i}`));
    expect(ring.list()).toHaveLength(999);
    expect(ring.list().at(-1)!.path).toBe("/p0");
  });
});
