import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepIdleDrafts } from '../../src/server/campaigns/campaign-drafts-sweeper.js';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { campaignBody, createCampaign, markRecipients, startCampaignEnv, uploadNumbers, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let env: CampaignEnv;
beforeAll(async () => {
  // Slow sending so a campaign stays in Sending while the test acts on it.
  env = await startCampaignEnv('camplife', { sendRate: 20 });
});
afterAll(async () => env?.stop());

const paths = (r: { body: { error: { details: Array<{ path: string }> } } }) => r.body.error.details.map((d) => d.path);

async function submitted(fields: Record<string, unknown> = {}, user = env.author) {
  const c = await createCampaign(env, user, fields);
  await markRecipients(env, { external_id: c.external_id }, 10);
  const s = await user.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {});
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return s.body.campaign as { external_id: string; job_id: string; version: number; status: string; badge: string };
}

describe('campaign create', () => {
  it('creates a New draft with a held Core job, the sender snapshot and the segment count', async () => {
    const c = await createCampaign(env, env.author, { text: 'Привет' });
    expect(c).toMatchObject({ status: 'New', badge: 'draft', encoding: 'UCS-2', parts: 1, sender: { saddr: 'BRAND', ston: 5, snpi: 0 }, version: 0 });
    expect(c.job_id).toBeTruthy();
    const job = await env.srv.app.core.core.getJob(c.job_id, 't');
    expect(job).toMatchObject({ status: 'held', external_id: c.external_id, workspace_id: env.ws._id.toHexString(), created_by: env.author.id });
  });

  it('generates the external_id when the client sends none (a UUID v4, a new campaign each time)', async () => {
    const { external_id: _omitted, ...body } = campaignBody(env);
    const first = await env.author.client.post(`${env.base}/campaigns`, body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.campaign.external_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const second = await env.author.client.post(`${env.base}/campaigns`, body);
    expect(second.status).toBe(201);
    expect(second.body.campaign.external_id).not.toBe(first.body.campaign.external_id);
    const job = await env.srv.app.core.core.getJob(first.body.campaign.job_id, 't');
    expect(job.external_id).toBe(first.body.campaign.external_id);
  });

  it('is idempotent by external_id for the same user, 409 without data for anyone else', async () => {
    const body = campaignBody(env);
    const first = await env.author.client.post(`${env.base}/campaigns`, body);
    expect(first.status).toBe(201);
    const again = await env.author.client.post(`${env.base}/campaigns`, body);
    expect(again.status).toBe(200);
    expect(again.body.campaign.job_id).toBe(first.body.campaign.job_id);
    const other = await env.author2.client.post(`${env.base}/campaigns`, body);
    expect(other.status).toBe(409);
    expect(JSON.stringify(other.body)).not.toContain(first.body.campaign.job_id);
    expect(await env.srv.database.db.collection('campaigns').countDocuments({ external_id: body.external_id })).toBe(1);
  });

  it('finds the Core job again when the job_id write was lost, never making a second one', async () => {
    const body = campaignBody(env);
    const first = await env.author.client.post(`${env.base}/campaigns`, body);
    await env.srv.database.db.collection('campaigns').updateOne({ external_id: body.external_id }, { $unset: { job_id: '' } });
    const retry = await env.author.client.post(`${env.base}/campaigns`, body);
    expect(retry.status).toBe(200);
    expect(retry.body.campaign.job_id).toBe(first.body.campaign.job_id);
    const jobs = await env.sim.control<Array<{ external_id: string }>>('GET', '/jobs');
    expect(jobs.filter((j) => j.external_id === body.external_id)).toHaveLength(1);
  });

  it('links a Core job made by a lost create only for the same workspace and author', async () => {
    const externalId = randomUUID();
    await env.srv.app.core.core.createJob(
      { external_id: externalId, workspace_id: env.ws._id.toHexString(), created_by: env.author2.id, mode: 'OnDemand', sender: null, esme: null, strategy: null, text: 'x', start_at: null, end_at: null, daily_time: null, sending_window: null, auto_start: true },
      't',
    );
    const r = await env.author.client.post(`${env.base}/campaigns`, campaignBody(env, { external_id: externalId }));
    expect(r.status).toBe(409);
    expect(r.body.error.details).toEqual({ reason: 'campaign_id_taken' });
  });

  it('refuses bad input on create with field paths, never 500', async () => {
    const past = new Date(Date.now() - 3600_000).toISOString();
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const later = new Date(Date.now() + 7200_000).toISOString();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ extra: 1 }, 'body.extra'],
      [{ external_id: 'not-a-uuid' }, 'body.external_id'],
      [{ name: 42 }, 'body.name'],
      [{ mode: 'Sometimes' }, 'body.mode'],
      [{ mode: 'OnTime' }, 'body.start_at'],
      [{ mode: 'OnTime', start_at: past }, 'body.start_at'],
      [{ mode: 'OnTime', start_at: 'tomorrow' }, 'body.start_at'],
      [{ mode: 'Spread', start_at: later, end_at: soon, daily_time: '10:00' }, 'body.end_at'],
      [{ mode: 'Spread', start_at: soon, end_at: later }, 'body.daily_time'],
      [{ mode: 'Spread', start_at: soon, end_at: later, daily_time: '25:00' }, 'body.daily_time'],
      [{ mode: 'Trigger' }, 'body.end_at'],
      [{ mode: 'Trigger', end_at: soon, text: 'Code {{Code}}' }, 'body.text'],
      [{ mode: 'OnDemand', start_at: soon }, 'body.start_at'],
      [{ text: 'a'.repeat(161 * 3) }, 'body.text'],
      [{ text: 'a'.repeat(1601), sms_limit: 10 }, 'body.text'],
      [{ text: '' }, 'body.text'],
      [{ sms_limit: 11 }, 'body.sms_limit'],
      [{ esme: 'esme-unknown' }, 'body.esme'],
      [{ esme: 'esme-legacy' }, 'body.esme'],
      [{ strategy: 'nope' }, 'body.strategy'],
      [{ sender_id: '0123456789abcdef01234567' }, 'body.sender_id'],
      [{ sending_window: { start: '09:00', end: '21:00', timezone: 'Mars/Olympus' } }, 'body.sending_window.timezone'],
    ];
    for (const [fields, path] of cases) {
      const r = await env.author.client.post(`${env.base}/campaigns`, campaignBody(env, fields));
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(paths(r), JSON.stringify(fields)).toContain(path);
    }
    const notJson = await env.author.client.request('POST', `${env.base}/campaigns`, '{"a":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
  });

  it('refuses unapproved and archived senders', async () => {
    const pending = await env.admin.client.post(`${env.base}/senders`, { name: 'Pending one', saddr: 'PEND' });
    const r1 = await env.author.client.post(`${env.base}/campaigns`, campaignBody(env, { sender_id: pending.body.sender.id }));
    expect(r1.status).toBe(400);
    expect(paths(r1)).toContain('body.sender_id');
    const s = await env.admin.client.post(`${env.base}/senders`, { name: 'To archive', saddr: 'ARCH' });
    await env.moderator.client.post(`${env.base}/sender-revisions/${s.body.revision.id}/approve`, {});
    await env.admin.client.post(`${env.base}/senders/${s.body.sender.id}/archive`);
    const r2 = await env.author.client.post(`${env.base}/campaigns`, campaignBody(env, { sender_id: s.body.sender.id }));
    expect(r2.status).toBe(400);
    expect(r2.body.error.details[0].reason).toContain('archived');
  });

  it('lets moderators not create campaigns', async () => {
    expect((await env.moderator.client.post(`${env.base}/campaigns`, campaignBody(env))).status).toBe(403);
  });
});

describe('moderation', () => {
  it('puts submitted campaigns in the queue and enforces four eyes', async () => {
    const c = await submitted({}, env.authorMod);
    expect(c.badge).toBe('awaiting_approval');
    const queue = await env.moderator.client.get(`${env.base}/moderation`);
    expect(queue.body.items.map((q: { external_id: string }) => q.external_id)).toContain(c.external_id);
    // Own campaign: refused for the author+moderator, and authors cannot moderate at all.
    expect((await env.authorMod.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(403);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(403);
    const adminOwn = await submitted({}, env.admin);
    expect((await env.admin.client.post(`${env.base}/campaigns/${adminOwn.external_id}/approve`, {})).status).toBe(403);
    const saOwn = await env.sa.post(`${env.base}/campaigns`, campaignBody(env));
    await markRecipients(env, { external_id: saOwn.body.campaign.external_id }, 10);
    await env.sa.post(`${env.base}/campaigns/${saOwn.body.campaign.external_id}/submit`, {});
    expect((await env.sa.post(`${env.base}/campaigns/${saOwn.body.campaign.external_id}/approve`, {})).status).toBe(200);
    const denied = await env.srv.database.db.collection('audit_logs').countDocuments({ action: 'authz.denied' });
    expect(denied).toBeGreaterThanOrEqual(3);
  });

  it('pages the campaign queue oldest submission first, limit ≤ 200', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submitted()).external_id);
    const queue = await pageThrough(env.moderator.client, `${env.base}/moderation?kind=campaigns`, (c) => String(c.external_id));
    expect(queue.filter((id) => ids.includes(id))).toEqual(ids);
    const times = await pageThrough(env.moderator.client, `${env.base}/moderation`, (c) => String(c.submitted_at));
    expect(times).toEqual([...times].sort());
    await expectBadPagingRefused(env.moderator.client, `${env.base}/moderation`);
  });

  it('refuses to approve a draft (422) and rejects with a reason into Cancelled, cancelling the Core job', async () => {
    const draft = await createCampaign(env, env.author);
    expect((await env.moderator.client.post(`${env.base}/campaigns/${draft.external_id}/approve`, {})).status).toBe(422);
    const c = await submitted();
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/reject`, {})).status).toBe(400);
    const r = await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/reject`, { reason: 'Wrong text' });
    expect(r.status).toBe(200);
    expect(r.body.campaign).toMatchObject({ status: 'Cancelled', rejection_reason: 'Wrong text' });
    expect((await env.srv.app.core.core.getJob(c.job_id, 't')).status).toBe('cancelled');
    const queue = await env.moderator.client.get(`${env.base}/moderation?kind=campaigns&limit=200`);
    expect(queue.body.items.map((q: { external_id: string }) => q.external_id)).not.toContain(c.external_id);
  });

  it('gives exactly one winner among 100 parallel approve/cancel calls', async () => {
    const c = await submitted();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2
          ? env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, { version: c.version })
          : env.author.client.post(`${env.base}/campaigns/${c.external_id}/cancel`, { version: c.version }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 200 && s < 300)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 422)).toBe(true);
    const events = await env.srv.database.db
      .collection('audit_logs')
      .countDocuments({ 'resource.id': c.external_id, action: { $in: ['campaign.approved', 'campaign.cancelled'] } });
    expect(events).toBe(1);
  });

  it('edits a New campaign with its version, and an edit after approval clears it (hold then patch)', async () => {
    const c = await submitted({ auto_start: false });
    const stale = await env.author.client.patch(`${env.base}/campaigns/${c.external_id}`, { version: c.version + 5, name: 'x' });
    expect(stale.status).toBe(409);
    const approved = await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {});
    expect(approved.body.campaign).toMatchObject({ status: 'New', badge: 'approved_start' });
    expect((await env.srv.app.core.core.getJob(c.job_id, 't')).status).toBe('ready');
    const edited = await env.author.client.patch(`${env.base}/campaigns/${c.external_id}`, { version: approved.body.campaign.version, text: 'New text', name: 'Renamed' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.campaign).toMatchObject({ name: 'Renamed', text: 'New text', approved_at: null, badge: 'awaiting_approval' });
    expect((await env.srv.app.core.core.getJob(c.job_id, 't')).status).toBe('held');
    const bad = await env.author.client.patch(`${env.base}/campaigns/${c.external_id}`, { version: edited.body.campaign.version, mode: 'OnTime' });
    expect(bad.status).toBe(400);
    const tooLong = await env.author.client.patch(`${env.base}/campaigns/${c.external_id}`, { version: edited.body.campaign.version, text: 'b'.repeat(500), sms_limit: 1 });
    expect(tooLong.status).toBe(400);
    expect(paths(tooLong)).toContain('body.text');
  });
});

describe('control', () => {
  it('starts an approved campaign, pauses, resumes, refuses archive while Sending, cancels mid-send', async () => {
    const c = await submitted({ auto_start: false });
    await uploadNumbers(env, c.job_id, 2000);
    await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {});
    // Someone else's campaign: authors control only their own.
    expect((await env.author2.client.post(`${env.base}/campaigns/${c.external_id}/start`, {})).status).toBe(403);
    const started = await env.author.client.post(`${env.base}/campaigns/${c.external_id}/start`, {});
    expect(started.status).toBe(200);
    // MC stores the status Core answered to the start: Pending, or already further on a fast clock.
    expect(['Pending', 'Building', 'Sending']).toContain(started.body.campaign.status);
    await waitForStatus(env, env.author.client, c.external_id, ['Sending']);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/archive`, {})).status).toBe(422);
    const paused = await env.author.client.post(`${env.base}/campaigns/${c.external_id}/pause`, {});
    expect(paused.status).toBe(200);
    expect(paused.body.campaign).toMatchObject({ status: 'Paused', pause_reason: 'user' });
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/pause`, {})).status).toBe(422);
    const resumed = await env.admin.client.post(`${env.base}/campaigns/${c.external_id}/resume`, {});
    expect(resumed.body.campaign.status).toBe('Sending');
    const cancelled = await env.author.client.post(`${env.base}/campaigns/${c.external_id}/cancel`, {});
    expect(cancelled.body.campaign.status).toBe('Cancelled');
    const job = await env.srv.app.core.core.getJob(c.job_id, 't');
    expect(job.status).toBe('cancelled');
    expect(job.sent).toBeLessThan(2000);
    const archived = await env.author.client.post(`${env.base}/campaigns/${c.external_id}/archive`, {});
    expect(archived.status).toBe(200);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/cancel`, {})).status).toBe(422);
    const list = await env.author.client.get(`${env.base}/campaigns`);
    expect(list.body.items.map((i: { external_id: string }) => i.external_id)).not.toContain(c.external_id);
    const archive = await env.author.client.get('/api/archive/campaigns');
    expect(archive.body.items.map((i: { external_id: string }) => i.external_id)).toContain(c.external_id);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/restore`, {})).status).toBe(200);
    const timeline = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/audit`);
    const actions = timeline.body.items.map((e: { action: string }) => e.action);
    for (const a of ['campaign.created', 'campaign.submitted', 'campaign.approved', 'campaign.started', 'campaign.paused', 'campaign.resumed', 'campaign.cancelled', 'campaign.archived', 'campaign.restored'])
      expect(actions).toContain(a);
    expect(actions).toContain('campaign.status_changed');
  });

  it('refuses to submit without accepted numbers (422 no_recipients), except a Trigger campaign', async () => {
    const c = await createCampaign(env, env.author);
    const refused = await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('no_recipients');
    await markRecipients(env, { external_id: c.external_id }, 0);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).body.error.code).toBe('no_recipients');
    const trigger = await createCampaign(env, env.author, { mode: 'Trigger', end_at: new Date(Date.now() + 3_600_000).toISOString(), text: 'Code {{code}}' });
    expect((await env.author.client.post(`${env.base}/campaigns/${trigger.external_id}/submit`, {})).status).toBe(200);
  });

  it('refuses to resume a campaign its sending window paused (422 paused_by_window)', async () => {
    // A one-hour window that starts two hours from now (UTC): the job pauses as soon as it runs.
    const hour = new Date().getUTCHours();
    const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    const c = await submitted({ auto_start: true, sending_window: { start: hh(hour + 2), end: hh(hour + 3), timezone: 'UTC' } });
    await uploadNumbers(env, c.job_id, 50);
    await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {});
    const paused = await waitForStatus(env, env.author.client, c.external_id, ['Paused']);
    expect(paused.pause_reason).toBe('sending_window');
    const refused = await env.author.client.post(`${env.base}/campaigns/${c.external_id}/resume`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('paused_by_window');
    await env.author.client.post(`${env.base}/campaigns/${c.external_id}/cancel`, {});
  });

  it('cancels drafts untouched for 30 days with their Core jobs, audited as system', async () => {
    const coll = env.srv.app.db.collection(COLLECTIONS.campaigns);
    const old = new Date(Date.now() - 31 * 86_400_000);
    const idle = await createCampaign(env, env.author);
    const recent = await createCampaign(env, env.author);
    const waiting = await submitted();
    await coll.updateMany({ external_id: { $in: [idle.external_id, waiting.external_id] } }, { $set: { updated_at: old } });
    expect(await sweepIdleDrafts(env.srv.app, 'sweep-test')).toBe(1);
    const statusOf = async (id: string) => (await env.author.client.get(`${env.base}/campaigns/${id}`)).body.campaign.status;
    expect(await statusOf(idle.external_id)).toBe('Cancelled');
    expect(await statusOf(recent.external_id)).toBe('New');
    expect(await statusOf(waiting.external_id)).toBe('New');
    expect((await env.srv.app.core.core.getJob(idle.job_id, 't')).status).toBe('cancelled');
    const event = await env.srv.database.db.collection('audit_logs').findOne({ 'resource.id': idle.external_id, action: 'campaign.cancelled' });
    expect(event?.actor).toMatchObject({ type: 'system' });
  });

  it('lets only a super admin delete, and deletes the Core job', async () => {
    const c = await createCampaign(env, env.author);
    expect((await env.admin.client.delete(`${env.base}/campaigns/${c.external_id}`)).status).toBe(403);
    expect((await env.sa.delete(`${env.base}/campaigns/${c.external_id}`)).status).toBe(204);
    expect((await env.author.client.get(`${env.base}/campaigns/${c.external_id}`)).status).toBe(404);
    await expect(env.srv.app.core.core.getJob(c.job_id, 't')).rejects.toMatchObject({ status: 404 });
  });

  it('answers 503 core_unavailable for create and approve while Core is down', async () => {
    const c = await submitted();
    await env.sim.setFaults({ down: true });
    try {
      await env.srv.app.core.health.check();
      expect(env.srv.app.core.health.state().status).toBe('down');
      const create = await env.author.client.post(`${env.base}/campaigns`, campaignBody(env));
      expect(create.status).toBe(503);
      expect(create.body.error.code).toBe('core_unavailable');
      const approve = await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {});
      expect(approve.status).toBe(503);
    } finally {
      await env.sim.setFaults({ down: false });
      await env.srv.app.core.health.check();
    }
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
  });
});

describe('lists and views', () => {
  it('filters, searches literally and pages with a cursor', async () => {
    const names = ['Alpha (1)', 'Alpha.*', 'Beta'];
    const made = [];
    for (const name of names) made.push(await createCampaign(env, env.author2, { name }));
    const search = await env.author.client.get(`${env.base}/campaigns?q=${encodeURIComponent('Alpha.*')}`);
    expect(search.body.items.map((i: { name: string }) => i.name)).toEqual(['Alpha.*']);
    const byId = await env.author.client.get(`${env.base}/campaigns?q=${made[2]!.external_id}`);
    expect(byId.body.items).toHaveLength(1);
    const mine = await env.author.client.get(`${env.base}/campaigns?author=${env.author2.id}&limit=2`);
    expect(mine.body.items).toHaveLength(2);
    const next = await env.author.client.get(`${env.base}/campaigns?author=${env.author2.id}&limit=2&cursor=${mine.body.next_cursor}`);
    expect(next.body.items).toHaveLength(1);
    expect(next.body.next_cursor).toBeNull();
    const cancelled = await env.author.client.get(`${env.base}/campaigns?status=Cancelled&mode=OnDemand`);
    expect(cancelled.body.items.every((i: { status: string }) => i.status === 'Cancelled')).toBe(true);
    expect((await env.author.client.get(`${env.base}/campaigns?status=Bogus`)).status).toBe(400);
    expect((await env.author.client.get(`${env.base}/campaigns?cursor=!!!`)).status).toBe(400);
    expect((await env.author.client.get(`${env.base}/campaigns?limit=500`)).status).toBe(400);
  });

  it('shows the detail with badge and Core health, overview KPIs, and the master view to super admins only', async () => {
    const c = await createCampaign(env, env.author);
    const detail = await env.author.client.get(`${env.base}/campaigns/${c.external_id}`);
    expect(detail.body.campaign.badge).toBe('draft');
    expect(detail.body.core.status).toBe('ok');
    expect((await env.author.client.get(`${env.base}/campaigns/${randomUUID()}`)).status).toBe(404);
    const overview = await env.author.client.get(`${env.base}/overview`);
    expect(overview.status).toBe(200);
    expect(overview.body.funnel.New).toBeGreaterThan(0);
    expect(overview.body.last_24_hours).toHaveLength(24);
    expect(typeof overview.body.awaiting_moderation).toBe('number');
    expect((await env.admin.client.get('/api/master/campaigns')).status).toBe(403);
    const master = await env.sa.get('/api/master/campaigns?limit=200');
    expect(master.body.items.map((i: { external_id: string }) => i.external_id)).toContain(c.external_id);
  });

  it('offers the Proxy lists narrowed by presets, validated and audited', async () => {
    const before = await env.author.client.get(`${env.base}/sending-options`);
    expect(before.body.esmes.map((e: { id: string }) => e.id)).not.toContain('esme-legacy');
    expect((await env.admin.client.put('/api/admin/presets', { esmes: null })).status).toBe(403);
    const bad = await env.sa.put('/api/admin/presets', { esmes: [{ id: 'esme-nope' }] });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toContain('body.esmes.0.id');
    const put = await env.sa.put('/api/admin/presets', { esmes: [{ id: 'esme-ucell', rate_limit_per_sec: 1, strategies: ['cp1'] }], saddrs: ['BRAND'] });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const after = await env.author.client.get(`${env.base}/sending-options?esme=esme-ucell`);
    expect(after.body.esmes).toEqual([expect.objectContaining({ id: 'esme-ucell', rate_limit_per_sec: 1 })]);
    expect(after.body.strategies.map((s: { id: string }) => s.id)).toEqual(['cp1']);
    const refused = await env.author.client.post(`${env.base}/campaigns`, campaignBody(env));
    expect(refused.status).toBe(400);
    expect(paths(refused)).toContain('body.esme');
    expect(await env.srv.database.db.collection('audit_logs').countDocuments({ action: 'presets.updated' })).toBe(1);
    await env.sa.put('/api/admin/presets', { esmes: null });
  });
});
