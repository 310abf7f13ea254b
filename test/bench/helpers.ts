// Shared pieces for the benchmark sections: starting a server process and waiting until it serves,
// reading its memory, simple statistics and a plain-text table.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/** What a section hands to main.ts: one table plus free-form lines under it. */
export interface Section {
  title: string;
  columns: string[];
  rows: string[][];
  notes: string[];
}

export interface ReadyServer {
  child: ChildProcess;
  pid: number;
  /** Loopback origin to send requests to, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** Milliseconds from spawn until GET /health answered 200. */
  readyMs: number;
  stop(): Promise<void>;
}

// Every child still running and every temp dir, so a crash or Ctrl-C of the harness leaves nothing behind.
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.once("exit", () => {
  live.forEach((c) => c.kill("SIGKILL"));
  tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

/** A fresh directory under the OS temp dir; removed by removeTempDir() or, failing that, on exit. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** The environment without SOD_* variables, so the user's shell settings cannot change what is measured. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SOD_")));
}

/**
 * Runs `node <args>` and resolves once it has printed "... ready at http://host:PORT" and GET /health on
 * 127.0.0.1:PORT answered 200. Servers are started with port 0, so the ready line is how we learn the port.
 * Rejects (and kills the child) if that takes longer than timeoutMs or the child exits first.
 */
export async function startServer(args: string[], timeoutMs = 10_000): Promise<ReadyServer> {
  const started = performance.now();
  // BENCH_CPU_PROF_DIR=/tmp/p: every server of the run writes a V8 CPU profile there when it stops (to read what
  // a row spends its time on; the profiler's own cost makes that run's numbers unfit to compare).
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...args] : args;
  const child = spawn(process.execPath, nodeArgs, { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let output = "";
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stderr!.on("data", collect);
  const port = new Promise<number>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      collect(chunk);
      const match = /ready at http:\/\/[^\s/]+:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
  });
  let timer: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`exited (${signal ?? code}) before ready: ${lastLine(output)}`)));
    timer = setTimeout(() => reject(new Error(`not ready within ${timeoutMs / 1000} s: ${lastLine(output) || "no output"}`)), timeoutMs);
  });
  failed.catch(() => {}); // the child exiting later, on stop(), must not surface as an unhandled rejection
  const stop = () => stopChild(child);
  try {
    const origin = `http://127.0.0.1:${await Promise.race([port, failed])}`;
    await Promise.race([healthy(origin, started + timeoutMs), failed]);
    return { child, pid: child.pid!, origin, readyMs: performance.now() - started, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health until 200; the ready line comes after listen(), so the first request normally answers. */
async function healthy(origin: string, deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    const res = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    await res?.arrayBuffer();
    if (res?.status === 200) return;
    await sleep(5);
  }
  throw new Error("GET /health never answered 200");
}

/** SIGTERM, then SIGKILL if the child has not exited after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await gone;
    clearTimeout(killer);
  }
  live.delete(child);
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}

/** Resident set size of a process in MiB, from VmRSS in /proc/PID/status (Linux only). */
export function rssMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** The p-th percentile (0-100) with linear interpolation; NaN for no samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.ceil(at)]! - sorted[lo]!) * (at - lo);
}

export const median = (samples: number[]): number => percentile(samples, 50);

/** A number with fixed decimals, or "-" when there is none. */
export function fmt(value: number, decimals = 0): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : "-";
}

/**
 * A plain-text table: first column left-aligned, the others right-aligned (they hold numbers). A shorter
 * row (e.g. a name and an error message) prints its cells as they are, without stretching the columns.
 */
export function formatTable(columns: string[], rows: string[][]): string {
  const sized = (i: number) => rows.filter((r) => i === 0 || r.length === columns.length);
  const widths = columns.map((c, i) => Math.max(c.length, ...sized(i).map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.length < columns.length
      ? [cells[0]!.padEnd(widths[0]!), ...cells.slice(1)].join("  ")
      : cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
