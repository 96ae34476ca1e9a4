// Backup / restore: backupDatabase / restoreDatabase (src/backup) against a bare driver
// cursor read of every document and a bare insertMany of the same documents.
// Memory is measured in this process (the backup runs in-process): process.resourceUsage().maxRSS
// before/after each of our steps, and the RSS sampled on every progress callback after the first 10 %.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, ObjectId, type Db, type Document } from 'mongodb';
import { backupDatabase, restoreDatabase } from '../src/backup/index.js';
import { COLLECTIONS } from '../src/server/db/collections.js';
import { migrate } from '../src/server/migrations/migrate.js';
import type { BenchContext, BenchRow } from './bench-row.js';
import { benchDatabase, insertGenerated, type BenchDatabase } from './support/bench-database.js';
import { benchAuditEvent, benchCampaign } from './support/generated-docs.js';
import { formatRate, mib, ownPeakRssMiB, perSecond, ratioOf, scaled } from './support/measure.js';

const BATCH = 1000;
const CONSTANT_MEMORY_MIB = 64;

/** RSS growth after the first 10 % of documents went through (what "constant memory" means here). */
function memoryWatch(total: number) {
  let seen = 0;
  let settled: number | null = null;
  let peak = 0;
  return {
    progress(count: number, previous: Map<string, number>, collection: string) {
      seen += count - (previous.get(collection) ?? 0);
      previous.set(collection, count);
      const rss = process.memoryUsage().rss;
      if (settled === null && seen >= total / 10) settled = rss;
      if (settled !== null) peak = Math.max(peak, rss);
    },
    growthMiB: () => (settled === null ? 0 : mib(Math.max(0, peak - settled))),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T; maxRssDeltaMiB: number }> {
  const rssBefore = ownPeakRssMiB();
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value, maxRssDeltaMiB: ownPeakRssMiB() - rssBefore };
}

/**
 * One pass over the source for both baselines: the time spent waiting on the raw cursor is the bare
 * read, the time spent in insertMany (1000 documents, unordered, into a database without indexes)
 * is the bare insert. The two never overlap, so each is what it would be alone, and the documents
 * are read once instead of twice.
 */
async function bareReadAndCopy(from: Db, to: Db, names: string[]): Promise<{ read: number; readMs: number; inserted: number; insertMs: number }> {
  const out = { read: 0, readMs: 0, inserted: 0, insertMs: 0 };
  for (const name of names) {
    const cursor = from.collection(name).find({}, { raw: true })[Symbol.asyncIterator]();
    let batch: Document[] = [];
    const insert = async () => {
      const t0 = performance.now();
      await to.collection(name).insertMany(batch, { ordered: false });
      out.insertMs += performance.now() - t0;
      out.inserted += batch.length;
      batch = [];
    };
    for (;;) {
      const t0 = performance.now();
      const next = await cursor.next();
      out.readMs += performance.now() - t0;
      if (next.done) break;
      out.read++;
      batch.push(BSON.deserialize(next.value as unknown as Uint8Array));
      if (batch.length === BATCH) await insert();
    }
    if (batch.length) await insert();
  }
  return out;
}

export async function run(scale: number, ctx: BenchContext): Promise<BenchRow> {
  const events = scaled(1_000_000, scale, 10_000);
  const campaigns = scaled(100_000, scale, 1_000);
  const total = events + campaigns;
  const dbs: BenchDatabase[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'mc-bench-backup-'));
  try {
    const source = await benchDatabase(ctx.mongoUri, 'bksrc');
    dbs.push(source);
    await migrate(source.db, { auditRetentionDays: 36500, log: () => undefined });
    const workspaces = Array.from({ length: 100 }, () => new ObjectId());
    await insertGenerated(source.db, COLLECTIONS.auditLogs, events, (i) => benchAuditEvent(i, workspaces));
    await insertGenerated(source.db, COLLECTIONS.campaigns, campaigns, (i) => benchCampaign(i, workspaces, workspaces[0]!));
    const dataCollections = [COLLECTIONS.auditLogs, COLLECTIONS.campaigns];
    const archiveFile = join(dir, 'bench.archive');

    // Untimed: a pushed-down query that matches nothing makes PostgreSQL read (and settle) every
    // freshly inserted row without FerretDB converting any, so neither side pays for that alone.
    for (const name of dataCollections) await source.db.collection(name).find({ bench_absent: 'none' }).toArray();
    const backupMemory = memoryWatch(total);
    const backupCounts = new Map<string, number>();
    const ours = await timed(() => backupDatabase(
      source.db,
      { archiveFile },
      { gzip: false, onProgress: (c, n) => backupMemory.progress(n, backupCounts, c) },
    ));
    const backedUp = ours.value.collections.filter((c) => dataCollections.includes(c.name as (typeof dataCollections)[number])).reduce(
      (s, c) => s + c.count,
      0,
    );
    if (backedUp !== total) throw new Error(`the backup holds ${backedUp} of ${total} documents`);

    const restored = await benchDatabase(ctx.mongoUri, 'bkres');
    dbs.push(restored);
    const restoreMemory = memoryWatch(total);
    const restoreCounts = new Map<string, number>();
    const restore = await timed(() => restoreDatabase(restored.db, { archiveFile }, { onProgress: (c, n) => restoreMemory.progress(n, restoreCounts, c) }));
    if (restore.value.error) throw new Error(`restore failed: ${restore.value.error}`);
    const copy = await benchDatabase(ctx.mongoUri, 'bkcopy');
    dbs.push(copy);
    const bare = await bareReadAndCopy(source.db, copy.db, dataCollections);
    const read = { value: bare.read, ms: bare.readMs };
    const inserted = { value: bare.inserted, ms: bare.insertMs };

    const backupRatio = ratioOf(perSecond(total, ours.ms), perSecond(read.value, read.ms));
    const restoreRatio = ratioOf(perSecond(total, restore.ms), perSecond(inserted.value, inserted.ms));
    const growth = Math.max(backupMemory.growthMiB(), restoreMemory.growthMiB());
    const ok = (r: number | null) => r !== null && r >= 0.7;
    return {
      path: 'backup / restore',
      workload: `${events} audit events + ${campaigns} campaigns (archive, no gzip)`,
      ours: `backup ${formatRate(perSecond(total, ours.ms), 'doc')}, restore ${formatRate(perSecond(total, restore.ms), 'doc')}`,
      baseline: `cursor read ${formatRate(perSecond(read.value, read.ms), 'doc')}, insertMany ${formatRate(perSecond(inserted.value, inserted.ms), 'doc')}`,
      ratio: backupRatio === null || restoreRatio === null ? null : Math.min(backupRatio, restoreRatio),
      target: '≥ 0.7× each; constant memory',
      pass: ok(backupRatio) && ok(restoreRatio) && growth <= CONSTANT_MEMORY_MIB,
      note:
        `ratio is the lower of backup ${backupRatio ?? '—'}× and restore ${restoreRatio ?? '—'}×; ` +
        `in-process memory: RSS growth after the first 10 % of documents ${backupMemory.growthMiB()} MiB (backup) / ${restoreMemory.growthMiB()} MiB (restore), limit ${CONSTANT_MEMORY_MIB} MiB; ` +
        `maxRSS rose by ${ours.maxRssDeltaMiB} / ${restore.maxRssDeltaMiB} MiB; restore also rebuilds the indexes, the bare insertMany builds none (one pass over the source times the cursor and the inserts apart)`,
    };
  } finally {
    for (const d of dbs) await d.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
