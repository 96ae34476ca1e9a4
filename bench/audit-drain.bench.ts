// Fallback drain: 1 M (and 100 k) signed events from a fallback file into audit_logs, in a child
// process running the compiled JavaScript with the image's environment (as production does) so its
// peak RSS is the drain's own, against bare insertMany(ordered:false) batches of 1000 already-parsed
// documents (only the insert time counted), and against the operator's manual path,
// `mongoimport --mode=insert` of the same file (the fallback file is what it reads; the 100 k file
// only, for the bench's 20 minutes: at 1 M it took 163 s and trailed by more than at 100 k). The 100 k file
// runs first in the bench run, on a dev database still settling from the previous bench: there each
// side gets two rounds, in opposite orders, each round in a fresh database, and each side's best
// round counts.
import { execFile } from 'node:child_process';
import { createWriteStream, linkSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ObjectId, type Document } from 'mongodb';
import { SYSTEM_ACTOR } from '../src/server/audit/audit-event.js';
import { buildAuditEvent } from '../src/server/audit/audit-log.js';
import { auditMacKey, canonicalEjson, signAuditDocument } from '../src/server/audit/audit-mac.js';
import type { BenchRow } from './bench-row.js';
import { benchDatabase, type BenchDatabase } from './support/bench-database.js';
import { compiledModule, imageEnv } from './support/bench-server.js';
import { formatRate, perSecond, phaseClock, ratioOf, scaled } from './support/measure.js';
import { peerTool, runMongoTool } from './support/mongo-tool-run.js';

const run$ = promisify(execFile);
const SECRET = 'bench-secret-bench-secret-bench-secret-01';
/** The Benchmarks issue: ≥ 0.8× bare insertMany; peak RSS of the large file within 10 % of the small one. */
const TARGET_RATIO = 0.8;
const RSS_GROWTH_LIMIT = 1.1;
/** Issue 20: the operator's alternative is a baseline, and ours must beat it. */
const PEER_RATIO = 1.0;

const event = (i: number) =>
  buildAuditEvent(
    { action: 'campaign.status_changed', workspaceId: new ObjectId(), resource: { type: 'campaign', id: `c-${i}` }, before: { status: 'Sending' }, after: { status: 'Completed', sent: i } },
    { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId: `drain-${i}` },
  );

async function writeFallbackFile(path: string, count: number): Promise<void> {
  const key = auditMacKey(SECRET);
  const out = createWriteStream(path, { mode: 0o600 });
  for (let i = 0; i < count; i++) {
    if (!out.write(`${canonicalEjson(signAuditDocument(event(i), key))}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * The drain in its own process, from the compiled JavaScript with the image's environment (as
 * `mc audit drain` runs in the pod); it reports its elapsed time and peak RSS.
 */
async function drainInChild(mongoUri: string, dbName: string, file: string): Promise<{ ms: number; rssMiB: number; lines: number }> {
  const drainModule = pathToFileURL(compiledModule('src/server/audit/drain-fallback.ts')).href;
  const macModule = pathToFileURL(compiledModule('src/server/audit/audit-mac.ts')).href;
  const code = `
    const { MongoClient } = await import('mongodb');
    const { drainFallback } = await import(${JSON.stringify(drainModule)});
    const { auditMacKey } = await import(${JSON.stringify(macModule)});
    const client = new MongoClient(${JSON.stringify(mongoUri)}, { maxPoolSize: 8 });
    await client.connect();
    const t0 = performance.now();
    const out = await drainFallback(${JSON.stringify(file)}, { db: client.db(${JSON.stringify(dbName)}), key: auditMacKey(${JSON.stringify(SECRET)}) });
    const ms = performance.now() - t0;
    await client.close();
    const lines = out.status === 'drained' ? out.files.reduce((n, f) => n + f.inserted, 0) : 0;
    console.log(JSON.stringify({ ms, lines, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));`;
  const { stdout } = await run$(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, ...imageEnv() }, timeout: 3_600_000, maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number; rssMiB: number; lines: number };
}

/** Bare driver: batches of 1000 built before the clock runs, insertMany(ordered:false) timed. */
async function bareInsert(bench: BenchDatabase, count: number): Promise<number> {
  const coll = bench.db.collection('audit_bare');
  let insertMs = 0;
  for (let from = 0; from < count; from += 1000) {
    const docs: Document[] = [];
    for (let i = from; i < Math.min(count, from + 1000); i++) docs.push(event(i));
    const t0 = performance.now();
    await coll.insertMany(docs, { ordered: false });
    insertMs += performance.now() - t0;
  }
  return insertMs;
}

/** `mongoimport --mode=insert` of the same fallback file into a collection of its own, or why it was not run. */
async function mongoimportFile(mongoUri: string, dbName: string, file: string): Promise<{ ms: number; rssMiB: number } | string> {
  const tool = peerTool('mongoimport');
  if ('skipped' in tool) return tool.skipped;
  const run = await runMongoTool(tool.path, [`--uri=${mongoUri}`, `--db=${dbName}`, '--collection=audit_import', '--mode=insert', `--file=${file}`, '--quiet']);
  return { ms: run.ms, rssMiB: run.peakRssMiB };
}

type Measured = { rows: BenchRow[]; rssMiB: number };
type Round = { drainMs: number; rssMiB: number; importMs: number | null; importRssMiB: number; importSkipped: string | null; bareMs: number };

/**
 * One round in a fresh database: the drain of a link to `source` (the drain deletes the file it
 * drained), mongoimport of `source`, the bare inserts — in this order, or reversed.
 */
async function round(mongoUri: string, source: string, count: number, reversed: boolean, withPeer: boolean, phase: (p: string) => void): Promise<Round> {
  const bench = await benchDatabase(mongoUri, 'auditd');
  const file = `${source}.fallback`;
  try {
    linkSync(source, file);
    const out: Round = { drainMs: 0, rssMiB: 0, importMs: null, importRssMiB: 0, importSkipped: null, bareMs: 0 };
    const steps: Array<() => Promise<void>> = [
      async () => {
        const drained = await drainInChild(mongoUri, bench.name, file);
        if (drained.lines !== count) throw new Error(`the drain inserted ${drained.lines} of ${count} events`);
        Object.assign(out, { drainMs: drained.ms, rssMiB: drained.rssMiB });
        phase(`${count}: drain ${(drained.ms / 1000).toFixed(1)} s`);
      },
      async () => {
        const imported = await mongoimportFile(mongoUri, bench.name, source);
        if (typeof imported === 'string') {
          out.importSkipped = imported;
          return;
        }
        // countDocuments is counted in SQL by devdb (docs/devdb.md); estimatedDocumentCount's `count` read every document (90 s at 1 M).
        const importedCount = await bench.db.collection('audit_import').countDocuments({});
        if (importedCount !== count) throw new Error(`mongoimport inserted ${importedCount} of ${count} events`);
        Object.assign(out, { importMs: imported.ms, importRssMiB: imported.rssMiB });
        phase(`${count}: mongoimport`);
      },
      async () => {
        out.bareMs = await bareInsert(bench, count);
        phase(`${count}: bare insertMany (inserts ${(out.bareMs / 1000).toFixed(1)} s)`);
      },
    ];
    if (!withPeer) steps.splice(1, 1);
    for (const step of reversed ? steps.reverse() : steps) await step();
    return out;
  } finally {
    await bench.drop();
    rmSync(file, { force: true });
  }
}

/** `withPeer`: mongoimport runs too (the 100 k file only: at 1 M it took 163 s of the bench's 20 minutes). */
async function measure(mongoUri: string, count: number, dir: string, rounds: 1 | 2, smallRssMiB: number | null, withPeer: boolean): Promise<Measured> {
  const phase = phaseClock('audit-drain');
  const source = join(dir, `events-${count}.jsonl`);
  try {
    await writeFallbackFile(source, count);
    phase(`${count}: fallback file written`);
    const done: Round[] = [];
    for (let r = 0; r < rounds; r++) done.push(await round(mongoUri, source, count, r % 2 === 1, withPeer, phase));
    const drainMs = Math.min(...done.map((r) => r.drainMs));
    const rssMiB = Math.max(...done.map((r) => r.rssMiB));
    const baselineMs = Math.min(...done.map((r) => r.bareMs));
    const importMs = done.every((r) => r.importMs !== null) ? Math.min(...done.map((r) => r.importMs!)) : null;
    const importRssMiB = Math.max(...done.map((r) => r.importRssMiB));
    const ours = perSecond(count, drainMs);
    const baseline = perSecond(count, baselineMs);
    const ratio = ratioOf(ours, baseline);
    const rssFlat = smallRssMiB === null || rssMiB <= smallRssMiB * RSS_GROWTH_LIMIT;
    const workload = `${count} signed events from the fallback file (line reader, mac check, insertMany ordered:false × 1000)`;
    const oursText = `${formatRate(ours, 'events')}, peak RSS ${rssMiB} MiB`;
    const rssTarget = smallRssMiB === null ? '' : `; peak RSS within 10 % of the small file's (${smallRssMiB} MiB)`;
    const note =
      rounds === 2
        ? `best of two rounds each (drain, mongoimport, bare in a fresh database, then the reverse order in another): drain ${done.map((r) => formatRate(perSecond(count, r.drainMs), 'events')).join(' / ')}, bare ${done.map((r) => formatRate(perSecond(count, r.bareMs), 'events')).join(' / ')}` +
          (importMs === null ? '' : `, mongoimport ${done.map((r) => formatRate(perSecond(count, r.importMs!), 'events')).join(' / ')}`) + '; peak RSS the higher round\'s'
        : undefined;
    const rows: BenchRow[] = [
      {
        path: 'fallback drain',
        workload,
        ours: oursText,
        baseline: `${formatRate(baseline, 'events')} (bare insertMany of pre-parsed batches)`,
        ratio,
        target: `≥ ${TARGET_RATIO}× bare${rssTarget}`,
        pass: ratio !== null && ratio >= TARGET_RATIO && rssFlat,
        ...(note ? { note } : {}),
      },
    ];
    const skipped = done.find((r) => r.importSkipped !== null)?.importSkipped;
    if (!withPeer) return { rows, rssMiB };
    if (importMs === null) {
      rows.push({ path: 'fallback drain vs mongoimport', workload, ours: oursText, baseline: '—', ratio: null, target: `≥ ${PEER_RATIO}× mongoimport`, pass: null, note: skipped ?? 'mongoimport did not run' });
    } else {
      const peer = perSecond(count, importMs);
      const peerRatio = ratioOf(ours, peer);
      rows.push({
        path: 'fallback drain vs mongoimport',
        workload,
        ours: oursText,
        baseline: `${formatRate(peer, 'events')}, peak RSS ${importRssMiB} MiB (mongoimport --mode=insert of the same file, whole process)`,
        ratio: peerRatio,
        target: `≥ ${PEER_RATIO}× mongoimport${rssTarget}`,
        pass: peerRatio !== null && peerRatio >= PEER_RATIO && rssFlat,
        ...(note ? { note } : {}),
      });
    }
    return { rows, rssMiB };
  } finally {
    rmSync(source, { force: true });
  }
}

export async function run(scale: number, mongoUri: string): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-drain-'));
  try {
    const small = await measure(mongoUri, scaled(100_000, scale, 1_000), dir, 2, null, true);
    const large = await measure(mongoUri, scaled(1_000_000, scale, 10_000), dir, 1, small.rssMiB, false);
    return [...small.rows, ...large.rows];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
