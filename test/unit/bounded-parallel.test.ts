import { describe, expect, it } from 'vitest';
import { forEachInParallel, inFlightLimit } from '../../src/server/campaigns/bounded-parallel.js';

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

describe('inFlightLimit', () => {
  it('runs at most `limit` calls at once, the waiting ones in arrival order', async () => {
    const inTurn = inFlightLimit(2);
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        inTurn(async () => {
          started.push(i);
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 1));
          inFlight--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('a call that fails gives its turn back', async () => {
    const inTurn = inFlightLimit(1);
    const failing = Array.from({ length: 3 }, () => inTurn(() => Promise.reject(new Error('no'))));
    for (const f of failing) await expect(f).rejects.toThrow('no');
    await expect(inTurn(async () => 'next')).resolves.toBe('next');
  });
});
