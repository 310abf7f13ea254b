import { Hono } from "hono";
import type { EmulatorContext } from "../../runtime/emulator-context.js";
import { z } from "zod";
import { adminError, adminErrorResponse, member, validBody } from "./json.js";
import { isRealDateTime } from "../../shared/calendar.js";
import { readSnapshotUpload } from "./snapshot-upload.js";

/**
 * What only an emulator offers a test suite: reset to the seed, snapshot and restore, a movable clock,
 * injected faults, and the recorded requests.
 */
/** Snapshots are whole databases; the 100,000-contact benchmark tenant makes one of some 100 MB. */
const SNAPSHOT_LIMIT = 1024 * 1024 * 1024;

/** A group containing a quantifier or alternation, itself quantified. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*}|])(?:[^()\\]|\\.)*\)\s*[+*{]/;

/** An ISO 8601 date-time with a zone (`Z` or an offset), on a real calendar day; NaN otherwise. */
function isoInstant(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0));
  if (!isRealDateTime(y!, mo!, d!, h, mi, s)) return NaN;
  return Date.parse(text.trim());
}

/** `POST /_emulator/v1/clock`: move it by seconds, or set it to an instant; the ranges are checked together below. */
const clockBody = z.object({ advanceSeconds: member.number(), now: member.string() });

/** `POST /_emulator/v1/faults`: which requests (all when nothing is named), and what they get. */
const faultBody = z.object({
  status: member.number(),
  latencyMs: member.number(),
  times: member.number(),
  path: member.string(),
  tenant: member.string(),
  method: member.string(),
  /** Any JSON, answered as it is. */
  body: z.unknown().optional(),
});

/** How far the clock may be moved or set: far enough for any expiry test, near enough for Date. */
const CLOCK_RANGE_SECONDS = 100 * 365 * 86_400;

export function emulatorAdminRoutes(ctx: EmulatorContext) {
  const app = new Hono();
  app.onError((err, c) => adminErrorResponse(c, err));
  const v1 = "/_emulator/v1";

  app.post(`${v1}/reset`, async (c) => {
    const { resetEmulator } = await import("../services/store-admin.js");
    await resetEmulator(ctx);
    return c.json({ reset: true });
  });

  app.get(`${v1}/snapshot`, async (c) => {
    const { snapshot } = await import("../services/store-admin.js");
    return c.body(new Uint8Array(snapshot(ctx)), 200, { "content-type": "application/vnd.sqlite3", "content-disposition": 'attachment; filename="sod-emulator-snapshot.db"' });
  });

  app.post(`${v1}/restore`, async (c) => {
    // Checked while it streams (size and SQLite header): a wrong body is refused before the rest arrives.
    const bytes = await readSnapshotUpload(c.req.raw, SNAPSHOT_LIMIT);
    const { restore, SnapshotError } = await import("../services/store-admin.js");
    try {
      restore(ctx, bytes);
    } catch (err) {
      if (err instanceof SnapshotError) throw adminError("invalid_request", `body: ${err.message}`);
      throw err;
    }
    return c.json({ restored: true });
  });

  const clock = () => ({ now: new Date(ctx.clock.now()).toISOString(), offsetMs: ctx.clock.now() - Date.now() });
  app.get(`${v1}/clock`, (c) => c.json(clock()));
  app.post(`${v1}/clock`, validBody(clockBody), async (c) => {
    const { advanceSeconds: advance, now: set } = c.req.valid("json");
    if (advance === undefined && set === undefined) throw adminError("invalid_request", "advanceSeconds or now: one is required");
    if (advance !== undefined && Math.abs(advance) > CLOCK_RANGE_SECONDS) throw adminError("invalid_request", `advanceSeconds: expected at most ${CLOCK_RANGE_SECONDS} either way (100 years)`);
    // Checked as a whole before anything moves, and against where the clock would end up: many small moves
    // must not walk it out of the range Date can show.
    let target = ctx.clock.now();
    if (set !== undefined) {
      target = isoInstant(set);
      if (Number.isNaN(target)) throw adminError("invalid_request", "now: expected an ISO 8601 date-time with a zone, such as 2030-01-31T12:00:00Z");
    }
    if (advance !== undefined) target += advance * 1000;
    if (Math.abs(target - Date.now()) > CLOCK_RANGE_SECONDS * 1000) throw adminError("invalid_request", `${set !== undefined ? "now" : "advanceSeconds"}: the clock would be more than 100 years from today`);
    ctx.clock.advance(target - ctx.clock.now());
    return c.json(clock());
  });
  app.delete(`${v1}/clock`, (c) => {
    ctx.clock.reset();
    return c.json(clock());
  });

  app.get(`${v1}/faults`, (c) => c.json(ctx.faults.rules));
  app.post(`${v1}/faults`, validBody(faultBody), async (c) => {
    const body = c.req.valid("json");
    const { status, times } = body;
    const latencyMs = body.latencyMs ?? 0;
    if (status !== undefined && (!Number.isInteger(status) || status < 200 || status > 599)) throw adminError("invalid_request", "status: expected an HTTP status 200-599");
    if (latencyMs < 0 || latencyMs > 60_000) throw adminError("invalid_request", "latencyMs: expected 0-60000");
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw adminError("invalid_request", "times: expected a whole number of at least 1");
    if (status === undefined && latencyMs === 0) throw adminError("invalid_request", "status or latencyMs: one is required");
    const path = body.path;
    const pattern = path ? /^\/(.+)\/$/.exec(path)?.[1] : undefined;
    if (pattern !== undefined) {
      try {
        new RegExp(pattern, "i");
      } catch {
        throw adminError("invalid_request", "path: not a valid regular expression");
      }
      // A quantified group that itself repeats, like (a|aa)+ or (a+)*, can take exponential time on a crafted
      // path, and every request is matched against it: such patterns are refused.
      if (NESTED_QUANTIFIER.test(pattern)) throw adminError("invalid_request", "path: nested repetition like (a+)+ can hang every request; simplify the pattern");
    }
    const rule = ctx.faults.add({
      tenant: body.tenant ?? null,
      path: path ?? null,
      method: body.method ?? null,
      status: status ?? null,
      body: body.body ?? null,
      latencyMs,
      remaining: times ?? null,
    });
    return c.json(rule, 201);
  });
  app.delete(`${v1}/faults`, (c) => {
    ctx.faults.clear();
    return c.body(null, 204);
  });

  app.get(`${v1}/requests`, (c) =>
    c.json({ summary: ctx.activity.summary(), requests: ctx.activity.list({ clientId: c.req.query("clientId"), tenant: c.req.query("tenant"), limit: Number(c.req.query("limit")) || undefined }) }),
  );
  return app;
}
