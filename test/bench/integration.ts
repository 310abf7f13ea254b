// Test-suite integration: how fast `startEmulator()` is ready in a fresh process (in memory, default seed),
// and how fast `admin.tenants.create()` gives a test file its own tenant. Targets from the portal issue.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cleanEnv, fmt, median, type Section } from "./helpers.js";

const TARGET_READY_MS = 200;
const TARGET_TENANT_MS = 50;

/** One fresh node process: import the library, startEmulator(), measure, stop. Prints JSON. */
const PROBE = `
const t0 = performance.now();
const { startEmulator } = await import(process.argv[1]);
const emulator = await startEmulator();
const ready = performance.now() - t0;
const times = [];
if (process.argv[2] === "tenants") {
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    await emulator.admin.tenants.create({ profile: "standard" });
    times.push(performance.now() - t);
  }
}
await emulator.stop();
console.log(JSON.stringify({ ready, times }));
`;

export async function integrationBench(): Promise<Section> {
  const starts = Number(process.env.BENCH_STARTS ?? 7);
  const library = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
  const run = (mode: string) =>
    JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", PROBE, library, mode], { env: cleanEnv(), encoding: "utf8", timeout: 120_000 }).trim().split("\n").pop()!) as { ready: number; times: number[] };
  run("warm-up"); // fills the seed image cache, as the first run of a suite does
  const ready = Array.from({ length: starts }, () => run("ready").ready);
  const tenants = run("tenants").times;
  // The first creation of a profile generates its rows; the rest reuse them (what a suite's files see).
  const later = tenants.slice(1);
  const readyMedian = median(ready);
  const tenantMedian = median(later);
  return {
    title: `Test-suite integration: startEmulator() in ${starts} fresh processes; admin.tenants.create() 8 times in one`,
    columns: ["measure", "median ms", "min-max ms"],
    rows: [
      ["startEmulator() ready (import + in-memory store + listen)", fmt(readyMedian), `${fmt(Math.min(...ready))}-${fmt(Math.max(...ready))}`],
      ["first tenant of the profile (generates its rows)", fmt(tenants[0]!), ""],
      ["each later tenant (standard profile, 1,700 rows)", fmt(tenantMedian), `${fmt(Math.min(...later))}-${fmt(Math.max(...later))}`],
    ],
    notes: [
      `Target, startEmulator() ready <= ${TARGET_READY_MS} ms median: ${readyMedian <= TARGET_READY_MS ? "PASS" : "MISS"} (${fmt(readyMedian)} ms)`,
      `Target, a fresh tenant from the seed profile <= ${TARGET_TENANT_MS} ms: ${tenantMedian <= TARGET_TENANT_MS ? "PASS" : "MISS"} (${fmt(tenantMedian)} ms)`,
    ],
  };
}
