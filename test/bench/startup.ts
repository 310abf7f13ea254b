// Startup benchmark: time-to-ready and idle RSS of the emulator CLI, against a bare hono server started
// the same way, so the numbers say what the emulator adds on top of node + hono on this machine, and against
// the peers (test/bench/peers.mjs) a developer might start instead. Issue #19 targets 1, 4 and 11 (ready).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fmt, makeTempDir, median, removeTempDir, rssMiB, startServer, type Section } from "./helpers.js";

/** Ready (data dir) and idle RSS at most this many times bare hono's (targets 1 and 4). */
const READY_RATIO = 1.25;
const RSS_RATIO = 1.25;
/** Ready at least this many times faster than the faster peer (target 11). */
const PEER_RATIO = 1.5;
const PEERS = ["oidc-provider", "oauth2-mock-server"];
/** Let start-up garbage be collected and lazy work settle before reading memory. */
const IDLE_WAIT_MS = 1000;
/** The first start of an empty data dir generates fake data and a key; give it far longer than 10 s. */
const WARM_UP_TIMEOUT_MS = 120_000;

interface Target {
  name: string;
  args: string[];
  readyMs: number[];
  rss: number[];
  error?: string;
}

export async function startupBench(): Promise<Section> {
  const starts = Number(process.env.BENCH_STARTS ?? 7);
  if (!Number.isInteger(starts) || starts < 1) throw new Error(`BENCH_STARTS must be a positive integer, got ${process.env.BENCH_STARTS}`);
  const cli = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
  if (!existsSync(cli)) throw new Error(`${cli} not found; run \`npm run build\` first`);
  const bare = fileURLToPath(new URL("./bare-hono.mjs", import.meta.url));
  const peers = fileURLToPath(new URL("./peers.mjs", import.meta.url));
  const load = loadavg()[0]!;

  // A private data and cache dir, so neither the user's ./.sod-emulator nor node_modules/.cache is
  // touched, and every run measures the same thing: a store, key and seed image made once, then reused.
  const root = makeTempDir("sod-bench-");
  const emulator = ["start", "--host", "127.0.0.1", "--port", "0", "--cache-dir", join(root, "cache")];
  const targets: Target[] = [
    { name: "bare hono", args: [bare, "0"], readyMs: [], rss: [] },
    { name: "emulator (data dir)", args: [cli, ...emulator, "--data", join(root, "data")], readyMs: [], rss: [] },
    { name: "emulator (in memory)", args: [cli, ...emulator, "--in-memory"], readyMs: [], rss: [] },
    ...PEERS.map((peer) => ({ name: peer, args: [peers, peer], readyMs: [], rss: [] })),
  ];
  const notes: string[] = [];
  try {
    // One unmeasured start each: creates the store, keys and seed image, and warms the OS file cache.
    for (const t of targets) {
      progress(`startup: warming up ${t.name}`);
      await attempt(t, async () => {
        const server = await startServer(t.args, WARM_UP_TIMEOUT_MS);
        await server.stop();
        if (t.name === "emulator (data dir)") notes.push(`First start with an empty data dir and cache: ${fmt(server.readyMs)} ms (not in the table).`);
      });
    }
    // Interleaved rounds, so drift in machine load spreads evenly over the three servers.
    for (let round = 1; round <= starts; round++) {
      progress(`startup: round ${round}/${starts}`);
      for (const t of targets) await attempt(t, () => measureOnce(t));
    }
  } finally {
    removeTempDir(root);
  }
  notes.push(`Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs.`);
  return report(targets, starts, notes);
}

/** One start: time to ready, then RSS after the idle wait, then a graceful stop. */
async function measureOnce(t: Target): Promise<void> {
  const server = await startServer(t.args);
  try {
    await sleep(IDLE_WAIT_MS);
    t.rss.push(rssMiB(server.pid));
    t.readyMs.push(server.readyMs);
  } finally {
    await server.stop();
  }
}

/** Runs fn unless the target already failed; a failure is kept for the table and ends that target's runs. */
async function attempt(t: Target, fn: () => Promise<void>): Promise<void> {
  if (t.error) return;
  try {
    await fn();
  } catch (err) {
    t.error = err instanceof Error ? err.message : String(err);
  }
}

function report(targets: Target[], starts: number, notes: string[]): Section {
  const [bare] = targets;
  const bareReady = bare?.error ? NaN : median(bare?.readyMs ?? []);
  const bareRss = bare?.error ? NaN : median(bare?.rss ?? []);
  const ratio = (value: number, base: number) => (Number.isFinite(value / base) ? `${(value / base).toFixed(2)}x` : "-");
  const rows = targets.map((t) => {
    if (t.error) return [t.name, `error: ${t.error}`];
    const ready = median(t.readyMs);
    const rss = median(t.rss);
    const range = `${fmt(Math.min(...t.readyMs))}-${fmt(Math.max(...t.readyMs))}`;
    return [t.name, fmt(ready), range, ratio(ready, bareReady), fmt(rss, 1), ratio(rss, bareRss)];
  });

  const checked = targets.find((t) => t.name === "emulator (data dir)")!;
  const ready = checked.error ? NaN : median(checked.readyMs);
  const rss = checked.error ? NaN : median(checked.rss);
  const peerReady = targets.filter((t) => PEERS.includes(t.name)).map((t) => ({ name: t.name, ms: t.error ? NaN : median(t.readyMs) }));
  const fastest = peerReady.reduce((a, b) => (b.ms < a.ms || !Number.isFinite(a.ms) ? b : a));
  const verdict = (name: string, value: number, base: number, limit: number, unit: string, decimals: number) =>
    `Target, ${name}: ${Number.isFinite(value / base) ? `${value / base <= limit ? "PASS" : "MISS"} (${fmt(value, decimals)} ${unit} vs ${fmt(base, decimals)} ${unit}: ${fmt(value / base, 2)}x)` : "MISS (not measured: a start failed)"}`;
  return {
    title: `Startup: ${starts} starts each, interleaved; ready = spawn until GET /health answers 200`,
    columns: ["server", "ready ms (median)", "min-max ms", "ready vs bare", "idle RSS MiB", "RSS vs bare"],
    rows,
    notes: [
      `Idle RSS: VmRSS ${IDLE_WAIT_MS / 1000} s after ready, median over the starts. Peers: test/bench/peers.mjs, one client each.`,
      ...notes,
      verdict(`1 ready (data dir) <= ${READY_RATIO}x bare hono`, ready, bareReady, READY_RATIO, "ms", 0),
      verdict(`4 idle RSS (data dir) <= ${RSS_RATIO}x bare hono`, rss, bareRss, RSS_RATIO, "MiB", 1),
      verdict(`11 ready (data dir) <= 1/${PEER_RATIO} of the faster peer (${fastest.name})`, ready, fastest.ms, 1 / PEER_RATIO, "ms", 0),
    ],
  };
}

/** Progress goes to stderr, so stdout holds only the report. */
function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
