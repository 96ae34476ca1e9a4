import { randomInt } from 'node:crypto';
import type { Db } from 'mongodb';
import { insertIfAbsent } from '../db/claims.js';
import { COLLECTIONS } from '../db/collections.js';
import { isDatabaseUnavailable } from '../db/connection.js';

interface RateLimitHit {
  /** `<bucket>#<n>`: the n-th allowed hit of the window. */
  _id: string;
  /** `<limit name>:<key>:<window start ms>`: one fixed window of one key. */
  bucket: string;
  expires_at: Date;
}

/** Full windows remembered past this many are dropped oldest first (they are re-learned from the database). */
const MAX_REMEMBERED_FULL = 10_000;

/**
 * Fixed-window counters shared by every replica through MongoDB (`rate_limit_hits`). An allowed
 * hit takes a free numbered slot of its window with a unique insert (`bucket#1` … `bucket#limit`):
 * inserts are the one write that is atomic on both
 * MongoDB and the dev database (an `$inc` upsert loses increments on FerretDB v1,
 * docs/decisions.md), so exactly `limit` hits pass per window across all replicas. A refused hit
 * writes nothing, and a window found full is remembered here until it ends, so a flood past the
 * limit costs no database round trip. While the database is unreachable the hit is let through:
 * every limited route but the event stream needs the database for its work anyway, and the live
 * view must keep working through an outage (operations.md).
 */
export class RateLimiter {
  private readonly full = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; resolves to 0 when allowed, else the seconds to wait. */
  async hit(key: string): Promise<number> {
    try {
      return await this.count(key);
    } catch (err) {
      if (isDatabaseUnavailable(err)) return 0;
      throw err;
    }
  }

  /** The seconds `key` must still wait (its window is full), without taking a slot. */
  async waitFor(key: string): Promise<number> {
    const t = this.now();
    const { bucket, end, wait } = this.window(key, t);
    if (this.full.has(bucket)) return wait;
    try {
      const used = await this.db.collection<RateLimitHit>(COLLECTIONS.rateLimitHits).countDocuments({ bucket });
      if (used < this.limit) return 0;
    } catch (err) {
      if (isDatabaseUnavailable(err)) return 0;
      throw err;
    }
    this.rememberFull(bucket, end, t);
    return wait;
  }

  private window(key: string, t: number) {
    const start = Math.floor(t / this.windowMs) * this.windowMs;
    const end = start + this.windowMs;
    return { bucket: `${this.name}:${key}:${start}`, end, wait: Math.max(1, Math.ceil((end - t) / 1000)) };
  }

  private async count(key: string): Promise<number> {
    const t = this.now();
    const { bucket, end, wait } = this.window(key, t);
    if (this.full.has(bucket)) return wait;
    const hits = this.db.collection<RateLimitHit>(COLLECTIONS.rateLimitHits);
    // Each lost race means another hit took a slot, so this ends within `limit` rounds; racing
    // hits pick free slots at random, so a burst rarely collides more than once or twice.
    for (;;) {
      const taken = new Set((await hits.find({ bucket }, { projection: { _id: 1 } }).toArray()).map((h) => h._id));
      const free: number[] = [];
      for (let n = 1; n <= this.limit; n++) if (!taken.has(`${bucket}#${n}`)) free.push(n);
      if (!free.length) break;
      const n = free[randomInt(free.length)]!;
      if (await insertIfAbsent(hits, { _id: `${bucket}#${n}`, bucket, expires_at: new Date(end) })) return 0;
    }
    this.rememberFull(bucket, end, t);
    return wait;
  }

  private rememberFull(bucket: string, end: number, t: number): void {
    this.full.set(bucket, end);
    // Windows end in about the order they were remembered: drop ended ones from the front.
    for (const [b, e] of this.full) {
      if (e > t && this.full.size <= MAX_REMEMBERED_FULL) break;
      this.full.delete(b);
    }
  }
}
