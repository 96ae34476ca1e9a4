// Hash-partitioned spill files of number keys (raw 8-byte doubles, native byte order: the files
// never leave this process). An entry is a key, or minus a key already emitted (it goes to the
// key's partition). Entries are buffered per partition in memory and written by `flush`, so `add`
// stays synchronous inside the byte-parsing loop. `flush` does not wait for its writes (up to
// WRITES_IN_FLIGHT of them), so parsing goes on while they run: each write has its own offset in
// its file, taken in the order the buffers filled, so a file holds its entries in the order added.
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { hashNumberKey } from './number-set.js';

export interface SpillPartition {
  path: string;
  entries: number;
}

const ENTRIES_PER_BUFFER = 2048; // 16 KiB per partition: 4 MiB for the first level's 256
const WRITES_IN_FLIGHT = 8;
const TWO_POW_32 = 4294967296;

export class SpillPartitions {
  private readonly buffers: Float64Array[];
  private readonly filled: number[];
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
    this.buffers = Array.from({ length: count }, () => new Float64Array(ENTRIES_PER_BUFFER));
    this.filled = new Array<number>(count).fill(0);
    this.entries = new Array<number>(count).fill(0);
    this.files = new Array(count).fill(undefined);
  }

  add(entry: number): void {
    const partition = Math.floor((hashNumberKey(Math.abs(entry), this.seed) * this.count) / TWO_POW_32);
    const buffer = this.buffers[partition]!;
    const at = this.filled[partition]!;
    buffer[at] = entry;
    this.entries[partition]!++;
    if (at + 1 < ENTRIES_PER_BUFFER) {
      this.filled[partition] = at + 1;
      return;
    }
    this.full.push({ partition, keys: buffer });
    this.buffers[partition] = this.free.pop() ?? new Float64Array(ENTRIES_PER_BUFFER);
    this.filled[partition] = 0;
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

  /** Writes everything and closes the files; the caller owns (and deletes) them afterwards. */
  async close(): Promise<SpillPartition[]> {
    for (let p = 0; p < this.count; p++) {
      const filled = this.filled[p]!;
      if (filled > 0) this.full.push({ partition: p, keys: this.buffers[p]!.subarray(0, filled) });
    }
    await this.flush();
    await Promise.all(this.writing);
    this.throwIfFailed();
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

/** Reads a partition file block by block into `block`; yields how many keys each block holds. */
export async function* readPartitionKeys(path: string, block: Float64Array): AsyncGenerator<number> {
  const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
  const handle = await open(path, 'r');
  try {
    let carried = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, carried, bytes.length - carried, null);
      const available = carried + bytesRead;
      const whole = Math.floor(available / 8);
      if (whole > 0) yield whole;
      carried = available - whole * 8;
      if (carried > 0) bytes.copyWithin(0, whole * 8, available);
      if (bytesRead === 0) break;
    }
    if (carried !== 0) throw new Error(`spill file ${path} is truncated`);
  } finally {
    await handle.close();
  }
}
