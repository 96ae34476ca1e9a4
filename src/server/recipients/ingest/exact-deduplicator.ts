// Exact duplicate removal within a fixed memory budget.
//
// Scheme (docs/recipients.md): keys go into one NumberSet that starts small and doubles in place as
// the list grows, up to half the budget (the rest is room for what the stream leaves for the
// garbage collector). A key seen for the first time is emitted at once. When the set is full at
// that size, it stays as a filter: a key
// it holds is a duplicate (counted at once), any other key is written to one of PARTITIONS spill
// files chosen by a hash. No key in the files was emitted, and none is in the set, so after the
// input ends each file can be deduplicated on its own, reusing the same slots: its first
// occurrences are emitted, the rest counted as duplicates. A file whose distinct keys overflow the
// set is handled the same way one level down (a different hash seed). Every level takes a full
// set of distinct keys out, so this ends, and every key is emitted exactly once.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ADDED, FULL, grownInPlace, NumberSet, PRESENT, slotsFor, slotsWithin } from './number-set.js';
import { readPartitionKeys, SpillPartitions, type SpillPartition } from './spill-partitions.js';

const PARTITIONS = 64;
const READ_BLOCK_ENTRIES = 65536; // 512 KiB per read of a spill file
const BATCH_KEYS = 256; // keys looked up together, see NumberSet.warm
const FIRST_SLOTS = 65536; // 512 KiB: a short list never touches more

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
    this.batch[this.batched++] = key;
    if (this.batched === BATCH_KEYS) this.addBatch();
  }

  /** Settles the batched keys and writes buffered spill keys; call between input chunks. */
  async flush(): Promise<void> {
    this.addBatch();
    await this.spill?.flush();
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
    for await (const count of readPartitionKeys(partition.path, block)) {
      for (let i = 0; i < count; i++) {
        // Home slots a batch at a time, as in addBatch: the table outgrows the CPU's caches.
        if (i % BATCH_KEYS === 0) set.warm(block.subarray(i), Math.min(BATCH_KEYS, count - i), homes);
        const key = block[i]!;
        const outcome = set.addAt(key, homes[i % BATCH_KEYS]!);
        if (outcome === ADDED) {
          this.accepted++;
          this.pending--;
          this.options.emit(key);
        } else if (outcome === PRESENT) {
          this.duplicates++;
          this.pending--;
        } else if (outcome === FULL) {
          overflow ??= this.newSpill(level, overflowPartitions(partition.entries - read - i, set.capacity));
          overflow.add(key);
        }
      }
      read += count;
      await overflow?.flush();
      yield;
    }
    await rm(partition.path, { force: true });
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
