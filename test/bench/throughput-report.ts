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
export const cpuMicros = (r: Throughput): number => (r.serverCores / r.perSecond) * 1e6;

/** This row's req/s over its reference's; NaN when either failed. */
export function ratio(rows: ThroughputRow[], row: ThroughputRow | undefined): number {
  const base = row?.versus === undefined ? undefined : rows[row.versus]?.result;
  return !row || typeof row.result === "string" || typeof base !== "object" ? NaN : row.result.perSecond / base.perSecond;
}

/** The reference's CPU µs/req over this row's: above 1 when this row costs less CPU per request. */
export function cpuRatio(rows: ThroughputRow[], row: ThroughputRow | undefined): number {
  const base = row?.versus === undefined ? undefined : rows[row.versus]?.result;
  return !row || typeof row.result === "string" || typeof base !== "object" ? NaN : cpuMicros(base) / cpuMicros(row.result);
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
