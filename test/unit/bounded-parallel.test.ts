import { describe, expect, it } from 'vitest';
import { forEachInParallel } from '../../src/server/campaigns/bounded-parallel.js';

describe('forEachInParallel', () => {
  it('visits every item once with at most `limit` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachInParallel(Array.from({ length: 50 }, (_, i) => i), 4, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, i % 3));
      seen.push(i);
      inFlight--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(peak).toBe(4);
  });

  it('fails with the first error', async () => {
    await expect(forEachInParallel([1, 2, 3], 2, async (i) => { if (i === 2) throw new Error('two'); })).rejects.toThrow('two');
  });
});
