// Exact deduplication on a second core: one worker thread per upload (dedupe-worker.ts) runs the
// ExactDeduplicator while this thread parses. Keys go over in transferred batches of BATCH_KEYS,
// at most MAX_IN_FLIGHT unanswered, so parsing and lookups overlap and memory stays bounded; the
// clean list comes back as the worker's ready 64 KiB batches, transferred too. `flush` and
// `finish` hand them on as they arrive, so the upload is still read only as fast as they are taken.
import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

const BATCH_KEYS = 32 * 1024; // 256 KiB of keys per message
const MAX_IN_FLIGHT = 2;

/**
 * The worker's heap holds a few small objects: its table, spill buffers and output batches are
 * ArrayBuffers, outside these limits. Small limits keep the isolate's own memory small.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4, stackSizeMb: 1 };

/** Under tsx (tests, bench scripts) this module is TypeScript, and so is the worker's. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './dedupe-worker.ts' : './dedupe-worker.js', import.meta.url);

export interface DedupeWorkerData {
  /** UPLOAD_DEDUPE_MEMORY_MB in bytes. */
  budgetBytes: number;
  /** Parent of the private spill directory. */
  tmpDir: string;
}

export type DedupeRequest = { type: 'keys'; keys: Float64Array; count: number } | { type: 'resolve' } | { type: 'dispose' };

export type DedupeReply =
  | {
      type: 'counts';
      /** Clean-list batches completed by this request, in order. */
      batches: Uint8Array[];
      /** A `keys` request's buffer, given back for the next batch. */
      keys: Float64Array | undefined;
      accepted: number;
      duplicates: number;
      pending: number;
      spilled: boolean;
      /** `resolve`: the spill files are all resolved and `batches` held the end of the list. */
      finished: boolean;
    }
  | { type: 'spillDirectory'; path: string }
  | { type: 'failed'; name: string; message: string; code: string | undefined }
  | { type: 'disposed' };

type Counts = Extract<DedupeReply, { type: 'counts' }>;

export class DedupeThread {
  accepted = 0;
  duplicates = 0;
  /** Keys in spill files, not yet known to be first occurrences or duplicates. */
  pending = 0;
  spilled = false;
  private readonly worker: Worker;
  private keys: Float64Array = new Float64Array(BATCH_KEYS);
  private batched = 0;
  private readonly free: Float64Array[] = [];
  private unanswered = 0;
  private readonly replies: Counts[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private spillDirectory: string | null = null;
  private exited = false;
  private readonly gone: Promise<void>;
  private disposed: (() => void) | null = null;

  constructor(data: DedupeWorkerData) {
    this.worker = new Worker(WORKER_URL, {
      workerData: data,
      resourceLimits: RESOURCE_LIMITS,
      ...(FROM_SOURCE ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    this.worker.on('message', (reply: DedupeReply) => this.received(reply));
    this.worker.on('error', (error) => this.fail(new Error(`The deduplication worker failed: ${error.message}`, { cause: error })));
    this.gone = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.exited = true;
        this.fail(new Error(`The deduplication worker stopped (exit code ${code}).`));
        resolve();
      }),
    );
  }

  /** Takes a key; it is counted (and, if new, its digits given) by `flush` or `finish`. */
  add(key: number): void {
    this.keys[this.batched++] = key;
    if (this.batched === BATCH_KEYS) this.send();
  }

  /** Gives the clean list answered so far; waits while too many batches are unanswered. */
  async *flush(): AsyncGenerator<Buffer> {
    while (this.replies.length > 0 || this.unanswered > MAX_IN_FLIGHT) yield* this.batchesOf(await this.nextReply());
  }

  /** After the last `add`: every answer, then the spill files' results, to the end of the list. */
  async *finish(): AsyncGenerator<Buffer> {
    this.send();
    while (this.unanswered > 0) yield* this.batchesOf(await this.nextReply());
    // Two requests in flight, so the worker reads on while this thread hands a part on.
    this.request({ type: 'resolve' });
    for (;;) {
      this.request({ type: 'resolve' });
      const reply = await this.nextReply();
      yield* this.batchesOf(reply);
      if (reply.finished) break;
    }
    await this.nextReply(); // the request sent after the last part, answered with nothing
  }

  /** Ends the worker once it has closed and removed its spill files; removes them itself if the worker died. */
  async dispose(): Promise<void> {
    if (!this.exited) {
      const done = new Promise<void>((resolve) => (this.disposed = resolve));
      this.worker.postMessage({ type: 'dispose' } satisfies DedupeRequest);
      await Promise.race([done, this.gone]);
    }
    await this.worker.terminate();
    if (this.spillDirectory !== null) await rm(this.spillDirectory, { recursive: true, force: true });
  }

  private send(): void {
    if (this.batched === 0) return;
    const keys = this.keys;
    this.request({ type: 'keys', keys, count: this.batched }, [keys.buffer as ArrayBuffer]);
    this.keys = this.free.pop() ?? new Float64Array(BATCH_KEYS);
    this.batched = 0;
  }

  private request(request: DedupeRequest, transfer: ArrayBuffer[] = []): void {
    this.throwIfFailed();
    this.worker.postMessage(request, transfer);
    this.unanswered++;
  }

  private received(reply: DedupeReply): void {
    if (reply.type === 'spillDirectory') this.spillDirectory = reply.path;
    else if (reply.type === 'disposed') this.disposed?.();
    else if (reply.type === 'failed') this.fail(Object.assign(new Error(reply.message), { name: reply.name, code: reply.code }));
    else {
      this.unanswered--;
      this.replies.push(reply);
      this.wakeUp();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async nextReply(): Promise<Counts> {
    for (;;) {
      const reply = this.replies.shift();
      if (reply !== undefined) return reply;
      this.throwIfFailed();
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private *batchesOf(reply: Counts): Generator<Buffer> {
    this.accepted = reply.accepted;
    this.duplicates = reply.duplicates;
    this.pending = reply.pending;
    this.spilled = reply.spilled;
    if (reply.keys !== undefined) this.free.push(reply.keys);
    for (const batch of reply.batches) yield Buffer.from(batch.buffer, batch.byteOffset, batch.byteLength);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
