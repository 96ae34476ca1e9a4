import { link, stat, unlink } from 'node:fs/promises';
import type { Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { acquireDrainLock } from './drain-lock.js';
import { fallbackPaths } from './fallback-paths.js';
import { importAuditLines, type ImportProgress } from './import-audit-lines.js';

export interface DrainOptions {
  db: Db;
  key: Buffer;
  batchSize?: number;
  onProgress?(p: ImportProgress): void;
}

export type DrainOutcome =
  | { status: 'busy' }
  | { status: 'drained'; files: ImportProgress[] };

const MAX_ROUNDS = 20;

const inode = (path: string) => stat(path).then((s) => s.ino, () => null);

/**
 * Moves the fallback file's events into `audit_logs` (operations.md §3). Under the `.lock`:
 * a leftover `.draining` file (an interrupted drain) goes first; then the fallback file becomes
 * the `.draining` file — by link + unlink, which unlike rename never replaces an existing
 * `.draining` — and is imported; it is deleted only after every line is in or rejected. A crash
 * at any point leaves the events in one of the two files, and a re-run skips the ones already in.
 */
export async function drainFallback(fallbackFile: string, opts: DrainOptions): Promise<DrainOutcome> {
  const paths = fallbackPaths(fallbackFile);
  const lock = await acquireDrainLock(paths.lock);
  if (!lock) return { status: 'busy' };
  const files: ImportProgress[] = [];
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const drainingIno = await inode(paths.draining);
      if (drainingIno !== null) {
        files.push(await importAuditLines(
          paths.draining,
          { db: opts.db, key: opts.key, rejectedPath: paths.rejected, batchSize: opts.batchSize, onProgress: opts.onProgress },
        ));
        // The inode check keeps us from deleting a `.draining` file that is not the one we read.
        if ((await inode(paths.draining)) === drainingIno) await unlink(paths.draining);
        continue;
      }
      if ((await inode(paths.file)) === null) break;
      try {
        await link(paths.file, paths.draining);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' || (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      await unlink(paths.file);
    }
    if (files.length)
      await opts.db
        .collection<{ _id: string }>(COLLECTIONS.meta)
        .updateOne({ _id: 'audit_drain' }, { $set: { last_drain_at: new Date(), last_drain_lines: files.reduce((n, f) => n + f.lines, 0) } }, { upsert: true });
    return { status: 'drained', files };
  } finally {
    await lock.release();
  }
}

/** When the last drain finished (any process), from `meta`. */
export async function lastDrainAt(db: Db): Promise<Date | null> {
  const doc = await db.collection<{ _id: string; last_drain_at?: Date }>(COLLECTIONS.meta).findOne({ _id: 'audit_drain' });
  return doc?.last_drain_at ?? null;
}
