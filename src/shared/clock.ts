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
  /**
   * Calls `listener` after every move, and after a reset that moved the clock (the store purges what a move
   * expired). Returns the function that stops the calls.
   */
  onMove(listener: () => void): () => void;
}

export function createClock(): Clock {
  let offset = 0;
  const listeners = new Set<() => void>();
  const now = () => Date.now() + offset;
  const moved = () => {
    for (const listener of listeners) listener();
  };
  return {
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    advance: (ms) => {
      offset += ms;
      moved();
      return offset;
    },
    reset: () => {
      // Every emulator.reset() resets the clock; when it was not moved, nothing expired and nothing is due.
      if (offset === 0) return;
      offset = 0;
      moved();
    },
    onMove: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
