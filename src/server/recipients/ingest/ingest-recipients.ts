// Streams an uploaded recipient list through parsing, normalising and exact duplicate removal,
// producing the clean list as it goes (docs/recipients.md). Pull-driven: the upload is read only
// as fast as the consumer of `output` (the Core upload) takes the clean list, so memory stays
// bounded by the dedupe budget plus a few 64 KiB buffers whatever the file size.
import { compileNumberRule, invalidReasonOf, numberKeyFromBytes, type NumberRule } from '../../../domain/phone-number.js';
import { looksBinary, SNIFF_BYTES, utf8BomLength } from './binary-sniff.js';
import { CleanListBatches } from './clean-list-batches.js';
import { BinaryFileError, PayloadTooLargeError } from './errors.js';
import { ExactDeduplicator } from './exact-deduplicator.js';
import { InvalidLineSample, type InvalidLine } from './invalid-line-sample.js';
import { RecordSplitter } from './record-splitter.js';

export interface IngestOptions extends NumberRule {
  /** UPLOAD_MAX_BYTES: reading stops with PayloadTooLargeError as soon as more arrived. */
  maxBytes: number;
  /** UPLOAD_DEDUPE_MEMORY_MB in bytes: the dedupe hash table grows with the list, never past it (its growth included). */
  dedupeMemoryBytes: number;
  /** Where the private spill directory is made. */
  tmpDir: string;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
}

export interface IngestProgress {
  bytes: number;
  lines: number;
  accepted: number;
  invalid: number;
  duplicates: number;
  /** Valid numbers in spill files, not yet known to be first occurrences or duplicates. */
  pendingDedupe: number;
}

export interface IngestResult extends Omit<IngestProgress, 'pendingDedupe'> {
  headerSkipped: boolean;
  /** Whether the dedupe budget was exceeded and spill files were used. */
  spilled: boolean;
  /** The first 100 invalid lines. */
  sampleErrors: InvalidLine[];
}

export interface RecipientIngestion {
  /** The clean list: digits and '\n' per number, in chunks of about 64 KiB. Read it to the end. */
  output: AsyncIterable<Buffer>;
  /** Settles once `output` has ended, failed or been abandoned, and temporary files are gone. */
  result: Promise<IngestResult>;
}

export class IngestAbandonedError extends Error {
  constructor() {
    super('The clean recipient list was not read to the end.');
    this.name = 'IngestAbandonedError';
  }
}

const SLICE_BYTES = 64 * 1024;
const PROGRESS_INTERVAL_MS = 250;

export function ingestRecipients(input: AsyncIterable<Uint8Array>, options: IngestOptions): RecipientIngestion {
  let settle!: (outcome: { ok: true; value: IngestResult } | { ok: false; error: unknown }) => void;
  const result = new Promise<IngestResult>((resolve, reject) => {
    settle = (outcome) => (outcome.ok ? resolve(outcome.value) : reject(outcome.error));
  });
  result.catch(() => {}); // the output's consumer sees the same error; this one may go unobserved
  const abandoned = () => settle({ ok: false, error: new IngestAbandonedError() });
  return { output: settlesWhenClosedUnread(cleanList(input, options, settle), abandoned), result };
}

/**
 * A generator closed before its first `next()` never runs its body, so its `finally` (which
 * settles `result`) never runs either: a consumer that fails before reading (the Core request
 * could not even connect) would leave `result` pending for ever. Nothing was read or written
 * then, so settling as abandoned is all there is to do.
 */
function settlesWhenClosedUnread(generator: AsyncGenerator<Buffer>, abandoned: () => void): AsyncIterableIterator<Buffer> {
  let started = false;
  const closing = () => {
    if (!started) abandoned();
    started = true;
  };
  const iterator: AsyncIterableIterator<Buffer> = {
    next: () => {
      started = true;
      return generator.next();
    },
    return: (value?: unknown) => {
      closing();
      return generator.return(value);
    },
    throw: (error?: unknown) => {
      closing();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

async function* cleanList(
  input: AsyncIterable<Uint8Array>,
  options: IngestOptions,
  settle: (outcome: { ok: true; value: IngestResult } | { ok: false; error: unknown }) => void,
): AsyncGenerator<Buffer> {
  const rule = compileNumberRule(options);
  const batches = new CleanListBatches();
  const dedupe = new ExactDeduplicator({
    budgetBytes: options.dedupeMemoryBytes,
    tmpDir: options.tmpDir,
    emit: (key) => batches.append(key),
  });
  const errors = new InvalidLineSample();
  let invalid = 0;
  let bytes = 0;
  const splitter = new RecordSplitter({
    field(bytes, start, end, line) {
      const key = numberKeyFromBytes(bytes, start, end, rule);
      if (key > 0) {
        dedupe.add(key);
      } else {
        invalid++;
        errors.add(line, bytes, start, end, invalidReasonOf(key));
      }
    },
    lineTooLong(bytes, start, end, line) {
      invalid++;
      errors.add(line, bytes, start, end, 'line_too_long');
    },
  });
  const progress = (): IngestProgress => ({
    bytes,
    lines: splitter.lines,
    accepted: dedupe.accepted,
    invalid,
    duplicates: dedupe.duplicates,
    pendingDedupe: dedupe.pending,
  });
  let reportedAt = 0;
  const report = (force: boolean): void => {
    const now = performance.now();
    if (options.onProgress === undefined || (!force && now - reportedAt < PROGRESS_INTERVAL_MS)) return;
    reportedAt = now;
    options.onProgress(progress());
  };

  let outcome: { ok: true; value: IngestResult } | { ok: false; error: unknown } = { ok: false, error: new IngestAbandonedError() };
  try {
    let head: Uint8Array[] | null = []; // chunks held until SNIFF_BYTES have arrived
    let headBytes = 0;
    for await (const chunk of input) {
      options.signal?.throwIfAborted();
      bytes += chunk.length;
      if (bytes > options.maxBytes) throw new PayloadTooLargeError(options.maxBytes);
      let data = chunk;
      if (head !== null) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes < SNIFF_BYTES) continue;
        data = startOfText(Buffer.concat(head));
        head = null;
      }
      for (let at = 0; at < data.length; at += SLICE_BYTES) {
        splitter.push(data.subarray(at, at + SLICE_BYTES));
        await dedupe.flush();
        yield* batches.takeReady();
      }
      report(false);
    }
    if (head !== null) splitter.push(startOfText(Buffer.concat(head)));
    splitter.end();
    await dedupe.flush();
    for await (const _ of dedupe.finish()) {
      options.signal?.throwIfAborted();
      yield* batches.takeReady();
      report(false);
    }
    yield* batches.takeAll();
    report(true);
    const { pendingDedupe: _, ...counts } = progress();
    outcome = {
      ok: true,
      value: { ...counts, headerSkipped: splitter.headerSkipped, spilled: dedupe.spilled, sampleErrors: errors.lines },
    };
  } catch (error) {
    outcome = { ok: false, error };
    throw error;
  } finally {
    await dedupe.dispose();
    settle(outcome);
  }
}

/** Refuses binary content and drops a UTF-8 byte-order mark. */
function startOfText(head: Uint8Array): Uint8Array {
  if (looksBinary(head.subarray(0, SNIFF_BYTES))) throw new BinaryFileError();
  return head.subarray(utf8BomLength(head));
}
