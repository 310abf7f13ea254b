// Rows and target lines of the throughput sections (superid, tenant-api): each measured row may name a
// reference row of the same run, and a target compares the two both by requests per second and by the
// server's CPU time per request, the figure that stays readable when other work on the machine slows both.
import { cpus } from "node:os";
import { fmt } from "./helpers.js";
import type { Throughput } from "./load.js";

export interface ThroughputRow {
  name: string;
  result: Throughput | string;
  /** Index of the reference row this one is compared with. */
  versus?: number;
}

/** Server CPU time per answered request, in µs (NaN without a server pid). */
export const cpuMicros = (r: Throughput): number => r.serverMicros ?? (r.serverCores / r.perSecond) * 1e6;

/**
 * `of(row) / of(reference)`; for rows measured in interleaved rounds, the median of that ratio taken round by
 * round (a round's rows ran seconds apart, so outside load tends to fall on both). NaN when either failed.
 */
function versus(rows: ThroughputRow[], row: ThroughputRow | undefined, of: (t: Throughput) => number): number {
  const base = row?.versus === undefined ? undefined : rows[row.versus]?.result;
  if (!row || typeof row.result === "string" || typeof base !== "object") return NaN;
  const [mine, theirs] = [row.result.rounds, base.rounds];
  if (!mine || !theirs || mine.length !== theirs.length) return of(row.result) / of(base);
  const sorted = mine.map((t, i) => of(t) / of(theirs[i]!)).sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

/** This row's req/s over its reference's. */
export function ratio(rows: ThroughputRow[], row: ThroughputRow | undefined): number {
  return versus(rows, row, (t) => t.perSecond);
}

/** The reference's CPU µs/req over this row's: above 1 when this row costs less CPU per request. */
export function cpuRatio(rows: ThroughputRow[], row: ThroughputRow | undefined): number {
  return versus(rows, row, (t) => 1 / cpuMicros(t));
}

export const THROUGHPUT_COLUMNS = ["workload", "per second", "vs reference", "server CPU µs/req", "server cores", "client cores", "failed"];

export function throughputTable(rows: ThroughputRow[]): string[][] {
  return rows.map((row) => {
    const r = row.result;
    if (typeof r === "string") return [row.name, `error: ${r}`];
    const x = ratio(rows, row);
    return [row.name, fmt(r.perSecond), Number.isFinite(x) ? `${fmt(x, 2)}x` : "", fmt(cpuMicros(r)), fmt(r.serverCores, 2), fmt(r.clientCores, 2), String(r.failed)];
  });
}

/**
 * `Target, <name>: PASS|MISS (...)` for a row against its reference: PASS when req/s reach `atLeast` times the
 * reference's. The CPU-time ratio is printed beside it for noisy runs.
 */
export function targetLine(rows: ThroughputRow[], name: string, row: ThroughputRow | undefined, atLeast: number): string {
  const x = ratio(rows, row);
  if (!Number.isFinite(x)) return `Target, ${name}: MISS (not measured: a row failed)`;
  const cpu = cpuRatio(rows, row);
  return `Target, ${name}: ${x >= atLeast ? "PASS" : "MISS"} (${fmt(x * 100)}% by req/s; ${Number.isFinite(cpu) ? `${fmt(cpu * 100)}%` : "-"} by server CPU µs/req)`;
}

export function loadNote(load: number): string {
  return `Load average (1 min) before this section: ${fmt(load, 2)} on ${cpus().length} CPUs${load > cpus().length / 2 ? " (busy: req/s are noisy, read CPU µs/req)" : ""}.`;
}
