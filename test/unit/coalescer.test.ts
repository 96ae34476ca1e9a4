import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../src/server/db/coalescer.js';

/** A run function that records each batch and answers after `release()` is called. */
function recordingRun() {
  const batches: number[][] = [];
  const gates: Array<() => void> = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((r) => gates.push(r));
    return items.map((n) => (n < 0 ? new Error(`refused ${n}`) : n * 10));
  };
  const releaseAll = async () => {
    while (gates.length) gates.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, run, releaseAll };
}

describe('Coalescer (group commit)', () => {
  it('sends a lone call at once, and calls made while maxInFlight batches run as one batch', async () => {
    const r = recordingRun();
    const c = new Coalescer(r.run, 2);
    const results = [1, 2, 3, 4, 5].map((n) => c.submit(n));
    expect(r.batches).toEqual([[1], [2]]);
    await r.releaseAll();
    expect(r.batches).toEqual([[1], [2], [3, 4, 5]]);
    await r.releaseAll();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50]);
  });

  it('rejects only the item whose outcome is an Error', async () => {
    const r = recordingRun();
    const c = new Coalescer(r.run, 1);
    const first = c.submit(1);
    const batch = [2, -3, 4].map((n) => c.submit(n).then(String, (e: Error) => e.message));
    await r.releaseAll();
    await r.releaseAll();
    expect(await first).toBe(10);
    expect(await Promise.all(batch)).toEqual(['20', 'refused -3', '40']);
  });

  it('rejects every item of a batch whose run throws, and keeps serving later calls', async () => {
    let fail = true;
    const c = new Coalescer<number, number>(async (items) => {
      if (fail) throw new Error('database away');
      return items;
    }, 1);
    const failed = await Promise.allSettled([c.submit(1), c.submit(2)]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await c.submit(3)).toBe(3);
  });

  it('caps a batch at maxBatch items', async () => {
    const r = recordingRun();
    const c = new Coalescer(r.run, 1, 2);
    const all = [1, 2, 3, 4, 5].map((n) => c.submit(n));
    for (let i = 0; i < 4; i++) await r.releaseAll();
    await Promise.all(all);
    expect(r.batches).toEqual([[1], [2, 3], [4, 5]]);
  });
});
