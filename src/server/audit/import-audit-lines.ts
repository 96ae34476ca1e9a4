import { constants as fsc } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { BSON, type Db, type Document } from 'mongodb';
import { batchFailureCause, documentWriteErrors, isDuplicateKeyCode } from '../db/bulk-errors.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { COLLECTIONS } from '../db/collections.js';
import { readFallbackLine } from './fallback-line.js';
import { fileLines } from './file-lines.js';

export interface ImportProgress {
  file: string;
  lines: number;
  inserted: number;
  /** Already in `audit_logs` (duplicate `_id`): an earlier drain or a replay got there first. */
  duplicates: number;
  rejected: number;
}

export interface ImportOptions {
  db: Db;
  key: Buffer;
  /** Where refused lines go (one JSON object per line: file, line number, reason, text). */
  rejectedPath: string;
  batchSize?: number;
  onProgress?(p: ImportProgress): void;
}

/**
 * Two inserts at a time keep the database busy while this process reads, verifies and encodes
 * the next batch, and let the dev database work on two batches at once (bench: fallback drain).
 */
const INSERTS_IN_FLIGHT = 2;

interface Rejection {
  line: number;
  reason: string;
  text: string;
}

/**
 * What `mongoimport --collection=audit_logs --mode=insert` does with a fallback file, plus the
 * mac check of security.md: streams the Extended JSON lines in constant memory, inserts them in
 * unordered batches (a duplicate `_id` counts as already present), and appends every line that
 * does not parse or verify to `rejectedPath` with its line number. Database errors propagate;
 * the file is never modified, so a retry starts over and skips what is already in.
 */
export async function importAuditLines(path: string, opts: ImportOptions): Promise<ImportProgress> {
  const batchSize = opts.batchSize ?? 1000;
  const coll = opts.db.collection(COLLECTIONS.auditLogs);
  const progress: ImportProgress = { file: path, lines: 0, inserted: 0, duplicates: 0, rejected: 0 };
  const rejections: Rejection[] = [];
  let batch: { doc: Document; line: number }[] = [];

  // Up to INSERTS_IN_FLIGHT inserts run while the next batch is read and verified; their results
  // are counted (and refused lines appended) in batch order. A failed insert surfaces at a later
  // flush or at the end.
  const inFlight: Promise<void>[] = [];
  let counted: Promise<void> = Promise.resolve();
  const count = async (docs: typeof batch, inserting: Promise<BatchFailures>, rejected: Rejection[], previous: Promise<void>): Promise<void> => {
    const failed = await inserting;
    await previous;
    progress.inserted += docs.length - failed.duplicates.length - failed.refused.length;
    progress.duplicates += failed.duplicates.length;
    for (const r of failed.refused) rejected.push({ line: docs[r.index]!.line, reason: `refused by the database: ${r.message}`, text: BSON.EJSON.stringify(docs[r.index]!.doc, { relaxed: false }) });
    if (rejected.length) {
      progress.rejected += rejected.length;
      await appendRejections(opts.rejectedPath, basename(path), rejected);
    }
    opts.onProgress?.({ ...progress });
  };
  const flush = async (): Promise<void> => {
    const docs = batch;
    batch = [];
    const rejected = rejections.splice(0);
    if (inFlight.length >= INSERTS_IN_FLIGHT) await inFlight.shift();
    const inserting = docs.length ? insertBatch(coll, docs.map((d) => d.doc)) : Promise.resolve(NOTHING_FAILED);
    counted = count(docs, inserting, rejected, counted);
    counted.catch(() => undefined); // observed at a later flush or at the end; avoids an unhandled rejection meanwhile
    inFlight.push(counted);
  };

  for await (const lines of fileLines(path)) {
    for (const text of lines) {
      progress.lines++;
      if (!text.trim()) continue;
      const parsed = readFallbackLine(text, opts.key);
      if (typeof parsed === 'string') rejections.push({ line: progress.lines, reason: parsed, text: text.slice(0, 4096) });
      else batch.push({ doc: parsed, line: progress.lines });
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  await counted;
  return progress;
}

interface BatchFailures {
  duplicates: number[];
  refused: { index: number; message: string }[];
}

const NOTHING_FAILED: BatchFailures = { duplicates: [], refused: [] };

async function insertBatch(coll: ReturnType<Db['collection']>, docs: Document[], retries = 1): Promise<BatchFailures> {
  try {
    await coll.insertMany(docs, { ordered: false });
    return { duplicates: [], refused: [] };
  } catch (err) {
    const failed = documentWriteErrors(err);
    if (failed === null) {
      // A connection that died with a database restart fails once; a batch is safe to send again
      // (what is already in comes back as duplicates). A second failure is the caller's to retry later.
      if (retries > 0 && isDatabaseUnavailable(batchFailureCause(err))) return insertBatch(coll, docs, retries - 1);
      throw err;
    }
    const result: BatchFailures = { duplicates: [], refused: [] };
    for (const [index, e] of failed) {
      if (isDuplicateKeyCode(e.code)) result.duplicates.push(index);
      else result.refused.push({ index, message: e.message });
    }
    return result;
  }
}

async function appendRejections(path: string, file: string, rejections: Rejection[]): Promise<void> {
  const fh = await open(path, fsc.O_WRONLY | fsc.O_APPEND | fsc.O_CREAT | fsc.O_NOFOLLOW, 0o600);
  try {
    await fh.write(rejections.map((r) => `${JSON.stringify({ file, ...r })}\n`).join(''));
    await fh.datasync();
  } finally {
    await fh.close();
  }
}
