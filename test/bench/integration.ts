// Test-suite integration: how fast `startEmulator()` is ready in a fresh process (in memory, default seed) against
// importing and starting a bare hono server in a fresh process (issue #19 target 2), how fast `emulator.reset()`
// puts everything back between tests, and how fast `admin.tenants.create()` gives a test file its own tenant (3).
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { cleanEnv, fmt, median, type Section } from "./helpers.js";

const READY_RATIO = 1.5;
const TARGET_RESET_MS = 10;
const TARGET_TENANT_MS = 50;
const RESETS = 20;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** One fresh node process: import the library, startEmulator(), measure, stop. Prints JSON. */
const PROBE = `
const t0 = performance.now();
const { startEmulator } = await import(process.argv[1]);
const emulator = await startEmulator();
const ready = performance.now() - t0;
// CPU time of this process (client and server both run here), which a busy machine does not inflate as it does wall time.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const times = [], timesCpu = [];
if (process.argv[2] === "tenants") {
  for (let i = 0; i < 8; i++) {
    const t = performance.now(), c = cpu();
    await emulator.admin.tenants.create({ profile: "standard" });
    times.push(performance.now() - t);
    timesCpu.push(cpu() - c);
  }
}
const resets = [], resetsCpu = [];
if (process.argv[2] === "reset") {
  for (let i = 0; i < ${RESETS}; i++) {
    await emulator.admin.tenants.create({ profile: "standard" }); // something for reset() to undo
    const t = performance.now(), c = cpu();
    await emulator.reset();
    resets.push(performance.now() - t);
    resetsCpu.push(cpu() - c);
  }
}
await emulator.stop();
console.log(JSON.stringify({ ready, times, timesCpu, resets, resetsCpu }));
`;

/** The reference: a fresh process importing hono and @hono/node-server and listening on a loopback port. */
const BARE_PROBE = `
const t0 = performance.now();
const [{ Hono }, { serve }] = await Promise.all([import("hono"), import("@hono/node-server")]);
const app = new Hono().get("/health", (c) => c.json({ status: "ok" }));
const server = await new Promise((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s)); });
const ready = performance.now() - t0;
server.close();
console.log(JSON.stringify({ ready, times: [], timesCpu: [], resets: [], resetsCpu: [] }));
`;

interface Probe {
  ready: number;
  times: number[];
  timesCpu: number[];
  resets: number[];
  resetsCpu: number[];
}

export async function integrationBench(): Promise<Section> {
  const starts = Number(process.env.BENCH_STARTS ?? 7);
  const load = loadavg()[0]!;
  const library = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
  const probe = (script: string, mode: string) =>
    JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script, library, mode], { cwd: ROOT, env: cleanEnv(), encoding: "utf8", timeout: 120_000 }).trim().split("\n").pop()!) as Probe;
  probe(PROBE, "warm-up"); // fills the seed image cache, as the first run of a suite does
  probe(BARE_PROBE, "warm-up");
  // Interleaved, so drift in machine load falls on both alike.
  const ready: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < starts; i++) {
    ready.push(probe(PROBE, "ready").ready);
    bare.push(probe(BARE_PROBE, "ready").ready);
  }
  const tenantProbe = probe(PROBE, "tenants");
  const resetProbe = probe(PROBE, "reset");
  const [tenants, resets] = [tenantProbe.times, resetProbe.resets];
  // The first creation of a profile generates its rows; the rest reuse them (what a suite's files see).
  const later = tenants.slice(1);
  const readyMedian = median(ready);
  const bareMedian = median(bare);
  const tenantMedian = median(later);
  const resetMedian = median(resets);
  const range = (xs: number[]) => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
  const pass = (ok: boolean) => (ok ? "PASS" : "MISS");
  return {
    title: `Test-suite integration: startEmulator() and bare hono in ${starts} fresh processes each; reset() ${RESETS} and admin.tenants.create() 8 times in one`,
    columns: ["measure", "median ms", "min-max ms", "median CPU ms"],
    rows: [
      ["bare hono: import hono + @hono/node-server, listen", fmt(bareMedian, 1), range(bare), ""],
      ["startEmulator() ready (import + in-memory store + listen)", fmt(readyMedian, 1), range(ready), ""],
      ["emulator.reset() after a tenant was added", fmt(resetMedian, 1), range(resets), fmt(median(resetProbe.resetsCpu), 1)],
      ["first tenant of the profile (generates its rows)", fmt(tenants[0]!, 1), "", fmt(tenantProbe.timesCpu[0]!, 1)],
      ["each later tenant (standard profile, ~10,000 rows: 7,875 user-defined values)", fmt(tenantMedian, 1), range(later), fmt(median(tenantProbe.timesCpu.slice(1)), 1)],
    ],
    notes: [
      "Ready: from the first line of the probe (before its import) until the server listens, in a fresh node process.",
      "CPU ms: the probe process's CPU time (client and server both run in it), which load on the machine inflates less than wall time.",
      `Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs.`,
      `Target, 2 startEmulator() import + ready <= ${READY_RATIO}x bare hono's: ${pass(readyMedian / bareMedian <= READY_RATIO)} (${fmt(readyMedian)} ms vs ${fmt(bareMedian)} ms: ${fmt(readyMedian / bareMedian, 2)}x)`,
      `Target, 3 reset() p50 <= ${TARGET_RESET_MS} ms: ${pass(resetMedian <= TARGET_RESET_MS)} (${fmt(resetMedian, 1)} ms)`,
      `Target, 3 a fresh tenant from the seed profile <= ${TARGET_TENANT_MS} ms: ${pass(tenantMedian <= TARGET_TENANT_MS)} (${fmt(tenantMedian, 1)} ms)`,
    ],
  };
}
