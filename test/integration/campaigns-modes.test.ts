import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileOnce } from '../../src/server/campaigns/campaign-reconciler.js';
import { startStatusPoller } from '../../src/server/campaigns/status-poller.js';
import { createCampaign, futureBase, startCampaignEnv, submitAndApprove, uploadNumbers, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';

let env: CampaignEnv;
beforeAll(async () => {
  env = await startCampaignEnv('campmodes', { sendRate: 200, failureShare: 0.1 });
});
afterAll(async () => env?.stop());

const iso = (ms: number) => new Date(ms).toISOString();

const approve = (externalId: string) => submitAndApprove(env, externalId);

/**
 * The campaign's status events in order. The event is written just after the status change, so a
 * test that has just seen `untilStatus` on the campaign waits (briefly) for its event too.
 */
async function statusEvents(externalId: string, untilStatus: string) {
  for (let attempt = 0; ; attempt++) {
    const events = await env.srv.database.db.collection('audit_logs').find({ 'resource.id': externalId, action: 'campaign.status_changed' }).toArray();
    events.sort((a, b) => a.ts.getTime() - b.ts.getTime() || a._id.toHexString().localeCompare(b._id.toHexString()));
    if (events.some((e) => e.after?.status === untilStatus) || attempt === 50) return events;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('delivery modes from creation to the end', () => {
  it('OnDemand: approve starts it, the poller follows it to Done with progress', async () => {
    const c = await createCampaign(env, env.author);
    await uploadNumbers(env, c.job_id, 100);
    // MC stores the status Core answered to the start: Pending, or already further on a fast clock.
    expect(['Pending', 'Building', 'Sending']).toContain((await approve(c.external_id)).status);
    const done = await waitForStatus(env, env.author.client, c.external_id, ['Done']);
    expect(done.progress).toMatchObject({ total: 100, sent: 90, delivered: 90, failed: 10 });
    const events = await statusEvents(c.external_id, 'Done');
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actor.type === 'system')).toBe(true);
    expect(events.at(-1)?.after).toMatchObject({ status: 'Done' });
  });

  it('OnTime: waits in Pending for start_at, then sends to Done', async () => {
    const base = await futureBase(env);
    const c = await createCampaign(env, env.author, { mode: 'OnTime', start_at: iso(base + 120_000) });
    await uploadNumbers(env, c.job_id, 40);
    await approve(c.external_id);
    await env.sim.setClock(1, 30_000);
    expect((await env.author.client.get(`${env.base}/campaigns/${c.external_id}`)).body.campaign.status).toBe('Pending');
    await env.sim.setClock(1, 100_000);
    await waitForStatus(env, env.author.client, c.external_id, ['Done']);
  });

  it('Spread: sends its daily shares on a compressed clock and ends Done', async () => {
    const base = await futureBase(env);
    const start = base + 60_000;
    const c = await createCampaign(env, env.author, { mode: 'Spread', start_at: iso(start), end_at: iso(start + 3 * 86_400_000 + 3_600_000), daily_time: '06:00' });
    await uploadNumbers(env, c.job_id, 30);
    await approve(c.external_id);
    await env.sim.setClock(43_200);
    try {
      const done = await waitForStatus(env, env.author.client, c.external_id, ['Done'], 40_000);
      expect(done.progress.total).toBe(30);
    } finally {
      await env.sim.setClock(1);
    }
  });

  it('Trigger: no file, stays active until end_at, then Expired', async () => {
    const base = await futureBase(env);
    const c = await createCampaign(env, env.author, { mode: 'Trigger', end_at: iso(base + 3_600_000), text: 'Your code is {{code}}' });
    await approve(c.external_id);
    const active = await waitForStatus(env, env.author.client, c.external_id, ['Sending']);
    expect(active.mode).toBe('Trigger');
    await env.srv.app.core.core.pushNumber(c.job_id, { number: '998901234567', text: 'Your code is 4711' }, 't');
    await env.sim.setClock(1, 3_700_000);
    await waitForStatus(env, env.author.client, c.external_id, ['Expired']);
  });

  it('applies each status change once even with several pollers (replicas)', async () => {
    const c = await createCampaign(env, env.author);
    await uploadNumbers(env, c.job_id, 20);
    await approve(c.external_id);
    const pollers = Array.from({ length: 3 }, () => startStatusPoller(env.srv.app, 3_600_000));
    try {
      // All three poll at once until the campaign is Done, however long a busy machine takes.
      await expect
        .poll(
          async () => {
            await Promise.all(pollers.map((p) => p.pollOnce()));
            return (await env.srv.database.db.collection('campaigns').findOne({ external_id: c.external_id }))?.status;
          },
          { timeout: 60_000, interval: 50 },
        )
        .toBe('Done');
    } finally {
      await Promise.all(pollers.map((p) => p.stop()));
    }
    const events = await statusEvents(c.external_id, 'Done');
    const transitions = events.map((e) => `${e.before.status}>${e.after.status}`);
    expect(new Set(transitions).size).toBe(transitions.length);
    expect(transitions.at(-1)).toMatch(/>Done$/);
  });

  it('reconciler links a lost Core job, or creates a missing one, after a minute', async () => {
    const coll = env.srv.database.db.collection('campaigns');
    const lost = await createCampaign(env, env.author);
    const missing = await createCampaign(env, env.author);
    await env.srv.app.core.core.deleteJob(missing.job_id, 't');
    const old = new Date(Date.now() - 120_000);
    for (const c of [lost, missing]) await coll.updateOne({ external_id: c.external_id }, { $set: { job_id: null, created_at: old } });
    const fresh = await createCampaign(env, env.author);
    await coll.updateOne({ external_id: fresh.external_id }, { $set: { job_id: null } });

    // The server's own poller also reconciles at the end of each cycle, so it may have linked one
    // already: what counts is the end state (and Core's idempotent create keeps it to one job).
    await reconcileOnce(env.srv.app, 't');
    expect((await coll.findOne({ external_id: lost.external_id }))?.job_id).toBe(lost.job_id);
    const remade = (await coll.findOne({ external_id: missing.external_id }))?.job_id;
    expect(remade).toBeTruthy();
    expect(remade).not.toBe(missing.job_id);
    expect((await env.srv.app.core.core.getJob(remade, 't')).status).toBe('held');
    // A create still in flight (under a minute old) is left alone.
    expect((await coll.findOne({ external_id: fresh.external_id }))?.job_id).toBeNull();
    const linked = await env.srv.database.db.collection('audit_logs').countDocuments({ action: 'campaign.core_job_linked', 'actor.type': 'system' });
    expect(linked).toBeGreaterThanOrEqual(2);
  });
});
