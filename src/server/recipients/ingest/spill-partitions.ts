// Hash-partitioned spill files of number keys (raw 8-byte doubles, native byte order: the files
// never leave this process). Keys are buffered per partition in memory and written by `flush`,
// so `add` stays synchronous inside the byte-parsing loop.
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { hashNumberKey } from './number-set.js';

export interface SpillPartition {
  path: string;
  entries: number;
}

const ENTRIES_PER_BUFFER = 8192; // 64 KiB per partition
const TWO_POW_32 = 4294967296;

export class SpillPartitions {
  private readonly buffers: Float64Array[];
  private readonly filled: number[];
  private readonly entries: number[];
  private readonly files: ({ path: string; handle: FileHandle } | undefined)[];
  private readonly full: { partition: number; keys: Float64Array }[] = [];
  private readonly free: Float64Array[] = []; // written buffers, reused to spare the allocator

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

  add(key: number): void {
    const partition = Math.floor((hashNumberKey(key, this.seed) * this.count) / TWO_POW_32);
    const buffer = this.buffers[partition]!;
    const at = this.filled[partition]!;
    buffer[at] = key;
    this.entries[partition]!++;
    if (at + 1 < ENTRIES_PER_BUFFER) {
      this.filled[partition] = at + 1;
      return;
    }
    this.full.push({ partition, keys: buffer });
    this.buffers[partition] = this.free.pop() ?? new Float64Array(ENTRIES_PER_BUFFER);
    this.filled[partition] = 0;
  }

  /** Writes the buffers filled since the last call. */
  async flush(): Promise<void> {
    while (this.full.length > 0) {
      const { partition, keys } = this.full.shift()!;
      await this.write(partition, keys);
      this.free.push(keys);
    }
  }

  /** Writes everything and closes the files; the caller owns (and deletes) them afterwards. */
  async close(): Promise<SpillPartition[]> {
    await this.flush();
    const partitions: SpillPartition[] = [];
    for (let p = 0; p < this.count; p++) {
      const filled = this.filled[p]!;
      if (filled > 0) await this.write(p, this.buffers[p]!.subarray(0, filled));
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
    await Promise.allSettled(this.files.map((file) => file?.handle.close()));
    this.files.fill(undefined);
  }

  private async write(partition: number, keys: Float64Array): Promise<void> {
    let file = this.files[partition];
    if (file === undefined) {
      const path = join(await this.directory(), `${randomBytes(12).toString('hex')}.keys`);
      file = { path, handle: await open(path, 'wx', 0o600) };
      this.files[partition] = file;
    }
    const bytes = new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength);
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await file.handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
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
