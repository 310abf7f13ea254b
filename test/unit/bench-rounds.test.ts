import { describe, expect, it } from "vitest";
import { interleavedLoops, ROUNDS, type Throughput } from "../bench/load.js";
import { cpuRatio, ratio, type ThroughputRow } from "../bench/throughput-report.js";

/**
 * The benchmark's interleaved rounds (issue #19): rows of a group take turns round by round, a row's figures
 * are its rounds' medians, and a ratio is the median of the per-round ratios, so one slow round (outside load
 * on the machine) moves neither.
 */
describe("bench: interleaved rounds", () => {
  it("runs every row in every round, each round starting one row further on, and reports a failing row without stopping the others", async () => {
    const order: string[] = [];
    let last = "";
    const job = (name: string) => async () => {
      if (name !== last) order.push((last = name));
      await new Promise((r) => setImmediate(r));
      return true;
    };
    const results = await interleavedLoops(
      [{ job: job("a") }, { job: job("b") }, { job: job("c") }, { job: () => Promise.reject(new Error("refused")) }],
      0.03 * ROUNDS,
    );
    // Each round starts one row further on; the failing fourth row drops out after its first turn.
    const rotated = (r: number) => ["a", "b", "c", "d"].map((_, i, rows) => rows[(i + r) % rows.length]!).filter((n) => n !== "d");
    expect(order).toEqual(Array.from({ length: ROUNDS }, (_, r) => rotated(r)).flat());
    const [a, b, , failed] = results;
    expect(failed).toBe("refused");
    for (const r of [a, b] as Throughput[]) {
      expect(r.rounds).toHaveLength(ROUNDS);
      expect(r.ok).toBe(r.rounds!.reduce((n, t) => n + t.ok, 0));
      expect(r.perSecond).toBe([...r.rounds!.map((t) => t.perSecond)].sort((x, y) => x - y)[1]);
    }
  });

  it("takes a ratio round by round, so one disturbed round does not decide it", () => {
    const round = (perSecond: number, micros: number): Throughput => ({ perSecond, serverMicros: micros, ok: 1, failed: 0, serverCores: 1, clientCores: 1 });
    // The reference's second round ran while something else had the machine.
    const reference = [round(1000, 1000), round(400, 2500), round(1000, 1000)];
    const measured = [round(800, 1250), round(780, 1280), round(820, 1220)];
    const rows: ThroughputRow[] = [
      { name: "reference", result: { ...round(1000, 1000), rounds: reference } },
      { name: "measured", result: { ...round(800, 1250), rounds: measured }, versus: 0 },
    ];
    expect(ratio(rows, rows[1])).toBeCloseTo(0.82, 5); // per round: 0.8, 1.95, 0.82
    expect(cpuRatio(rows, rows[1])).toBeCloseTo(1000 / 1220, 5); // per round: 0.8, 1.95, 0.82
    // Without rounds (one loop each), the plain quotient.
    rows[1] = { name: "measured", result: round(800, 1250), versus: 0 };
    expect(ratio(rows, rows[1])).toBeCloseTo(0.8, 5);
  });
});
