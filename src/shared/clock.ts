/**
 * The emulator's notion of "now". Everything that expires (codes, tokens, sessions) reads this clock,
 * so tests can move it forward or back instead of waiting.
 */
export interface Clock {
  now(): number;
  /** Seconds since the epoch, as JWT claims use. */
  nowSeconds(): number;
  /** Moves the clock by `ms` (negative moves it back) and returns the new offset from real time. */
  advance(ms: number): number;
  reset(): void;
}

export function createClock(): Clock {
  let offset = 0;
  const now = () => Date.now() + offset;
  return {
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    advance: (ms) => (offset += ms),
    reset: () => {
      offset = 0;
    },
  };
}
