// Hash-partitioned spill files of number keys (raw 8-byte doubles, native byte order: the files
// never leave this process). An entry is a key, or minus a key already emitted (it goes to the
// key's partition). Entries are buffered per partition in memory and written by `flush`, so `add`
// stays synchronous inside the byte-parsing loop. `flush` does not wait for its writes (up to
// WRITES_IN_FLIGHT of them), so parsing goes on while they run: each write has its own offset in
// its file, taken in the order the buffers filled, so a file holds its entries in the order added.
import { randomBytes } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { hashNumberKey } from './number-set.js';

export interface SpillPartition {
  path: string;
  entries: number;
}

const ENTRIES_PER_BUFFER = 2048; // 16 KiB per partition: 4 MiB for the first level's 256
const WRITES_IN_FLIGHT = 32;
const TWO_POW_32 = 4294967296;

export class SpillPartitions {
  /** Every partition's buffer in one array (partition p at p × ENTRIES_PER_BUFFER): one load per key. */
  private staging: Float64Array;
  private readonly filled: Int32Array;
  /** Entries handed to `full` so far, per partition. */
  private readonly entries: number[];
  private readonly files: ({ path: string; handle: FileHandle; size: number } | undefined)[];
  private readonly full: { partition: number; keys: Float64Array }[] = [];
  private readonly free: Float64Array[] = []; // written buffers, reused to spare the allocator
  private readonly writing = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(
    /** Gives the private directory; called on the first write, so unused spills make none. */
    private readonly directory: () => Promise<string>,
    private readonly count: number,
    private readonly seed: number,
  ) {
    this.staging = new Float64Array(count * ENTRIES_PER_BUFFER);
    this.filled = new Int32Array(count);
    this.entries = new Array<number>(count).fill(0);
    this.files = new Array(count).fill(undefined);
  }

  add(entry: number): void {
    const partition = Math.floor((hashNumberKey(Math.abs(entry), this.seed) * this.count) / TWO_POW_32);
    const at = this.filled[partition]!;
    this.staging[partition * ENTRIES_PER_BUFFER + at] = entry;
    if (at + 1 < ENTRIES_PER_BUFFER) {
      this.filled[partition] = at + 1;
      return;
    }
    this.filled[partition] = 0;
    this.handOff(partition, ENTRIES_PER_BUFFER);
  }

  /** Copies a partition's buffered entries out to be written (the copy is 8 bytes per entry, the write far more). */
  private handOff(partition: number, entries: number): void {
    const start = partition * ENTRIES_PER_BUFFER;
    const keys = entries === ENTRIES_PER_BUFFER ? (this.free.pop() ?? new Float64Array(ENTRIES_PER_BUFFER)) : new Float64Array(entries);
    keys.set(this.staging.subarray(start, start + entries));
    this.entries[partition]! += entries;
    this.full.push({ partition, keys });
  }

  /** Starts writing the buffers filled since the last call; waits only while too many writes run. */
  async flush(): Promise<void> {
    this.throwIfFailed();
    while (this.full.length > 0) {
      const { partition, keys } = this.full.shift()!;
      const file = this.files[partition] ?? (await this.openFile(partition));
      const position = file.size;
      file.size += keys.byteLength;
      const write = writeAt(file.handle, keys, position).then(
        () => {
          if (keys.length === ENTRIES_PER_BUFFER) this.free.push(keys);
        },
        (error: unknown) => {
          this.failure ??= { error };
        },
      );
      this.writing.add(write);
      void write.finally(() => this.writing.delete(write));
      if (this.writing.size >= WRITES_IN_FLIGHT) await Promise.race(this.writing);
      this.throwIfFailed();
    }
  }

  /** Writes everything, closes the files and lets go of the buffers; the caller owns (and deletes) the files afterwards. */
  async close(): Promise<SpillPartition[]> {
    for (let p = 0; p < this.count; p++) {
      const filled = this.filled[p]!;
      this.filled[p] = 0;
      if (filled > 0) this.handOff(p, filled);
    }
    await this.flush();
    await Promise.all(this.writing);
    this.throwIfFailed();
    // The buffers (4 MiB for 256 partitions) are not needed while the files are read back.
    this.staging = new Float64Array(0);
    this.free.length = 0;
    const partitions: SpillPartition[] = [];
    for (let p = 0; p < this.count; p++) {
      const file = this.files[p];
      if (file === undefined) continue;
      await file.handle.close();
      this.files[p] = undefined;
      partitions.push({ path: file.path, entries: this.entries[p]! });
    }
    return partitions;
  }

  /** Closes any open file after a failure; the files go with the spill directory. */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.writing);
    await Promise.allSettled(this.files.map((file) => file?.handle.close()));
    this.files.fill(undefined);
  }

  private async openFile(partition: number) {
    const path = join(await this.directory(), `${randomBytes(12).toString('hex')}.keys`);
    const file = { path, handle: await open(path, 'wx', 0o600), size: 0 };
    this.files[partition] = file;
    return file;
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure.error;
  }
}

async function writeAt(handle: FileHandle, keys: Float64Array, position: number): Promise<void> {
  const bytes = new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength);
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/**
 * Reads a partition's file block by block into `block`; yields how many entries each block holds.
 * The file is deleted as soon as it is open (the handle keeps its data until closed), and reading
 * stops at the size its entries take: no read to find the end, no wait for a separate delete.
 */
export async function* readPartitionEntries(partition: SpillPartition, block: Float64Array): AsyncGenerator<number> {
  const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
  const handle = await open(partition.path, 'r');
  // Its failure is kept (not left unhandled while the file is read) and thrown once read.
  const deleted = rm(partition.path, { force: true }).then(
    () => null,
    (error: unknown) => ({ error }),
  );
  try {
    let left = partition.entries * 8;
    let carried = 0;
    while (left > 0) {
      const { bytesRead } = await handle.read(bytes, carried, Math.min(bytes.length - carried, left), null);
      if (bytesRead === 0) throw new Error(`spill file ${partition.path} is truncated`);
      left -= bytesRead;
      const available = carried + bytesRead;
      const whole = Math.floor(available / 8);
      if (whole > 0) yield whole;
      carried = available - whole * 8;
      if (carried > 0) bytes.copyWithin(0, whole * 8, available);
    }
  } finally {
    await handle.close();
  }
  const failure = await deleted;
  if (failure !== null) throw failure.error;
}
