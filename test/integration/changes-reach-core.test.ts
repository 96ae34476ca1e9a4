// Issue 17 "Changes reach Core": a workspace's new default sending window reaches the Core jobs of
// its campaigns that follow it and have not finished, also after Core was down; the ESME rate Core
// receives is the Proxy's, lowered (never raised) by a preset. Read back from the simulator's jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileOnce } from '../../src/server/campaigns/campaign-reconciler.js';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { createCampaign, futureBase, startCampaignEnv, submitAndApprove, uploadNumbers, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';

let env: CampaignEnv;
beforeAll(async () => {
  // A slow send rate keeps one campaign Sending for the whole file.
  env = await startCampaignEnv('coresync', { sendRate: 5 });
});
afterAll(async () => env?.stop());

interface SimJobView {
  status: string;
  params: { sending_window: { start: string; end: string; timezone: string } | null; rate_limit_per_sec: number | null; esme: string | null };
}
/** What the simulator's Core holds for the job. */
const coreJob = (jobId: string) => env.sim.control<SimJobView>('GET', `/jobs/${encodeURIComponent(jobId)}`);

const setPresets = async (esmes: Array<{ id: string; rate_limit_per_sec: number | null }> | null) => {
  const r = await env.sa.put('/api/admin/presets', { esmes: esmes && esmes.map((e) => ({ ...e, strategies: null })), saddrs: [] });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

const iso = (ms: number) => new Date(ms).toISOString();

describe('a preset rate reaches Core only lowered', () => {
  const made: string[] = [];
  // Finished, so the window tests below count only their own campaigns.
  afterAll(async () => {
    await setPresets(null);
    for (const id of made) expect((await env.admin.client.post(`${env.base}/campaigns/${id}/cancel`, {})).status).toBe(200);
  });

  it('sends the Proxy rate, a lower preset rate, never a higher one — on create and on edit', async () => {
    // The simulator's Proxy: esme-beeline 200/s, esme-ucell 150/s.
    const plain = await createCampaign(env, env.author);
    made.push(plain.external_id);
    expect((await coreJob(plain.job_id)).params.rate_limit_per_sec).toBe(200);

    await setPresets([
      { id: 'esme-beeline', rate_limit_per_sec: 50 },
      { id: 'esme-ucell', rate_limit_per_sec: 150 },
    ]);
    // The presets form refuses a rate above the Proxy's; a preset saved while the Proxy allowed more
    // (it lowered its rate since) is what stays higher, written here as it would have been then.
    const presets = env.srv.database.db.collection<{ _id: string; esmes: Array<{ id: string; rate_limit_per_sec: number | null }> }>(COLLECTIONS.presets);
    const saved = (await presets.findOne({ _id: 'global' }))!;
    const esmes = saved.esmes.map((e) => (e.id === 'esme-ucell' ? { ...e, rate_limit_per_sec: 900 } : e));
    expect((await presets.updateOne({ _id: 'global' }, { $set: { esmes } })).modifiedCount).toBe(1);
    const lowered = await createCampaign(env, env.author);
    made.push(lowered.external_id);
    expect((await coreJob(lowered.job_id)).params).toMatchObject({ esme: 'esme-beeline', rate_limit_per_sec: 50 });

    const edited = await env.author.client.patch(`${env.base}/campaigns/${lowered.external_id}`, { version: lowered.version, esme: 'esme-ucell', strategy: null });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await coreJob(lowered.job_id)).params).toMatchObject({ esme: 'esme-ucell', rate_limit_per_sec: 150 });
  });
});

describe('a new workspace window reaches the Core jobs that follow it', () => {
  const tashkent = { start: '08:00', end: '22:00', timezone: 'Asia/Tashkent' };
  const later = { start: '07:30', end: '23:30', timezone: 'Asia/Tashkent' };
  const own = { start: '10:00', end: '18:00', timezone: 'Europe/Moscow' };
  let draft: { external_id: string; job_id: string };
  let ready: { external_id: string; job_id: string };
  let pending: { external_id: string; job_id: string };
  let sending: { external_id: string; job_id: string };
  let overridden: { external_id: string; job_id: string };
  let cancelled: { external_id: string; job_id: string };

  beforeAll(async () => {
    draft = await createCampaign(env, env.author, { name: 'Draft' });
    overridden = await createCampaign(env, env.author, { name: 'Own window', sending_window: own });

    ready = await createCampaign(env, env.author, { name: 'Ready', auto_start: false });
    await uploadNumbers(env, ready.job_id, 10);
    expect((await submitAndApprove(env, ready.external_id)).status).toBe('New');

    const base = await futureBase(env);
    pending = await createCampaign(env, env.author, { name: 'Later', mode: 'OnTime', start_at: iso(base + 30 * 86_400_000) });
    await uploadNumbers(env, pending.job_id, 10);
    expect((await submitAndApprove(env, pending.external_id)).status).toBe('Pending');

    sending = await createCampaign(env, env.author, { name: 'Sending' });
    await uploadNumbers(env, sending.job_id, 5000);
    await submitAndApprove(env, sending.external_id);
    await waitForStatus(env, env.author.client, sending.external_id, ['Sending']);

    cancelled = await createCampaign(env, env.author, { name: 'Cancelled' });
    expect((await env.admin.client.post(`${env.base}/campaigns/${cancelled.external_id}/cancel`, {})).status).toBe(200);
  });

  afterAll(async () => {
    await env.admin.client.post(`${env.base}/campaigns/${sending.external_id}/cancel`, {});
  });

  it('holds, patches and releases as Core allows, reports the running one, audits each update as the admin', async () => {
    expect((await env.admin.client.get(`${env.base}/window-followers`)).body).toEqual({ campaigns: 3, running: 1 });
    expect((await env.author.client.get(`${env.base}/window-followers`)).status).toBe(403);
    const r = await env.admin.client.patch(env.base, { sending_window: tashkent });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.workspace.sending_window).toEqual(tashkent);
    const sync = r.body.window_sync;
    expect(sync).toMatchObject({ campaigns: 4, updated: 3, pending: [] });
    expect(sync.running).toEqual([{ external_id: sending.external_id, name: 'Sending' }]);

    expect(await coreJob(draft.job_id)).toMatchObject({ status: 'held', params: { sending_window: tashkent } });
    // Back where it was: approved and waiting for Start, or scheduled.
    expect(await coreJob(ready.job_id)).toMatchObject({ status: 'ready', params: { sending_window: tashkent } });
    expect(await coreJob(pending.job_id)).toMatchObject({ status: 'scheduled', params: { sending_window: tashkent } });
    // Core takes no edit once sending; a campaign's own window and a finished job are left alone.
    expect((await coreJob(sending.job_id)).params.sending_window).toBeNull();
    expect((await coreJob(overridden.job_id)).params.sending_window).toEqual(own);
    expect((await coreJob(cancelled.job_id)).params.sending_window).toBeNull();

    const events = await env.srv.database.db.collection(COLLECTIONS.auditLogs).find({ action: 'campaign.core_window_updated' }).toArray();
    expect(events.map((e) => e.resource.id).sort()).toEqual([draft.external_id, ready.external_id, pending.external_id].sort());
    expect(events.every((e) => e.actor.type === 'user' && e.actor.id === env.admin.id)).toBe(true);

    // The ready campaign is still approved and starts as before.
    const detail = await env.author.client.get(`${env.base}/campaigns/${ready.external_id}`);
    expect(detail.body.campaign).toMatchObject({ status: 'New', badge: 'approved_start' });
    const started = await env.admin.client.post(`${env.base}/campaigns/${ready.external_id}/start`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);

    // Saving the same window again sends nothing.
    const same = await env.admin.client.patch(env.base, { sending_window: tashkent, name: 'Renamed' });
    expect(same.body.window_sync).toBeNull();
  });

  it('keeps the change while Core is down and the reconciler delivers it when Core is back', { timeout: 60_000 }, async () => {
    await env.sim.setFaults({ down: true });
    try {
      const r = await env.admin.client.patch(env.base, { sending_window: later });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.window_sync.updated).toBe(0);
      const notReached = r.body.window_sync.pending.map((c: { external_id: string }) => c.external_id);
      expect(notReached).toEqual(expect.arrayContaining([draft.external_id, pending.external_id]));
      expect((await coreJob(draft.job_id)).params.sending_window).toEqual(tashkent);
    } finally {
      await env.sim.setFaults({ down: false });
    }
    const ws = () => env.srv.database.db.collection(COLLECTIONS.workspaces).findOne({ _id: env.ws._id });
    expect((await ws())?.window_sync_due).toBeInstanceOf(Date);

    // The reconciler's pass (dated past its wait) once Core answers again.
    await expect
      .poll(
        async () => {
          await reconcileOnce(env.srv.app, 'test-reconcile', new Date(Date.now() + 120_000));
          return (await ws())?.window_sync_due;
        },
        { timeout: 30_000, message: 'the window change is still pending after the reconciler ran' },
      )
      .toBeNull();
    expect((await coreJob(draft.job_id)).params.sending_window).toEqual(later);
    expect(await coreJob(pending.job_id)).toMatchObject({ status: 'scheduled', params: { sending_window: later } });
    const systemEvents = await env.srv.database.db
      .collection(COLLECTIONS.auditLogs)
      .find({ action: 'campaign.core_window_updated', 'actor.type': 'system', 'resource.id': { $in: [draft.external_id, pending.external_id] } })
      .toArray();
    expect(systemEvents.length).toBeGreaterThanOrEqual(2);
  });
  it('a pass that stopped between hold and release is finished by the next one as it would have been', { timeout: 60_000 }, async () => {
    const c = await createCampaign(env, env.author, { name: 'Held midway', auto_start: false });
    await uploadNumbers(env, c.job_id, 10);
    expect((await submitAndApprove(env, c.external_id)).status).toBe('New');
    // The state such a pass leaves: the new window saved and marked, the job held, the release written down.
    const db = env.srv.database.db;
    const midway = { start: '06:00', end: '23:00', timezone: 'Asia/Tashkent' };
    await db.collection(COLLECTIONS.workspaces).updateOne({ _id: env.ws._id }, { $set: { sending_window: midway, window_sync_due: new Date() } });
    await db.collection(COLLECTIONS.campaigns).updateOne({ external_id: c.external_id }, { $set: { core_window_release: false } });
    await env.srv.app.core.core.holdJob(c.job_id, 'test-hold');

    await reconcileOnce(env.srv.app, 'test-reconcile', new Date(Date.now() + 120_000));
    expect(await coreJob(c.job_id)).toMatchObject({ status: 'ready', params: { sending_window: midway } });
    expect((await env.author.client.get(`${env.base}/campaigns/${c.external_id}`)).body.campaign).toMatchObject({ status: 'New', badge: 'approved_start' });
  });
});
