// An open-addressing (linear probing) hash set of number keys stored as doubles in a typed array:
// 8 bytes per slot, no per-entry objects. Keys are integers in [1, 2^53); 0 marks an empty slot.
// The slots array is handed in, so one allocation (the upload's grown table) serves the live set
// and, later, every spill partition in turn.

export const ADDED = 1;
export const PRESENT = 0;
export const FULL = -1;
export type AddOutcome = typeof ADDED | typeof PRESENT | typeof FULL;

const MAX_LOAD = 0.7;
const TWO_POW_32 = 4294967296;

/** Slots for `entries` keys at the maximum load, as a power of two. */
export function slotsFor(entries: number): number {
  let slots = 1024;
  while (slots * MAX_LOAD < entries) slots *= 2;
  return slots;
}

/** The largest power-of-two slot count that fits in `bytes`. */
export function slotsWithin(bytes: number): number {
  let slots = 1024;
  while (slots * 2 * Float64Array.BYTES_PER_ELEMENT <= bytes) slots *= 2;
  return slots;
}

/** A 32-bit mix of a key (murmur3 finaliser); different seeds give independent hashes. */
export function hashNumberKey(key: number, seed: number): number {
  const low = key >>> 0;
  const high = (key / TWO_POW_32) >>> 0;
  let h = Math.imul(low ^ seed, 0x9e3779b1) ^ Math.imul(high + seed, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const SLOT_SEED = 0x2545f491;

/**
 * The set of `slots` moved in place into `doubled`, a view twice as long over the same memory
 * (its upper half still zero): every key is taken out and added again with the larger mask. The
 * keys before the first empty slot may belong to a run that wrapped around the end, so they wait
 * aside; then, going up from that empty slot, each run is re-placed in order, and a key never
 * lands past the slot being emptied, so no key is moved across a gap it needs.
 */
export function grownInPlace(set: NumberSet, doubled: Float64Array): NumberSet {
  const n = doubled.length / 2;
  const grown = new NumberSet(doubled);
  let firstEmpty = 0;
  while (doubled[firstEmpty] !== 0) firstEmpty++;
  const wrapped = doubled.slice(0, firstEmpty);
  doubled.fill(0, 0, firstEmpty);
  for (let i = firstEmpty; i < n; i++) {
    const key = doubled[i]!;
    if (key === 0) continue;
    doubled[i] = 0;
    grown.add(key);
  }
  for (const key of wrapped) grown.add(key);
  if (grown.size !== set.size) throw new Error('the dedupe table lost keys while growing');
  return grown;
}

export class NumberSet {
  private readonly mask: number;
  /** How many keys the set takes before `add` answers FULL. */
  readonly capacity: number;
  size = 0;

  /**
   * `slots` must be all zero and its length a power of two. It is not cleared here: a fresh
   * allocation is zero already, and writing it would make every page resident at once.
   */
  constructor(private readonly slots: Float64Array) {
    if ((slots.length & (slots.length - 1)) !== 0) throw new Error('slot count must be a power of two');
    this.mask = slots.length - 1;
    this.capacity = Math.floor(slots.length * MAX_LOAD);
  }

  /**
   * Computes the home slots of `keys[0, count)` into `homes` and touches them (a negated key, as
   * the spill files mark keys already emitted, has the home of the key). The reads do not
   * depend on each other, so the CPU overlaps their cache misses; the `addAt` calls that follow
   * then mostly hit the cache. (A big table makes nearly every probe a miss.)
   */
  warm(keys: Float64Array, count: number, homes: Uint32Array): void {
    const slots = this.slots;
    const mask = this.mask;
    let touched = 0;
    for (let k = 0; k < count; k++) {
      const home = hashNumberKey(Math.abs(keys[k]!), SLOT_SEED) & mask;
      homes[k] = home;
      touched += slots[home]!;
    }
    this.touched = touched;
  }

  /** Keeps the reads in `warm` from being optimised away. */
  private touched = 0;

  add(key: number): AddOutcome {
    return this.addAt(key, hashNumberKey(key, SLOT_SEED) & this.mask);
  }

  /** `add` with the home slot already computed by `warm`. */
  addAt(key: number, home: number): AddOutcome {
    const slots = this.slots;
    const mask = this.mask;
    let i = home;
    for (;;) {
      const slot = slots[i]!;
      if (slot === key) return PRESENT;
      if (slot === 0) break;
      i = (i + 1) & mask;
    }
    if (this.size >= this.capacity) return FULL;
    slots[i] = key;
    this.size++;
    return ADDED;
  }
}
