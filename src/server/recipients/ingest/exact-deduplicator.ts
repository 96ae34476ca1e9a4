// Exact duplicate removal within a fixed memory budget.
//
// Scheme (docs/recipients.md): keys go into one NumberSet that starts small and doubles in place as
// the list grows, up to half the budget (the rest is room for what the stream leaves for the
// garbage collector). A key seen for the first time is emitted at once. When the set is full at
// that size, its keys are handed over to PARTITIONS spill files chosen by a hash, marked as
// emitted (stored negated), and from then on every key is appended to its file unchecked: a
// lookup in a big full table cost more than writing the key and reading it back. A marked key
// comes before any other occurrence of it in its file (the hand-over ends before the next key is
// written, and files are written and read in order), so after the input ends each file can be
// deduplicated on its own, reusing the same slots: a marked key takes its slot silently, the
// first occurrence of any other key is emitted, the rest counted as duplicates. A file whose
// distinct keys overflow the set is handled the same way one level down (a different hash seed,
// marks kept, order kept). Every level takes a full set of distinct keys out, so this ends, and
// every key is emitted exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ADDED, FULL, grownInPlace, NumberSet, PRESENT, slotsFor, slotsWithin } from './number-set.js';
import { readPartitionEntries, SpillPartitions, type SpillPartition } from './spill-partitions.js';

// Enough that a 1 MiB budget's set (45 Ki keys) takes a 10 M-line list's partitions in one level.
const PARTITIONS = 256;
const READ_BLOCK_ENTRIES = 65536; // 512 KiB per read of a spill file
const BATCH_KEYS = 256; // keys looked up together, see NumberSet.warm
const FIRST_SLOTS = 65536; // 512 KiB: a short list never touches more
const HAND_OVER_SLOTS = 65536; // slots of the full set handed over between waits for the writes

export interface DeduplicatorOptions {
  /** UPLOAD_DEDUPE_MEMORY_MB in bytes: the table grows to half of it at most. */
  budgetBytes: number;
  /** Parent of the private spill directory. */
  tmpDir: string;
  emit(key: number): void;
}

export class ExactDeduplicator {
  accepted = 0;
  duplicates = 0;
  /** Keys waiting in spill files: each becomes accepted or duplicate by the end of `finish`. */
  pending = 0;
  /** The largest table, allocated at once but untouched (so not resident) beyond the live part. */
  private readonly arena: Float64Array;
  private slots: Float64Array;
  private live: NumberSet;
  private spill: SpillPartitions | null = null;
  private spillDir: string | null = null;
  private readonly batch = new Float64Array(BATCH_KEYS);
  private readonly homes = new Uint32Array(BATCH_KEYS);
  private batched = 0;
  /** The full set's keys are in the spill files: every key goes there unchecked. */
  private handedOver = false;
  private readBlock: Float64Array | null = null;

  constructor(private readonly options: DeduplicatorOptions) {
    this.arena = new Float64Array(slotsWithin(options.budgetBytes / 2));
    this.slots = this.arena.subarray(0, Math.min(this.arena.length, FIRST_SLOTS));
    this.live = new NumberSet(this.slots);
  }

  get spilled(): boolean {
    return this.spill !== null;
  }

  /** Takes a key; it is counted (and emitted) by the next `flush` at the latest. */
  add(key: number): void {
    if (this.handedOver) {
      this.pending++;
      this.spill!.add(key);
      return;
    }
    this.batch[this.batched++] = key;
    if (this.batched === BATCH_KEYS) this.addBatch();
  }

  /** Settles the batched keys and writes buffered spill keys; call between input chunks. */
  async flush(): Promise<void> {
    this.addBatch();
    if (this.spill !== null && !this.handedOver) await this.handOver(this.spill);
    await this.spill?.flush();
  }

  /**
   * Appends every key of the full set to the spill files, marked as emitted, a part at a time so
   * that only a few buffers wait for the disk. The keys that met the full set before this call
   * were checked against it and nothing is added while it runs, so no key of the set is written
   * unmarked ahead of its mark.
   */
  private async handOver(spill: SpillPartitions): Promise<void> {
    const slots = this.slots;
    for (let from = 0; from < slots.length; from += HAND_OVER_SLOTS) {
      const to = Math.min(slots.length, from + HAND_OVER_SLOTS);
      for (let i = from; i < to; i++) {
        const key = slots[i]!;
        if (key !== 0) spill.add(-key);
      }
      await spill.flush();
    }
    this.handedOver = true;
  }

  private addBatch(): void {
    const { batch, homes } = this;
    const count = this.batched;
    this.batched = 0;
    this.live.warm(batch, count, homes);
    for (let k = 0; k < count; k++) {
      const key = batch[k]!;
      const outcome = this.live.addAt(key, homes[k]!);
      if (outcome === FULL && this.slots.length < this.arena.length) {
        this.grow();
        // The home slots of the rest of the batch were for the smaller table.
        this.live.warm(batch.subarray(k), count - k, homes.subarray(k));
        k--;
      } else if (outcome === ADDED) {
        this.accepted++;
        this.options.emit(key);
      } else if (outcome === PRESENT) {
        this.duplicates++;
      } else {
        // The set is full: until the next flush hands it over, it filters the keys it holds.
        this.pending++;
        this.spillFor(1).add(key);
      }
    }
  }

  /** Doubles the live table in place (the next, still untouched part of the arena). */
  private grow(): void {
    this.slots = this.arena.subarray(0, this.slots.length * 2);
    this.live = grownInPlace(this.live, this.slots);
  }

  /**
   * After the last `add`: resolves the spilled keys partition by partition. Yields after every
   * block read so the caller can pass emitted keys on (and apply backpressure) as it goes.
   */
  async *finish(): AsyncGenerator<void> {
    await this.flush();
    if (this.spill === null) return;
    const partitions = await this.spill.close();
    for (const partition of partitions) yield* this.resolve(partition, 2);
  }

  /** Removes the spill directory and everything in it; safe to call more than once. */
  async dispose(): Promise<void> {
    await this.spill?.abandon();
    if (this.spillDir !== null) await rm(this.spillDir, { recursive: true, force: true });
  }

  private spillFor(level: number): SpillPartitions {
    this.spill ??= this.newSpill(level);
    return this.spill;
  }

  private newSpill(level: number, partitions = PARTITIONS): SpillPartitions {
    return new SpillPartitions(() => this.directory(), partitions, partitionSeed(level));
  }

  /** The private spill directory, made on first use (mkdtemp creates it with mode 0700). */
  private async directory(): Promise<string> {
    this.spillDir ??= await mkdtemp(join(this.options.tmpDir, 'mc-recipients-'));
    return this.spillDir;
  }

  private async *resolve(partition: SpillPartition, level: number): AsyncGenerator<void> {
    const slots = this.slots.subarray(0, Math.min(this.slots.length, slotsFor(partition.entries)));
    slots.fill(0);
    const set = new NumberSet(slots);
    const block = (this.readBlock ??= new Float64Array(READ_BLOCK_ENTRIES));
    let overflow = null as SpillPartitions | null;
    let read = 0;
    const homes = this.homes;
    for await (const count of readPartitionEntries(partition, block)) {
      for (let i = 0; i < count; i++) {
        // Home slots a batch at a time, as in addBatch: the table outgrows the CPU's caches.
        if (i % BATCH_KEYS === 0) set.warm(block.subarray(i), Math.min(BATCH_KEYS, count - i), homes);
        const entry = block[i]!; // a key, or minus a key emitted before the hand-over
        const outcome = set.addAt(Math.abs(entry), homes[i % BATCH_KEYS]!);
        if (outcome === FULL) {
          overflow ??= this.newSpill(level, overflowPartitions(partition.entries - read - i, set.capacity));
          overflow.add(entry);
        } else if (entry < 0) {
          // A mark is the first of its key in the file, so it was ADDED: nothing to count.
        } else if (outcome === ADDED) {
          this.accepted++;
          this.pending--;
          this.options.emit(entry);
        } else {
          this.duplicates++;
          this.pending--;
        }
      }
      read += count;
      await overflow?.flush();
      yield;
    }
    if (overflow === null) return;
    this.spill = overflow; // so that dispose closes its files after a failure
    for (const sub of await overflow.close()) yield* this.resolve(sub, level + 1);
  }
}

/**
 * Enough partitions for the keys left in a partition that overflowed the set (duplicates included,
 * so an overestimate) to fit the set each, with room for an uneven hash: a small overflow goes to
 * one or two files instead of PARTITIONS nearly empty ones, whose opening and closing cost more
 * than their keys.
 */
function overflowPartitions(remaining: number, capacity: number): number {
  return Math.min(PARTITIONS, Math.max(1, Math.ceil((remaining * 1.5) / capacity)));
}

function partitionSeed(level: number): number {
  return Math.imul(level, 0x9e3779b9) ^ 0x5bd1e995;
}
