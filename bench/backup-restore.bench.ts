// Backup / restore: backupDatabase / restoreDatabase (src/backup) against a bare driver
// cursor read of every document and a bare insertMany of the same documents, and against the
// operator's tools: `mongodump --archive` and `mongorestore --archive --drop` (on the dev database
// `--noIndexRestore`, then the migrations' index step, timed together — as `mc restore` is timed
// with the same index step).
// Memory is measured in this process (the backup runs in-process): process.resourceUsage().maxRSS
// before/after each of our steps, and the RSS sampled on every progress callback after the first 10 %.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, ObjectId, type Db, type Document } from 'mongodb';
import { backupDatabase, restoreDatabase } from '../src/backup/index.js';
import { COLLECTIONS } from '../src/server/db/collections.js';
import { ensureIndexes } from '../src/server/migrations/indexes.js';
import { migrate } from '../src/server/migrations/migrate.js';
import type { BenchContext, BenchRow } from './bench-row.js';
import { benchDatabase, insertGenerated, type BenchDatabase } from './support/bench-database.js';
import { benchAuditEvent, benchCampaign } from './support/generated-docs.js';
import { formatRate, mib, ownPeakRssMiB, perSecond, phaseClock, ratioOf, scaled } from './support/measure.js';
import { peerTool, runMongoTool, type ToolRun } from './support/mongo-tool-run.js';

const BATCH = 1000;
const CONSTANT_MEMORY_MIB = 64;
const BARE_RATIO = 0.7;
/** Issue 20: the operator's tools are baselines, and ours must beat them. */
const PEER_RATIO = 1.0;

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

/** `mongodump --archive` of the source, or why it was not run. */
async function mongodump(ctx: BenchContext, dbName: string, archive: string): Promise<ToolRun | string> {
  const tool = peerTool('mongodump');
  if ('skipped' in tool) return tool.skipped;
  return runMongoTool(tool.path, [`--uri=${ctx.mongoUri}`, `--db=${dbName}`, `--archive=${archive}`, '--quiet']);
}

/** `mongorestore --archive --drop --noIndexRestore` into `to`, then the migrations' index step; timed together. */
async function mongorestore(ctx: BenchContext, from: string, to: BenchDatabase, archive: string): Promise<PeerRun> {
  const tool = peerTool('mongorestore');
  if ('skipped' in tool) return tool.skipped;
  const t0 = performance.now();
  const run = await runMongoTool(tool.path, [`--uri=${ctx.mongoUri}`, `--archive=${archive}`, '--drop', '--noIndexRestore', `--nsFrom=${from}.*`, `--nsTo=${to.name}.*`, '--quiet']);
  await ensureIndexes(to.db);
  return { ms: performance.now() - t0, peakRssMiB: run.peakRssMiB };
}

type PeerRun = { ms: number; peakRssMiB: number } | string;

const peerRow = (
  path: string, workload: string, ours: string, rate: number, peer: PeerRun, total: number, tool: string, memoryOk: boolean, growth: string,
): BenchRow => {
  if (typeof peer === 'string') return { path, workload, ours, baseline: '—', ratio: null, target: `≥ ${PEER_RATIO}× ${tool}; constant memory`, pass: null, note: peer };
  const ratio = ratioOf(rate, perSecond(total, peer.ms));
  return {
    path,
    workload,
    ours,
    baseline: `${formatRate(perSecond(total, peer.ms), 'doc')}, peak RSS ${peer.peakRssMiB} MiB (${tool}, whole process)`,
    ratio,
    target: `≥ ${PEER_RATIO}× ${tool}; constant memory`,
    pass: ratio !== null && ratio >= PEER_RATIO && memoryOk,
    note: growth,
  };
};

/**
 * 300 k audit events + 30 k campaigns at scale 1, the same documents for every side. The five passes
 * over them (ours, mongodump, mongorestore, the bare copy, and the data itself) cost about 1 ms per
 * document on the 2-core dev database, so the 1.1 M documents of earlier runs took 19 of the 20
 * minutes `make bench` may take; a third of them still runs each side for tens of seconds, and the
 * 300 k documents after the first 10 % would hold well over the 64 MiB limit if anything per
 * document were retained (each is ~480 bytes in the archive, more decoded).
 */
const FULL_EVENTS = 300_000;
const FULL_CAMPAIGNS = 30_000;

export async function run(scale: number, ctx: BenchContext): Promise<BenchRow[]> {
  const events = scaled(FULL_EVENTS, scale, 10_000);
  const campaigns = scaled(FULL_CAMPAIGNS, scale, 1_000);
  const total = events + campaigns;
  const dbs: BenchDatabase[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'mc-bench-backup-'));
  const phase = phaseClock('backup-restore');
  try {
    const source = await benchDatabase(ctx.mongoUri, 'bksrc');
    dbs.push(source);
    await migrate(source.db, { auditRetentionDays: 36500, log: () => undefined });
    const workspaces = Array.from({ length: 100 }, () => new ObjectId());
    await insertGenerated(source.db, COLLECTIONS.auditLogs, events, (i) => benchAuditEvent(i, workspaces));
    await insertGenerated(source.db, COLLECTIONS.campaigns, campaigns, (i) => benchCampaign(i, workspaces, workspaces[0]!));
    phase(`source data (${total} documents)`);
    const dataCollections = [COLLECTIONS.auditLogs, COLLECTIONS.campaigns];
    const archiveFile = join(dir, 'bench.archive');

    // Untimed: a pushed-down query that matches nothing makes PostgreSQL read (and settle) every
    // freshly inserted row without FerretDB converting any, so neither side pays for that alone.
    for (const name of dataCollections) await source.db.collection(name).find({ bench_absent: 'none' }).toArray();
    phase('warm-up query');
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
    phase('our backup');
    const peerArchive = join(dir, 'mongodump.archive');
    const dumped = await mongodump(ctx, source.name, peerArchive);

    phase('mongodump');
    const restored = await benchDatabase(ctx.mongoUri, 'bkres');
    dbs.push(restored);
    const restoreMemory = memoryWatch(total);
    const restoreCounts = new Map<string, number>();
    // What `mc restore` does: the restore, then the migrations' index step.
    const restore = await timed(async () => {
      const summary = await restoreDatabase(restored.db, { archiveFile }, { onProgress: (c, n) => restoreMemory.progress(n, restoreCounts, c) });
      if (!summary.error) await ensureIndexes(restored.db);
      return summary;
    });
    if (restore.value.error) throw new Error(`restore failed: ${restore.value.error}`);
    const restoredCount = restore.value.collections
      .filter((c) => dataCollections.includes(c.name as (typeof dataCollections)[number]))
      .reduce((n, c) => n + c.count, 0);
    if (restoredCount !== total) throw new Error(`the restore inserted ${restoredCount} of ${total} documents`);
    phase('our restore + index step');
    await restored.drop();
    dbs.splice(dbs.indexOf(restored), 1);
    let peerRestore: PeerRun = typeof dumped === 'string' ? dumped : '';
    if (typeof dumped !== 'string') {
      const peerTarget = await benchDatabase(ctx.mongoUri, 'bkpeer');
      dbs.push(peerTarget);
      peerRestore = await mongorestore(ctx, source.name, peerTarget, peerArchive);
      let peerCount = 0;
      for (const name of dataCollections) peerCount += await peerTarget.db.collection(name).estimatedDocumentCount();
      if (peerCount !== total) throw new Error(`mongorestore inserted ${peerCount} of ${total} documents`);
      await peerTarget.drop();
      dbs.splice(dbs.indexOf(peerTarget), 1);
    }
    phase('mongorestore + index step');
    const copy = await benchDatabase(ctx.mongoUri, 'bkcopy');
    dbs.push(copy);
    const bare = await bareReadAndCopy(source.db, copy.db, dataCollections);
    phase(`bare copy (read ${(bare.readMs / 1000).toFixed(1)} s, insert ${(bare.insertMs / 1000).toFixed(1)} s)`);
    const read = { value: bare.read, ms: bare.readMs };
    const inserted = { value: bare.inserted, ms: bare.insertMs };

    const backupRate = perSecond(total, ours.ms);
    const restoreRate = perSecond(total, restore.ms);
    const backupRatio = ratioOf(backupRate, perSecond(read.value, read.ms));
    const restoreRatio = ratioOf(restoreRate, perSecond(inserted.value, inserted.ms));
    const growth = Math.max(backupMemory.growthMiB(), restoreMemory.growthMiB());
    const ok = (r: number | null) => r !== null && r >= BARE_RATIO;
    const workload = `${events} audit events + ${campaigns} campaigns (archive, no gzip)`;
    const backupGrowth = `in-process RSS growth after the first 10 % of documents ${backupMemory.growthMiB()} MiB (limit ${CONSTANT_MEMORY_MIB} MiB); maxRSS rose by ${ours.maxRssDeltaMiB} MiB`;
    const restoreGrowth = `in-process RSS growth after the first 10 % of documents ${restoreMemory.growthMiB()} MiB (limit ${CONSTANT_MEMORY_MIB} MiB); maxRSS rose by ${restore.maxRssDeltaMiB} MiB; both sides build the same indexes after the data`;
    return [
      {
        path: 'backup / restore',
        workload,
        ours: `backup ${formatRate(backupRate, 'doc')}, restore ${formatRate(restoreRate, 'doc')}`,
        baseline: `cursor read ${formatRate(perSecond(read.value, read.ms), 'doc')}, insertMany ${formatRate(perSecond(inserted.value, inserted.ms), 'doc')}`,
        ratio: backupRatio === null || restoreRatio === null ? null : Math.min(backupRatio, restoreRatio),
        target: `≥ ${BARE_RATIO}× each; constant memory`,
        pass: ok(backupRatio) && ok(restoreRatio) && growth <= CONSTANT_MEMORY_MIB,
        note:
          `ratio is the lower of backup ${backupRatio ?? '—'}× and restore ${restoreRatio ?? '—'}×; ` +
          `in-process memory: RSS growth after the first 10 % of documents ${backupMemory.growthMiB()} MiB (backup) / ${restoreMemory.growthMiB()} MiB (restore), limit ${CONSTANT_MEMORY_MIB} MiB; ` +
          `maxRSS rose by ${ours.maxRssDeltaMiB} / ${restore.maxRssDeltaMiB} MiB; restore (as \`mc restore\`) also builds the indexes, the bare insertMany builds none (one pass over the source times the cursor and the inserts apart)`,
      },
      peerRow('backup vs mongodump', workload, `backup ${formatRate(backupRate, 'doc')}`, backupRate, dumped, total, 'mongodump --archive', backupMemory.growthMiB() <= CONSTANT_MEMORY_MIB, backupGrowth),
      peerRow('restore vs mongorestore', workload, `restore + index step ${formatRate(restoreRate, 'doc')}`, restoreRate, peerRestore, total, 'mongorestore --archive --drop --noIndexRestore + index step', restoreMemory.growthMiB() <= CONSTANT_MEMORY_MIB, restoreGrowth),
    ];
  } finally {
    for (const d of dbs) await d.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
