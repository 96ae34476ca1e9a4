// The dedupe table doubles in place (docs/recipients.md): every key must stay findable, including
// the runs that wrapped around the end of the smaller table.
import { describe, expect, it } from 'vitest';
import { ADDED, grownInPlace, hashNumberKey, NumberSet, PRESENT } from '../../src/server/recipients/ingest/number-set.js';

const SLOT_SEED = 0x2545f491;

describe('growing the dedupe table in place', () => {
  it('keeps every key, wrapped runs included, and finds no key it never held', () => {
    const arena = new Float64Array(4096);
    let set = new NumberSet(arena.subarray(0, 1024));
    const keys: number[] = [];
    // Keys whose home is one of the last slots of the 1024-slot table, so their run wraps to slot 0.
    for (let key = 998_900_000_001; keys.length < 40; key++) if ((hashNumberKey(key, SLOT_SEED) & 1023) >= 1020) keys.push(key);
    for (let key = 998_901_000_001; keys.length < 700; key += 7) keys.push(key);
    for (const key of keys) expect(set.add(key)).toBe(ADDED);
    expect(arena[0]).not.toBe(0); // a run wrapped around
    for (const slots of [2048, 4096]) {
      set = grownInPlace(set, arena.subarray(0, slots));
      expect(set.size).toBe(keys.length);
      for (const key of keys) expect(set.add(key)).toBe(PRESENT);
    }
    for (let key = 998_902_000_001; key < 998_902_000_101; key++) expect(set.add(key)).toBe(ADDED);
  });
});
