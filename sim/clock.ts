// The simulator's own clock: starts at the real time and runs `timeScale` times faster,
// so that a simulated day of OnTime / Spread / sending-window behaviour fits in seconds.
export interface SimClock {
  now(): number;
  timeScale(): number;
  setTimeScale(scale: number): void;
  advance(ms: number): void;
}

export function createSimClock(initialScale: number, realNow: () => number = Date.now): SimClock {
  let anchorReal = realNow();
  let anchorSim = anchorReal;
  let scale = initialScale;

  const now = (): number => anchorSim + (realNow() - anchorReal) * scale;

  return {
    now,
    timeScale: () => scale,
    setTimeScale(next) {
      if (!Number.isFinite(next) || next <= 0) throw new RangeError('timeScale must be a positive number');
      // Re-anchor so that changing the speed never makes simulated time jump.
      anchorSim = now();
      anchorReal = realNow();
      scale = next;
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance must be a non-negative number of ms');
      anchorSim += ms;
    },
  };
}
