// Backup / restore: backupDatabase / restoreDatabase (src/server/backup) against a bare driver
// cursor read of every document and a bare insertMany of the same documents.
// Memory is measured in this process (the backup runs in-process): process.resourceUsage().maxRSS
// before/after each of our steps, and the RSS sampled on every progress callback after the first 10 %.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId, type Db, type Document } from 'mongodb';
import { backupDatabase, restoreDatabase } from '../src/server/backup/index.js';
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

async function bareRead(db: Db, names: string[]): Promise<number> {
  let n = 0;
  for (const name of names) for await (const _ of db.collection(name).find({}, { raw: true })) n++;
  return n;
}

async function bareCopy(from: Db, to: Db, names: string[]): Promise<number> {
  let n = 0;
  for (const name of names) {
    let batch: Document[] = [];
    for await (const doc of from.collection(name).find({})) {
      batch.push(doc);
      if (batch.length === BATCH) {
        await to.collection(name).insertMany(batch, { ordered: false });
        n += batch.length;
        batch = [];
      }
    }
    if (batch.length) await to.collection(name).insertMany(batch, { ordered: false });
    n += batch.length;
  }
  return n;
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

    // Untimed first pass: the freshly inserted data is read once so that neither side pays for a
    // cold cache (or the database settling after the inserts) alone.
    await bareRead(source.db, dataCollections);
    const backupMemory = memoryWatch(total);
    const backupCounts = new Map<string, number>();
    const ours = await timed(() => backupDatabase(source.db, { archiveFile }, { gzip: false, onProgress: (c, n) => backupMemory.progress(n, backupCounts, c) }));
    const backedUp = ours.value.collections.filter((c) => dataCollections.includes(c.name as (typeof dataCollections)[number])).reduce((s, c) => s + c.count, 0);
    if (backedUp !== total) throw new Error(`the backup holds ${backedUp} of ${total} documents`);
    const read = await timed(() => bareRead(source.db, dataCollections));

    const restored = await benchDatabase(ctx.mongoUri, 'bkres');
    dbs.push(restored);
    const restoreMemory = memoryWatch(total);
    const restoreCounts = new Map<string, number>();
    const restore = await timed(() => restoreDatabase(restored.db, { archiveFile }, { onProgress: (c, n) => restoreMemory.progress(n, restoreCounts, c) }));
    if (restore.value.error) throw new Error(`restore failed: ${restore.value.error}`);
    const copy = await benchDatabase(ctx.mongoUri, 'bkcopy');
    dbs.push(copy);
    const inserted = await timed(() => bareCopy(source.db, copy.db, dataCollections));

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
        `maxRSS rose by ${ours.maxRssDeltaMiB} / ${restore.maxRssDeltaMiB} MiB; restore also rebuilds the indexes, the bare insertMany copy reads the source through a cursor and builds none`,
    };
  } finally {
    for (const d of dbs) await d.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
