// Audit write: 50 k events, 32 in flight, through the audit sink (mac + insert) against the bare
// driver's insertOne of the same documents; plus the fallback file's group commit on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { SYSTEM_ACTOR } from '../src/server/audit/audit-event.js';
import { AuditLog, buildAuditEvent } from '../src/server/audit/audit-log.js';
import { canonicalEjson, signAuditDocument } from '../src/server/audit/audit-mac.js';
import { FallbackFile } from '../src/server/audit/fallback-file.js';
import type { BenchRow } from './bench-row.js';
import { benchDatabase } from './support/bench-database.js';
import { formatRate, perSecond, ratioOf, runConcurrently, scaled } from './support/measure.js';

const CONCURRENCY = 32;
const ROUNDS = 10;
const TARGET_RATIO = 0.8;
const FALLBACK_TARGET_PER_S = 1_000;
const quiet = { info() {}, warn() {}, error() {} };

const event = (i: number) =>
  buildAuditEvent(
    { action: 'campaign.paused', workspaceId: new ObjectId(), resource: { type: 'campaign', id: `c-${i}` }, before: { status: 'Sending' }, after: { status: 'Paused' } },
    { actor: { ...SYSTEM_ACTOR }, ip: '127.0.0.1', userAgent: 'bench', requestId: `bench-${i}` },
  );

export async function run(scale: number, mongoUri: string): Promise<BenchRow[]> {
  const count = scaled(50_000, scale, 500);
  const measured = Math.ceil(count / ROUNDS) * ROUNDS;
  const bench = await benchDatabase(mongoUri, 'auditw');
  const dir = mkdtempSync(join(tmpdir(), 'mc-bench-audit-'));
  try {
    const sink = new AuditLog({ db: bench.db, secret: 'bench-secret-bench-secret-bench-secret-01', fallbackFile: join(dir, 'unused.jsonl'), logger: quiet });
    const bare = bench.db.collection('audit_bare');
    await runConcurrently(500, CONCURRENCY, (i) => bare.insertOne(event(i))); // warm-up: pool, JIT
    // Alternating rounds, so that a slower phase of the database server hits both sides alike.
    let baselineMs = 0;
    let oursMs = 0;
    const round = Math.ceil(count / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      baselineMs += await runConcurrently(round, CONCURRENCY, (i) => bare.insertOne(event(r * round + i)));
      oursMs += await runConcurrently(round, CONCURRENCY, (i) => sink.write(event(r * round + i)));
    }
    await sink.idle();
    const ours = perSecond(measured, oursMs);
    const baseline = perSecond(measured, baselineMs);
    const ratio = ratioOf(ours, baseline);

    const fallback = new FallbackFile(join(dir, 'fallback.jsonl'), quiet);
    const lines = Array.from({ length: Math.min(count, 20_000) }, (_, i) => canonicalEjson(signAuditDocument(event(i), sink.key)));
    const fallbackMs = await runConcurrently(lines.length, CONCURRENCY, (i) => fallback.append(lines[i]!));
    const fallbackRate = perSecond(lines.length, fallbackMs);
    return [
      {
        path: 'audit write',
        workload: `${measured} events, ${CONCURRENCY} in flight, database up (${ROUNDS} alternating rounds)`,
        ours: formatRate(ours, 'events'),
        baseline: `${formatRate(baseline, 'events')} (bare insertOne)`,
        ratio,
        target: `≥ ${TARGET_RATIO}× bare insertOne`,
        pass: ratio !== null && ratio >= TARGET_RATIO,
      },
      {
        path: 'audit write (fallback file)',
        workload: `${lines.length} lines, ${CONCURRENCY} in flight, each durable (fdatasync, group commit) before it resolves`,
        ours: formatRate(fallbackRate, 'events'),
        baseline: '—',
        ratio: null,
        target: `≥ ${FALLBACK_TARGET_PER_S} events/s`,
        pass: fallbackRate >= FALLBACK_TARGET_PER_S,
      },
    ];
  } finally {
    await bench.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
