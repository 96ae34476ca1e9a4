// The shared limiter keeps in memory only the windows it found full (so a flood past a limit costs
// no database round trip). Issue 18: that memory must not be rescanned per new key.
import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/http/rate-limiter.js';

/** A database where every window is already full: the limiter never inserts, only remembers. */
const fullEverywhere = (limit: number) =>
  ({
    collection: () => ({
      find: (filter: { bucket: string }) => ({ toArray: async () => Array.from({ length: limit }, (_, n) => ({ _id: `${filter.bucket}#${n + 1}` })) }),
      countDocuments: async () => limit,
    }),
  }) as unknown as Db;

/** Counts the entries any iteration of the limiter's remembered windows visits: the work a hit does. */
function countVisits(limiter: RateLimiter): { visits: number; size: () => number } {
  const full = (limiter as unknown as { full: Map<string, number> }).full;
  const counter = { visits: 0, size: () => full.size };
  const original = full[Symbol.iterator].bind(full);
  full[Symbol.iterator] = () => {
    const it = original();
    return { [Symbol.iterator]() { return this; }, next: () => { counter.visits++; return it.next(); } } as MapIterator<[string, number]>;
  };
  return counter;
}

describe('rate limiter memory of full windows', () => {
  it('a new key past many remembered windows visits a bounded number of entries', async () => {
    const t = 0;
    const l = new RateLimiter(fullEverywhere(1), 'test', 1, 60_000, () => t);
    for (let i = 0; i < 9_000; i++) expect(await l.hit(`k${i}`)).toBe(60);
    const c = countVisits(l);
    for (let i = 0; i < 500; i++) await l.hit(`new${i}`);
    expect(c.visits).toBeLessThan(2 * 500 + 10);
  });

  it('drops ended windows from the front, each once, and stays within its cap', async () => {
    let t = 0;
    const l = new RateLimiter(fullEverywhere(1), 'test', 1, 60_000, () => t);
    for (let i = 0; i < 5_000; i++) await l.hit(`k${i}`);
    t = 61_000;
    const c = countVisits(l);
    await l.hit('late');
    expect(c.size()).toBe(1);
    for (let i = 0; i < 100; i++) await l.hit(`again${i}`);
    expect(c.visits).toBeLessThan(5_000 + 2 * 100 + 10);
    for (let i = 0; i < 12_000; i++) await l.hit(`many${i}`);
    expect(c.size()).toBeLessThanOrEqual(10_000);
  });
});
