// The status poller's memory (docs/decisions.md "The status poller remembers…"): between full syncs
// an unchanged Core job costs no database read, a job that ends between two cycles is still applied,
// and a stale memory loses its race harmlessly. The server's own poller is off (one-hour interval):
// each test drives pollOnce itself.
import { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStatusPoller, type StatusPoller } from '../../src/server/campaigns/status-poller.js';
import { createCampaign, futureBase, startCampaignEnv, submitAndApprove, uploadNumbers, type CampaignEnv } from './campaigns-fixture.js';

const HOUR_MS = 3_600_000;
let env: CampaignEnv;
const pollers: StatusPoller[] = [];
beforeAll(async () => {
  env = await startCampaignEnv('poller', { sendRate: 500, failureShare: 0 }, { CORE_POLL_INTERVAL_MS: String(HOUR_MS) });
});
afterAll(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  await env?.stop();
});

function poller(fullSyncMs = HOUR_MS): StatusPoller {
  const p = startStatusPoller(env.srv.app, HOUR_MS, fullSyncMs);
  pollers.push(p);
  return p;
}
const campaignDoc = (externalId: string) => env.srv.database.db.collection('campaigns').findOne({ external_id: externalId });

async function activeTrigger() {
  const c = await createCampaign(env, env.author, { mode: 'Trigger', end_at: new Date((await futureBase(env)) + HOUR_MS).toISOString(), text: 'Code {{code}}' });
  await submitAndApprove(env, c.external_id);
  return c;
}

async function coreStatus(jobId: string, wanted: string) {
  for (let i = 0; i < 100; i++) {
    const job = await env.srv.app.core.core.getJob(jobId, 'test');
    if (job.status === wanted) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not reach ${wanted}`);
}

describe('status poller memory', () => {
  it('between full syncs, an unchanged job costs no database read; a full sync reads every active campaign', async () => {
    const c = await activeTrigger();
    const p = poller();
    const first = await p.pollOnce();
    expect(first.fullSync).toBe(true);
    await p.pollOnce();
    expect((await campaignDoc(c.external_id))?.status).toBe('Sending');
    const quiet = await p.pollOnce();
    expect(quiet).toMatchObject({ fullSync: false, campaignsRead: 0, statusChanges: 0, progressUpdates: 0 });
    const always = poller(0);
    const full = await always.pollOnce();
    expect(full.fullSync).toBe(true);
    expect(full.campaignsRead).toBeGreaterThanOrEqual(1);
  });

  it('applies the end of a job that started and finished between two cycles (approved in this process)', async () => {
    const p = poller();
    await p.pollOnce();
    const c = await createCampaign(env, env.author);
    await uploadNumbers(env, c.job_id, 5);
    await submitAndApprove(env, c.external_id);
    await coreStatus(c.job_id, 'done');
    const r = await p.pollOnce();
    expect(r.fullSync).toBe(false);
    expect((await campaignDoc(c.external_id))?.status).toBe('Done');
  });

  it('a stale memory loses its race (no write) and the next cycle applies the change once', async () => {
    const c = await activeTrigger();
    const p = poller();
    await p.pollOnce();
    await p.pollOnce();
    const coll = env.srv.database.db.collection('campaigns');
    expect((await campaignDoc(c.external_id))?.status).toBe('Sending');
    // Another writer moved the version on without a change in Core (as an edit by another replica would).
    await coll.updateOne({ external_id: c.external_id }, { $inc: { version: 1 } });
    await env.srv.app.core.core.pauseJob(c.job_id, 'test');
    const lost = await p.pollOnce();
    expect(lost.statusChanges).toBe(0);
    expect((await campaignDoc(c.external_id))?.status).toBe('Sending');
    const applied = await p.pollOnce();
    expect(applied.statusChanges).toBe(1);
    await expectPausedWithOneEvent([c]);
  });
});

/** `count` Trigger campaigns the poller has seen Sending, whose Core jobs are now paused; `seen` saw them. */
async function sendingThenPausedInCore(count: number, seen = poller()) {
  const campaigns = [];
  for (let i = 0; i < count; i++) campaigns.push(await activeTrigger());
  await seen.pollOnce();
  await seen.pollOnce();
  for (const c of campaigns) expect((await campaignDoc(c.external_id))?.status).toBe('Sending');
  for (const c of campaigns) await env.srv.app.core.core.pauseJob(c.job_id, 'test');
  return campaigns;
}

async function expectPausedWithOneEvent(campaigns: { external_id: string }[]) {
  for (const c of campaigns) {
    expect((await campaignDoc(c.external_id))?.status).toBe('Paused');
    const events = await env.srv.database.db.collection('audit_logs').countDocuments({ 'resource.id': c.external_id, action: 'campaign.status_changed', 'after.status': 'Paused' });
    expect(events).toBe(1);
  }
}

describe('status poller one winner', () => {
  it('pollers racing on the same campaigns apply each status change once, with one audit event', async () => {
    const campaigns = await sendingThenPausedInCore(6);
    // Replicas' pollers (stalled lease holders and their successor) read the same versions at once.
    const racing = Array.from({ length: 8 }, () => poller());
    const results = await Promise.all(racing.map((p) => p.pollOnce()));
    expect(results.reduce((sum, r) => sum + r.statusChanges, 0)).toBe(campaigns.length);
    await expectPausedWithOneEvent(campaigns);
  });
});

describe('status poller batching', () => {
  it('the changes of one cycle share their claim inserts instead of taking turns with the updates', async () => {
    // More changes than updates in flight (16): the claims of those beyond must not wait for a turn.
    const p = poller();
    const campaigns = await sendingThenPausedInCore(24, p);
    const inserts = vi.spyOn(Collection.prototype, 'insertMany');
    try {
      const r = await p.pollOnce();
      expect(r.statusChanges).toBe(campaigns.length);
      const claimInserts = inserts.mock.instances.filter((coll) => (coll as unknown as Collection).collectionName === 'claims').length;
      // The first claim goes alone, the second beside it (two batches in flight), every other one in the next.
      expect(claimInserts).toBeLessThanOrEqual(3);
    } finally {
      inserts.mockRestore();
    }
    await expectPausedWithOneEvent(campaigns);
  });
});
