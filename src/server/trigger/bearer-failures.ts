// Failed Bearer attempts per client IP (security.md, tokens): guessing tokens gets slow fast.
// In memory per process, like the other request limits; a 43-character random token cannot be
// guessed anyway, this only keeps a scanner from hammering the database.

/** Failed attempts an IP may make per window before every request from it is refused for the rest of it. */
export const MAX_BEARER_FAILURES = 20;
export const BEARER_FAILURE_WINDOW_MS = 60_000;

export class BearerFailures {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit = MAX_BEARER_FAILURES,
    private readonly windowMs = BEARER_FAILURE_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds the IP must wait before trying again (0: it may try). */
  blockedFor(ip: string): number {
    const w = this.current(ip);
    return w && w.count >= this.limit ? Math.max(1, Math.ceil((w.start + this.windowMs - this.now()) / 1000)) : 0;
  }

  fail(ip: string): void {
    let w = this.current(ip);
    if (!w) {
      if (this.windows.size > 50_000) this.prune();
      w = { start: this.now(), count: 0 };
      this.windows.set(ip, w);
    }
    w.count++;
  }

  private current(ip: string): { start: number; count: number } | null {
    const w = this.windows.get(ip);
    return w && this.now() - w.start < this.windowMs ? w : null;
  }

  private prune(): void {
    const t = this.now();
    for (const [ip, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(ip);
  }
}
