// Overview's numbers (issue 17 "True numbers on Overview"): "sent today" and the 24 hourly buckets
// equal the sum of what Core reported in those periods, in the reader's day (here a +05:30 browser),
// across midnight of the simulator's clock. The simulator's clock is held still and moved in jumps,
// and the status poller is driven cycle by cycle (the server's own is off), so each report of Core
// is known: a report's growth counts in the hour of its `updated_at` (Core's clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseProgressSteps } from '../../src/server/campaigns/progress-summaries.js';
import { startStatusPoller, type StatusPoller } from '../../src/server/campaigns/status-poller.js';
import { createCampaign, submitAndApprove, uploadNumbers, type CampaignEnv, startCampaignEnv } from './campaigns-fixture.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The browser's zone: India, +05:30 all year, so its day and hours start at :30 UTC. */
const OFFSET_MS = 330 * MINUTE_MS;
/** A clock that practically stands still: simulated time moves only when the test moves it. */
const STILL = 1e-9;

interface Report {
  at: number;
  sent: number;
  delivered: number;
  failed: number;
}

let env: CampaignEnv;
const pollers: StatusPoller[] = [];
beforeAll(async () => {
  env = await startCampaignEnv('overview', { sendRate: 1, failureShare: 0.1 }, { CORE_POLL_INTERVAL_MS: String(HOUR_MS) });
  await env.sim.setClock(STILL);
});
afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  await env?.stop();
});

const simNow = async () => Date.parse((await env.sim.control<{ clock: { now: string } }>('GET', '/state')).clock.now);
async function moveClockTo(at: number): Promise<void> {
  await env.sim.setClock(STILL, Math.max(0, at - (await simNow())));
}
/** With the offset written out, as a browser in that zone would send it. */
const localIso = (at: number) => `${new Date(at + OFFSET_MS).toISOString().slice(0, 19)}+05:30`;

async function coreReport(jobId: string): Promise<Report> {
  const job = await env.srv.app.core.core.getJob(jobId, 'test');
  return { at: Date.parse(job.updated_at), sent: job.sent, delivered: job.delivered, failed: job.failed };
}

/** Poller cycles until the campaigns hold what Core reports now; Core's reports, in order. */
async function pollUntilApplied(pollerOf: () => StatusPoller[], jobs: Map<string, Report[]>): Promise<void> {
  for (const [jobId, reports] of jobs) {
    const report = await coreReport(jobId);
    for (let cycle = 0; ; cycle++) {
      await Promise.all(pollerOf().map((p) => p.pollOnce()));
      const held = await env.srv.database.db.collection('campaigns').findOne({ job_id: jobId });
      if (held?.progress.sent === report.sent && held.progress.delivered === report.delivered && held.progress.failed === report.failed) break;
      expect(cycle, `campaign of job ${jobId} never reached Core's counters`).toBeLessThan(50);
    }
    const last = reports.at(-1);
    if (!last || last.sent !== report.sent || last.delivered !== report.delivered || last.failed !== report.failed) reports.push(report);
  }
}

/** What Core reported in [from, until): the growth of each report over the one before, by its time. */
function reportedBetween(jobs: Map<string, Report[]>, from: number, until: number) {
  const sum = { sent: 0, delivered: 0, failed: 0 };
  for (const reports of jobs.values()) {
    reports.forEach((r, i) => {
      const before = reports[i - 1] ?? { sent: 0, delivered: 0, failed: 0 };
      if (r.at < from || r.at >= until) return;
      sum.sent += r.sent - before.sent;
      sum.delivered += r.delivered - before.delivered;
      sum.failed += r.failed - before.failed;
    });
  }
  return sum;
}

async function startedCampaign(numbers: number): Promise<string> {
  const c = await createCampaign(env, env.author);
  await uploadNumbers(env, c.job_id, numbers);
  await submitAndApprove(env, c.external_id);
  return c.job_id;
}

describe('Overview figures', () => {
  it('sent today and the hourly buckets equal what Core reported in them, across midnight of the browser’s day', async () => {
    // Midnight of a +05:30 browser at least three simulated hours ahead.
    const now = await simNow();
    let midnight = Math.ceil((now + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
    if (midnight - now < 3 * HOUR_MS) midnight += DAY_MS;
    await moveClockTo(midnight - 180 * MINUTE_MS);

    // One message a simulated second per job: the long campaign keeps sending; the short one ends
    // about 20 minutes after midnight, and Core stamps its last report with that time.
    const poller = startStatusPoller(env.srv.app, HOUR_MS, HOUR_MS);
    pollers.push(poller);
    const jobs = new Map<string, Report[]>([
      [await startedCampaign(30_000), []],
      [await startedCampaign(12_000), []],
    ]);
    for (const offset of [-170, -100, -35, -1 / 6, 5 / 6, 40, 95]) {
      await moveClockTo(midnight + offset * MINUTE_MS);
      await pollUntilApplied(() => [poller], jobs);
      // Quarter-hour summaries take over the steps recorded so far (twice at once, as two
      // overlapping pollers would); the last reports stay steps, so Overview adds both.
      if (offset === -35 || offset === 5 / 6) {
        const now = new Date();
        await Promise.all([summariseProgressSteps(env.srv.app.db, now, 0), summariseProgressSteps(env.srv.app.db, new Date(now.getTime() + 1), 0)]);
      }
    }
    const db = env.srv.database.db;
    expect(await db.collection('progress_summaries').countDocuments({ workspace_id: env.ws._id })).toBeGreaterThan(0);
    expect(await db.collection('progress_steps').countDocuments({ workspace_id: env.ws._id, recorded_at: { $gte: (await db.collection('meta').findOne({ _id: 'progress_summaries' as never }))?.until } })).toBeGreaterThan(0);
    const readAt = await simNow();

    const r = await env.author.client.get(`${env.base}/overview?day_start=${encodeURIComponent(localIso(midnight))}&now=${encodeURIComponent(localIso(readAt))}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);

    const today = reportedBetween(jobs, midnight, readAt + 1);
    const everything = reportedBetween(jobs, 0, Infinity);
    expect(r.body.sent_today).toBe(today.sent);
    // Not the campaigns' totals: what was reported before midnight belongs to yesterday.
    expect(today.sent).toBeGreaterThan(0);
    expect(today.sent).toBeLessThan(everything.sent);

    // The browser's hours start at its midnight (:30 UTC here); the last one holds the reading time.
    const currentHour = midnight + Math.floor((readAt - midnight) / HOUR_MS) * HOUR_MS;
    const expected = Array.from({ length: 24 }, (_, i) => {
      const hour = currentHour - (23 - i) * HOUR_MS;
      return { hour: new Date(hour).toISOString(), ...reportedBetween(jobs, hour, hour + HOUR_MS) };
    });
    expect(r.body.last_24_hours).toEqual(expected);
    expect(expected.filter((b) => b.sent > 0).length).toBeGreaterThanOrEqual(4);
    const day = reportedBetween(jobs, currentHour - 23 * HOUR_MS, currentHour + HOUR_MS);
    expect(r.body.delivery_rate).toBeCloseTo(day.delivered / (day.delivered + day.failed), 10);
  });

  it('two pollers that overlap (a stalled lease holder beside its successor) record each report once', async () => {
    const jobId = await startedCampaign(5_000);
    const jobs = new Map<string, Report[]>([[jobId, []]]);
    const start = await simNow();
    const both = [startStatusPoller(env.srv.app, HOUR_MS, 0), startStatusPoller(env.srv.app, HOUR_MS, 0)];
    pollers.push(...both);
    for (const minutes of [10, 25, 45, 60, 90]) {
      await moveClockTo(start + minutes * MINUTE_MS);
      await pollUntilApplied(() => both, jobs);
    }
    const campaign = await env.srv.database.db.collection('campaigns').findOne({ job_id: jobId });
    const steps = await env.srv.database.db.collection<{ _id: string; sent: number }>('progress_steps').find({ _id: { $regex: `^${campaign!._id.toHexString()}:` } }).toArray();
    const recorded = steps.reduce((sum, s) => sum + s.sent, 0);
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBe(reportedBetween(jobs, 0, Infinity).sent);
    expect(recorded).toBe((await coreReport(jobId)).sent);
  });
});
