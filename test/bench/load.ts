// Throughput tools for the benchmark sections: a closed-loop HTTP client (N requests always in flight on
// keep-alive connections), a closed-loop runner for in-process async work, CPU accounting from /proc, and
// CPU pinning with taskset, so a server and the client measuring it do not compete for the same core.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { Pool } from "undici";
import { RawPool } from "./raw-client.js";

/** Requests (or jobs) in flight at any moment. */
export const CONCURRENCY = 32;
export const WARM_UP_SECONDS = 0.5;
/** Upper bound on jobs per run, so a broken endpoint that answers instantly cannot spin for long. */
const MAX_JOBS = 5_000_000;
/** Give up after this many thrown requests (refused or reset connections): the server is gone. */
const MAX_ERRORS = 100;

export function measureSeconds(): number {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  if (!(seconds > 0 && seconds <= 600)) throw new Error(`BENCH_SECONDS must be a number of seconds in (0, 600], got ${process.env.BENCH_SECONDS}`);
  return seconds;
}

export interface Throughput {
  /** Jobs that succeeded (HTTP 200) per second of measurement. */
  perSecond: number;
  /** Server CPU µs per answered request, when it is not serverCores / perSecond (a median over rounds). */
  serverMicros?: number;
  /** The rounds this result is the median of (interleavedLoops), in order. */
  rounds?: Throughput[];
  ok: number;
  failed: number;
  /** CPU time of the server process / wall time; 1 = one core busy all the time. */
  serverCores: number;
  /** The same for this process (the client, or the raw loop). */
  clientCores: number;
}

/**
 * Keeps CONCURRENCY calls of `job` running for `seconds`; `job` resolves true on success. Runs WARM_UP_SECONDS
 * first (JIT, connection set-up, lazy init) without counting it.
 */
export async function closedLoop(job: () => Promise<boolean>, seconds: number, serverPid?: number, warmUpSeconds = WARM_UP_SECONDS): Promise<Throughput> {
  await run(job, warmUpSeconds);
  const serverBefore = serverPid ? cpuSeconds(serverPid) : 0;
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const { ok, failed } = await run(job, seconds);
  const wall = (performance.now() - started) / 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    perSecond: ok / wall,
    ok,
    failed,
    serverCores: serverPid ? (cpuSeconds(serverPid) - serverBefore) / wall : NaN,
    clientCores: (client.user + client.system) / 1e6 / wall,
  };
}

/** Rounds of interleavedLoops: each row gets `seconds` in this many slices. */
export const ROUNDS = 3;
/** Warm-up before each later round: connections and caches again, after the other rows' servers ran. */
const REWARM_SECONDS = 0.1;

export interface LoopSpec {
  job: () => Promise<boolean>;
  serverPid?: number;
  /** Run before each of the row's turns, outside its measured time (e.g. switching webhooks on or off). */
  before?: () => Promise<void>;
}

/**
 * The rows of one group (a reference and the servers compared with it) measured in turns: ROUNDS rounds,
 * each running every row for seconds / ROUNDS, so a stretch of outside load (another VM on the host, a
 * build) falls on every row of the group instead of on whichever row it coincided with. Each round starts
 * one row further on, so no row always follows the same one (on the benchmark VM the row after another
 * server's could run a few per cent slower). Each row's figures are the medians of its rounds, and ratios
 * are taken round by round (throughput-report.ts). A row that throws gives its error message; the others
 * still run.
 */
export async function interleavedLoops(specs: LoopSpec[], seconds: number, rounds = ROUNDS): Promise<(Throughput | string)[]> {
  const results: (Throughput[] | string)[] = specs.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let turn = 0; turn < specs.length; turn++) {
      const i = (turn + round) % specs.length;
      const spec = specs[i]!;
      const done = results[i]!;
      if (typeof done === "string") continue;
      try {
        await spec.before?.();
        done.push(await closedLoop(spec.job, seconds / rounds, spec.serverPid, round === 0 ? WARM_UP_SECONDS : REWARM_SECONDS));
      } catch (err) {
        results[i] = err instanceof Error ? err.message : String(err);
      }
    }
  }
  return results.map((r) => (typeof r === "string" ? r : medianOfRounds(r)));
}

function medianOfRounds(rounds: Throughput[]): Throughput {
  const mid = (pick: (t: Throughput) => number) => {
    const sorted = rounds.map(pick).sort((a, b) => a - b);
    const half = sorted.length >> 1;
    return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
  };
  return {
    perSecond: mid((t) => t.perSecond),
    serverMicros: mid((t) => (t.serverCores / t.perSecond) * 1e6),
    ok: rounds.reduce((n, t) => n + t.ok, 0),
    failed: rounds.reduce((n, t) => n + t.failed, 0),
    serverCores: mid((t) => t.serverCores),
    clientCores: mid((t) => t.clientCores),
    rounds,
  };
}

async function run(job: () => Promise<boolean>, seconds: number): Promise<{ ok: number; failed: number }> {
  const deadline = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < deadline && ok + failed < MAX_JOBS) {
      try {
        if (await job()) ok++;
        else failed++;
      } catch (err) {
        failed++;
        if (++errors >= MAX_ERRORS) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { ok, failed };
}

/** The lean client that carries the measured load for each pool loadPool made (see raw-client.ts for why). */
const loadClients = new WeakMap<Pool, RawPool>();

/**
 * An undici Pool for the sections' set-up requests (reading documents, signing in). requestJob sends the
 * measured load for it through a RawPool to the same origin: one keep-alive connection per in-flight
 * request, no pipelining, like a busy app's HTTP client, but cheap enough that the client is not what is
 * measured. Closing the pool closes both.
 */
export function loadPool(origin: string): Pool {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1, keepAliveTimeout: 30_000 });
  const raw = new RawPool(origin);
  loadClients.set(pool, raw);
  // undici's close() without a callback calls this.close(callback) again, so the wrapper passes every
  // argument through (an async wrapper that dropped them recursed forever, without yielding).
  const close = pool.close.bind(pool) as (...args: unknown[]) => unknown;
  pool.close = ((...args: unknown[]) => {
    raw.close();
    return close(...args);
  }) as Pool["close"];
  return pool;
}

/**
 * A job for closedLoop: one request, body read to the end (so the connection is reused), 200 = success.
 * `path` may be a function, called once per request (e.g. to cycle through ids). A body is sent as a form
 * unless `headers` name another content-type.
 */
export function requestJob(
  pool: Pool,
  options: { path: string | (() => string); method?: "GET" | "POST"; body?: string; headers?: Record<string, string> },
): () => Promise<boolean> {
  const headers = { ...(options.body ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...options.headers };
  const path = typeof options.path === "string" ? () => options.path as string : options.path;
  const raw = loadClients.get(pool);
  if (!raw) throw new Error("requestJob needs a pool made by loadPool()");
  return async () => {
    const res = await raw.request({ path: path(), method: options.method ?? "GET", headers, body: options.body });
    return res.statusCode === 200;
  };
}

/** utime + stime of a process (all its threads) in seconds, from /proc/PID/stat. */
function cpuSeconds(pid: number): number {
  // Fields after the ")" that ends the command name; utime and stime are fields 14 and 15 overall.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").at(-1)!.trim().split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; USER_HZ is 100 on Linux
}

/** The CPU list a process may run on ("0-1"), or undefined when taskset is missing. */
export function affinity(pid: number): string | undefined {
  try {
    return /list:\s*(\S+)/.exec(execFileSync("taskset", ["-c", "-p", String(pid)], { encoding: "utf8" }))?.[1];
  } catch {
    return undefined;
  }
}

/** Moves every thread of a process to the given CPUs (new threads inherit it). */
export function pin(pid: number, cpuList: string): void {
  execFileSync("taskset", ["-a", "-c", "-p", cpuList, String(pid)], { stdio: "ignore" });
}
