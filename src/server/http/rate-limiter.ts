/**
 * Fixed-window counters in memory, per key. Good enough per process; limits that must hold
 * across replicas (login lockout) live in the database instead.
 *
 * The map is kept in window-start order (a key whose window restarts moves to the end), so the
 * expired windows are always at its front: each hit drops those and stops at the first live one.
 * Every key is dropped once, so a hit costs O(1) amortised however many keys there are.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; returns 0 when allowed, else the seconds to wait. */
  hit(key: string): number {
    const t = this.now();
    this.dropExpired(t);
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      this.windows.delete(key);
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w.count <= this.limit ? 0 : Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000));
  }

  /** The seconds `key` must still wait (its window is over the limit), without counting a hit. */
  waitFor(key: string): number {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs || w.count < this.limit) return 0;
    return Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000));
  }

  private dropExpired(t: number): void {
    for (const [k, w] of this.windows) {
      if (t - w.start < this.windowMs) return;
      this.windows.delete(k);
    }
  }
}
