// Status sync: one poll cycle of the real status poller (src/server/campaigns/status-poller.ts)
// over 10 k active Trigger jobs in the simulator, first with nothing changed, then with 1 k jobs
// moved from scheduled to sending (each: version claim, conditional update, audit event; the
// updates 16 at a time, the claims and audit events of the changes waiting for them gathered into
// shared inserts), twice (the next 1 k jobs start for the second cycle), the faster counting.
// Baseline: as many bare conditional updates of other campaigns, a round before the cycles and one
// after them, the faster counting. The note profiles the floor: those updates, claim
// inserts and audit inserts (batched as the server batches them) on the same database.
import { ObjectId } from 'mongodb';
import { startStatusPoller, type PollResult } from '../src/server/campaigns/status-poller.js';
import { COLLECTIONS } from '../src/server/db/collections.js';
import type { CreateCoreJobInput } from '../src/server/core/core-types.js';
import { startServer } from '../src/server/start-server.js';
import type { BenchContext, BenchRow } from './bench-row.js';
import { insertGenerated } from './support/bench-database.js';
import { seededDatabase } from './support/bench-server.js';
import { benchAuditEvent, benchCampaign } from './support/generated-docs.js';
import { formatMs, ratioOf, runConcurrently, scaled } from './support/measure.js';

const DAY_MS = 86_400_000;
const SOON_MS = 60_000;

const triggerJob = (externalId: string, workspaceId: string, startAt: number): CreateCoreJobInput => ({
  external_id: externalId,
  workspace_id: workspaceId,
  created_by: 'bench',
  mode: 'Trigger',
  sender: { saddr: 'ACME', ston: 5, snpi: 0, dton: 1, dnpi: 1 },
  esme: 'esme-beeline',
  strategy: 'cp1',
  text: 'Hello',
  start_at: new Date(startAt).toISOString(),
  end_at: new Date(startAt + 30 * DAY_MS).toISOString(),
  daily_time: null,
  sending_window: null,
  auto_start: true,
});

const describe = (ms: number, r: PollResult) => `${formatMs(ms)} (seen ${r.seen}, ${r.statusChanges} status changes, ${r.progressUpdates} progress updates)`;

export async function run(scale: number, ctx: BenchContext): Promise<BenchRow[]> {
  const jobs = scaled(10_000, scale, 200);
  const changes = scaled(1_000, scale, 20);
  // The server's own poller must not run: this bench calls pollOnce itself.
  const seeded = await seededDatabase(ctx.mongoUri, ctx.sim, 'sync', { CORE_POLL_INTERVAL_MS: String(DAY_MS) });
  try {
    const server = await startServer(seeded.config);
    try {
      for (let i = 0; i < 200 && !server.app.dbState.ready; i++) await new Promise((r) => setTimeout(r, 50));
      const core = server.app.core.core;
      const workspace = new ObjectId();
      const admin = new ObjectId();
      const state = await ctx.sim.control<{ clock: { now: string } }>('GET', '/state');
      const simNow = Date.parse(state.clock.now);
      // The first `changes` jobs start soon (sim time), the next `changes` a little later (a second
      // busy cycle), the rest tomorrow: all are `scheduled` now.
      const startOf = (i: number) => simNow + (i < changes ? SOON_MS : i < 2 * changes ? 3 * SOON_MS : DAY_MS);
      const jobIds: string[] = new Array<string>(jobs);
      await runConcurrently(jobs, 32, async (i) => {
        const { job_id } = await core.createJob(triggerJob(`bench-${i}`, workspace.toHexString(), startOf(i)), 'bench-sync');
        await core.releaseJob(job_id, true, 'bench-sync');
        jobIds[i] = job_id;
      });
      await insertGenerated(seeded.database.db, COLLECTIONS.campaigns, jobs, (i) => ({
        ...benchCampaign(i, [workspace], admin),
        mode: 'Trigger',
        job_id: jobIds[i]!,
        status: 'Pending',
        archived: false,
        archived_at: null,
        moderation_queue: false,
        progress: { total: 0, sent: 0, delivered: 0, failed: 0, updated_at: null },
      }));

      const poller = startStatusPoller(server.app, DAY_MS);
      try {
        // The poller's first cycle is a full sync (it reads every active campaign); so is one cycle a
        // minute after that. The cycles in between read only what changed in Core.
        let t0 = performance.now();
        const first = await poller.pollOnce();
        const fullSyncMs = performance.now() - t0;
        t0 = performance.now();
        const quiet = await poller.pollOnce();
        const quietMs = performance.now() - t0;

        // Baseline: the bare conditional updates alone, on as many other campaigns, as many at a time:
        // one round before the busy cycle and one after it. The one before also warms the database
        // for the cycle as a running service's is warm: the first 1 000 updates after the bulk load
        // of the campaigns ran up to twice as slow whichever side went first.
        const campaigns = seeded.database.db.collection(COLLECTIONS.campaigns);
        /** The campaigns of jobs `from`… (past the first `changes`, whose jobs change: they keep their versions). */
        const bareUpdates = async (from: number) => {
          const picked = { job_id: { $in: jobIds.slice(from, from + changes) } };
          const others = await campaigns.find(picked, { projection: { _id: 1, workspace_id: 1, version: 1 } }).toArray();
          const started = performance.now();
          await runConcurrently(others.length, 16, async (i) => {
            const c = others[i]!;
            await campaigns.updateOne({ _id: c._id, workspace_id: c.workspace_id, version: c.version }, { $set: { status: 'Sending', updated_at: new Date() }, $inc: { version: 1 } });
          });
          return { count: others.length, ms: performance.now() - started };
        };
        const bareBefore = await bareUpdates(2 * changes);

        /** Two minutes on in Core's clock: the next `changes` jobs start; one cycle applies them. */
        const busyCycle = async (lastJob: number) => {
          await ctx.sim.setClock(1, 2 * SOON_MS);
          for (let i = 0; i < 100; i++) {
            const page = await core.getJob(jobIds[lastJob]!, 'bench-sync');
            if (page.status === 'sending') break;
            await new Promise((r) => setTimeout(r, 50));
          }
          const started = performance.now();
          const result = await poller.pollOnce();
          return { result, ms: performance.now() - started };
        };
        // Two busy cycles, as the bare updates have two rounds: the faster counts.
        const cycles = [await busyCycle(changes - 1), await busyCycle(2 * changes - 1)];
        const { result: busy, ms: busyMs } = cycles[0]!.ms <= cycles[1]!.ms ? cycles[0]! : cycles[1]!;
        const events = await seeded.database.db.collection(COLLECTIONS.auditLogs).countDocuments({ action: 'campaign.status_changed' });
        const bareAfter = await bareUpdates(3 * changes);
        const bareMs = Math.min(bareBefore.ms, bareAfter.ms);
        // The rest of the floor: as many claims and audit events, inserted in batches of 64.
        const batches = (count: number, make: (i: number) => object, into: string) =>
          runConcurrently(Math.ceil(count / 64), 2, (b) => {
            const docs = Array.from({ length: Math.min(64, count - b * 64) }, (_, k) => make(b * 64 + k));
            return seeded.database.db.collection(into).insertMany(docs as never[], { ordered: false });
          });
        const claimsMs = await batches(changes, (i) => ({ _id: `bench:${i}:0`, claimed_at: new Date(), expires_at: new Date() }), COLLECTIONS.claims);
        const auditsMs = await batches(changes, (i) => benchAuditEvent(i, [workspace]), COLLECTIONS.auditLogs);

        return [
          {
            path: 'status sync (no changes)',
            workload: `poll cycle over ${jobs} active jobs in the simulator, nothing changed`,
            ours: describe(quietMs, quiet),
            baseline: '—',
            ratio: null,
            target: '< 1 s',
            pass: quietMs < 1000 && !quiet.fullSync && quiet.statusChanges === 0 && quiet.progressUpdates === 0,
            note: `the poller's first cycle, a full sync that reads all ${first.seen} active campaigns from the database (repeated once a minute), took ${formatMs(fullSyncMs)}; the cycles between full syncs read only campaigns whose Core job changed`,
          },
          {
            path: 'status sync (changes)',
            workload: `poll cycle over ${jobs} active jobs, ${changes} of them scheduled → sending (two such cycles)`,
            ours: describe(busyMs, busy),
            baseline: `${formatMs(bareMs)} (bare updateOne of ${bareAfter.count} other campaigns, 16 in flight; the faster of a round before and one after)`,
            ratio: ratioOf(changes / busyMs, bareAfter.count / bareMs),
            target: `< 2 s for ${changes} changes (conditional update + audit event each)`,
            pass: busyMs < 2000 && cycles.every((c) => c.result.statusChanges === changes) && events === 2 * changes,
            note:
              `the faster of two cycles (${cycles.map((c) => formatMs(c.ms)).join(', ')}), ${events} campaign.status_changed events written in all; each change claims the campaign's version (kept after the write), updates it conditionally and writes ` +
              `the audit event; updates 16 at a time, the claims and audit events of the changes waiting for them in shared inserts; the bare rounds took ${formatMs(bareBefore.ms)} before the cycles and ${formatMs(bareAfter.ms)} after them; the floor on this database: bare updates ${formatMs(bareMs)} + ` +
              `claim inserts ${formatMs(claimsMs)} + audit inserts ${formatMs(auditsMs)} = ${formatMs(bareMs + claimsMs + auditsMs)}`,
          },
        ];
      } finally {
        await poller.stop();
      }
    } finally {
      await server.close();
    }
  } finally {
    await seeded.database.drop();
  }
}
