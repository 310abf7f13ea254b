// Webhook cost on the write path: Contact POST over REST with 5 webhooks subscribed to contact.created that
// deliver to a local receiver, against the same POST while those webhooks are Stopped (so none is Active and
// the write queues nothing), on the same emulator in interleaved rounds (load.ts): the hooks are switched
// Stopped or Active over REST before each turn, outside the measured time. The delivery work (queue rows in the
// write's transaction, the dispatcher's POSTs, signatures) runs in the emulator process, so it shows in the
// second row's throughput; the receiver is a separate process on the client's CPU.
import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { Pool } from "undici";
import { fmt, makeTempDir, removeTempDir, startServer, type ReadyServer, type Section } from "./helpers.js";
import { affinity, CONCURRENCY, interleavedLoops, loadPool, measureSeconds, pin, requestJob, ROUNDS, WARM_UP_SECONDS, type Throughput } from "./load.js";
import { codeFlowTokens, webAppCredentials } from "./refresh.js";

const TARGET_RATIO = 0.8;
const HOOKS = 5;
const FIRST_START_TIMEOUT_MS = 120_000;
const CLIENT_CPU = "0";
const SERVER_CPU = "1";
const TENANT = "Cust12345";
const POST_BODY = JSON.stringify({ Name: "Bench AS", Category: { Id: 1 } });
/** How long to wait after the loop for the dispatcher to deliver what the loop queued. */
const DRAIN_TIMEOUT_MS = 120_000;

/** A receiver answering 200 to every POST and counting them (GET /count); prints the ready line startServer waits for. */
const RECEIVER = `
const http = require("node:http");
let count = 0;
const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") return res.end("ok");
  if (req.method === "GET" && req.url === "/count") return res.end(String(count));
  req.resume();
  req.on("end", () => { count++; res.writeHead(200, { "content-type": "text/plain" }); res.end("ok"); });
});
server.keepAliveTimeout = 30000;
server.listen(0, "127.0.0.1", () => console.log("receiver ready at http://127.0.0.1:" + server.address().port));
`;

interface Row {
  name: string;
  result: Throughput | string;
  versus?: number;
}

export async function webhooksBench(): Promise<Section> {
  const seconds = measureSeconds();
  const load = loadavg()[0]!;
  const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} not found; run \`npm run build\` first`);
  const root = makeTempDir("sod-bench-webhooks-");
  const cache = join(root, "cache");
  const originalCpus = affinity(process.pid);
  const pinned = originalCpus !== undefined && cpus().length >= 2;
  const servers: ReadyServer[] = [];
  const pools: Pool[] = [];
  const rows: Row[] = [];
  const delivery = { queued: 0, duringLoop: 0, drainMs: NaN, drained: false };
  try {
    if (pinned) pin(process.pid, CLIENT_CPU);
    const receiver = await startServer(["-e", RECEIVER]);
    servers.push(receiver);
    if (pinned) pin(receiver.pid, CLIENT_CPU);
    const e = await startServer([cli, "start", "--in-memory", "--host", "127.0.0.1", "--port", "0", "--cache-dir", cache], FIRST_START_TIMEOUT_MS);
    servers.push(e);
    if (pinned) pin(e.pid, SERVER_CPU);
    const pool = loadPool(e.origin);
    pools.push(pool);
    const tokens = await codeFlowTokens(e.origin, webAppCredentials(cli, cache));
    if (typeof tokens.access_token !== "string") throw new Error("the code exchange returned no access_token");
    const json = { authorization: `Bearer ${tokens.access_token}`, accept: "application/json", "content-type": "application/json" };
    const createPath = `/${TENANT}/api/v1/Contact`;
    const job = requestJob(pool, { path: createPath, method: "POST", body: POST_BODY, headers: json });
    const count = async () => Number(await (await fetch(`${receiver.origin}/count`)).text());

    const hooks: Record<string, unknown>[] = [];
    for (let i = 1; i <= HOOKS; i++) {
      const res = await fetch(`${e.origin}/${TENANT}/api/v1/Webhook`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ Name: `Bench ${i}`, Events: ["contact.created"], TargetUrl: `${receiver.origin}/hook/${i}`, Secret: `secret-${i}`, State: "Stopped" }),
      });
      if (res.status !== 200) throw new Error(`creating webhook ${i}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      hooks.push((await res.json()) as Record<string, unknown>);
    }
    /** Every bench webhook Stopped or Active (a PUT of its own entity with State changed). */
    const switchHooks = async (state: "Stopped" | "Active") => {
      for (const hook of hooks) {
        const res = await fetch(`${e.origin}/${TENANT}/api/v1/Webhook/${String(hook.WebhookId)}`, { method: "PUT", headers: json, body: JSON.stringify({ ...hook, State: state }) });
        if (res.status !== 200) throw new Error(`switching webhook ${String(hook.WebhookId)} ${state}: ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
    };
    const before = await count();
    progress(`webhooks: Contact POST, ${HOOKS} webhooks Stopped | Active`);
    const [withoutHooks, withHooks] = await interleavedLoops(
      [
        { job, serverPid: e.pid, before: () => switchHooks("Stopped") },
        { job, serverPid: e.pid, before: () => switchHooks("Active") },
      ],
      seconds,
    );
    rows.push({ name: `emulator POST ${createPath}, ${HOOKS} webhooks Stopped`, result: withoutHooks! });
    rows.push({ name: `emulator POST ${createPath}, ${HOOKS} webhooks to a local receiver`, result: withHooks!, versus: 0 });
    if (typeof withHooks === "object") {
      await switchHooks("Active"); // the backlog drains from Active hooks only
      // Warm-up requests queue deliveries too; every created contact raises one delivery per hook.
      delivery.duringLoop = (await count()) - before;
      const started = Date.now();
      for (;;) {
        const { pending } = (await (await fetch(`${e.origin}/_emulator/v1/webhooks/dispatcher`)).json()) as { pending: number };
        delivery.queued = (await count()) - before + pending;
        delivery.drained = pending === 0;
        if (delivery.drained || Date.now() - started > DRAIN_TIMEOUT_MS) break;
        await sleep(200);
      }
      delivery.drainMs = Date.now() - started;
    }
  } catch (err) {
    rows.push({ name: "setup", result: message(err) });
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    await Promise.all(servers.map((s) => s.stop()));
    if (pinned) pin(process.pid, originalCpus!);
    removeTempDir(root);
  }
  return report(rows, seconds, pinned, load, delivery);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function report(rows: Row[], seconds: number, pinned: boolean, load: number, delivery: { queued: number; duringLoop: number; drainMs: number; drained: boolean }): Section {
  // The median of the per-round ratios, as in the other interleaved sections (throughput-report.ts).
  const ratio = (row: Row) => {
    const base = row.versus === undefined ? undefined : rows[row.versus]?.result;
    if (typeof row.result === "string" || typeof base !== "object") return NaN;
    const [mine, theirs] = [row.result.rounds, base.rounds];
    if (!mine || !theirs || mine.length !== theirs.length) return row.result.perSecond / base.perSecond;
    const per = mine.map((r, i) => r.perSecond / theirs[i]!.perSecond).sort((a, b) => a - b);
    const half = per.length >> 1;
    return per.length % 2 ? per[half]! : (per[half - 1]! + per[half]!) / 2;
  };
  const table = rows.map((row) => {
    const r = row.result;
    if (typeof r === "string") return [row.name, `error: ${r}`];
    return [row.name, fmt(r.perSecond), Number.isFinite(ratio(row)) ? `${fmt(ratio(row) * 100)}%` : "", fmt(r.serverCores, 2), fmt(r.serverMicros ?? (r.serverCores / r.perSecond) * 1e6), fmt(r.clientCores, 2), String(r.failed)];
  });
  const withHooks = rows.find((r) => r.versus !== undefined);
  const r = withHooks ? ratio(withHooks) : NaN;
  return {
    title: `Webhooks on the write path: closed loop, ${CONCURRENCY} in flight, ${seconds} s per row in ${ROUNDS} interleaved rounds (${WARM_UP_SECONDS} s warm-up first)`,
    columns: ["workload", "per second", "vs no webhooks", "server cores", "server CPU µs/req", "client cores", "failed"],
    rows: table,
    notes: [
      `Both rows: ada.admin@example.com's access token for ${TENANT}, POST of ${POST_BODY} on the same emulator, taking turns;`,
      `the ${HOOKS} webhooks are switched Stopped (first row: none Active, nothing queued) or Active (second row) before each turn.`,
      "The ratio is the median of the per-round ratios.",
      `Second row: ${HOOKS} webhooks (each with a Secret, so every POST is signed) subscribed to contact.created, targeting a`,
      "local receiver process that answers 200 at once; the emulator queues 5 deliveries per contact in the write's transaction",
      "and its dispatcher POSTs them while the loop runs (fire and forget: the API answer never waits for them).",
      Number.isFinite(delivery.drainMs)
        ? `Deliveries: ${delivery.duringLoop} reached the receiver while the loop ran; ${delivery.queued} in all, the rest ${delivery.drained ? `drained ${fmt(delivery.drainMs / 1000, 1)} s after it` : "still pending after the drain timeout"}.`
        : "Deliveries: not measured (a row failed).",
      pinned
        ? `Fairness: with taskset, the emulator runs on CPU ${SERVER_CPU} alone; this process and the receiver on CPU ${CLIENT_CPU}.`
        : "Fairness: taskset or a second CPU is missing, so client, receiver and emulator share the CPUs.",
      `Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs. On a shared machine the numbers are noisy.`,
      `Target, 12 webhooks: ${Number.isFinite(r) ? `${r >= TARGET_RATIO ? "PASS" : "MISS"} (${fmt(r * 100)}% of Contact POST without webhooks; target >= ${TARGET_RATIO * 100}%)` : "MISS (error)"}`,
    ],
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}
