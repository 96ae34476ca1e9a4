// The worker thread of one upload's exact deduplication (dedupe-thread.ts starts it): number keys
// arrive in transferred batches, each answered with the clean-list batches it completed and the
// counts so far; then `resolve` requests take the spill files' results back a part at a time.
// Requests are handled one at a time, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { CleanListBatches } from './clean-list-batches.js';
import type { DedupeReply, DedupeRequest, DedupeWorkerData } from './dedupe-thread.js';
import { ExactDeduplicator } from './exact-deduplicator.js';

/** A `resolve` answer carries about this much of the clean list (the spill files' first occurrences). */
const RESOLVE_REPLY_BYTES = 256 * 1024;

const port = parentPort!;
const { budgetBytes, tmpDir } = workerData as DedupeWorkerData;
const batches = new CleanListBatches();
const dedupe = new ExactDeduplicator({
  budgetBytes,
  tmpDir,
  emit: (key) => batches.append(key),
  madeDirectory: (path) => port.postMessage({ type: 'spillDirectory', path } satisfies DedupeReply),
});
let resolving: AsyncGenerator<void> | null = null;

let queue = Promise.resolve();
port.on('message', (request: DedupeRequest) => {
  queue = queue.then(() => handle(request));
});

async function handle(request: DedupeRequest): Promise<void> {
  try {
    if (request.type === 'keys') {
      const { keys, count } = request;
      for (let i = 0; i < count; i++) dedupe.add(keys[i]!);
      await dedupe.flush();
      answer(batches.takeReady(), false, keys);
    } else if (request.type === 'resolve') {
      resolving ??= dedupe.finish();
      const ready: Buffer[] = [];
      let bytes = 0;
      let finished = false;
      while (bytes < RESOLVE_REPLY_BYTES && !finished) {
        finished = (await resolving.next()).done === true;
        for (const batch of finished ? batches.takeAll() : batches.takeReady()) {
          ready.push(batch);
          bytes += batch.length;
        }
      }
      answer(ready, finished);
    } else {
      // Always answered: the calling thread removes the directory again in any case.
      await dedupe.dispose().catch(() => undefined);
      port.postMessage({ type: 'disposed' } satisfies DedupeReply);
    }
  } catch (error) {
    const { name, message, code } = error as NodeJS.ErrnoException;
    port.postMessage({ type: 'failed', name, message: message ?? String(error), code } satisfies DedupeReply);
  }
}

function answer(ready: Buffer[], finished: boolean, keys?: Float64Array): void {
  const reply: DedupeReply = {
    type: 'counts',
    batches: ready,
    keys,
    accepted: dedupe.accepted,
    duplicates: dedupe.duplicates,
    pending: dedupe.pending,
    spilled: dedupe.spilled,
    finished,
  };
  // Every batch has an ArrayBuffer of its own (64 KiB, never from Buffer's shared pool).
  const transfer: ArrayBuffer[] = ready.map((batch) => batch.buffer as ArrayBuffer);
  if (keys !== undefined) transfer.push(keys.buffer as ArrayBuffer);
  port.postMessage(reply, transfer);
}
