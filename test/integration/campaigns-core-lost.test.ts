// Core forgets a job (its data lost, the job purged — the simulator's control DELETE /jobs/{id}):
// the server's own status poller sees Core's 404 and fails the campaign with a core_error, audited
// once as `system`; the campaign page's messages answer a catalogue conflict, not 502. Core down
// (timeouts, refused connections) never fails a campaign.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStatusPoller } from '../../src/server/campaigns/status-poller.js';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { createCampaign, futureBase, startCampaignEnv, submitAndApprove, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';

const HOUR_MS = 3_600_000;
let env: CampaignEnv;
beforeAll(async () => {
  env = await startCampaignEnv('corelost', { sendRate: 500, failureShare: 0 });
});
afterAll(async () => {
  await env?.stop();
});

/** A Trigger campaign keeps Sending until its end: active in MC and in Core. */
async function sendingCampaign() {
  const c = await createCampaign(env, env.author, { mode: 'Trigger', end_at: new Date((await futureBase(env)) + HOUR_MS).toISOString(), text: 'Code {{code}}' });
  await submitAndApprove(env, c.external_id);
  await waitForStatus(env, env.author.client, c.external_id, ['Sending']);
  return c;
}

const statusChanges = (externalId: string) =>
  env.srv.app.db.collection(COLLECTIONS.auditLogs).find({ action: 'campaign.status_changed', 'resource.id': externalId }).toArray();

describe('a job Core no longer has', () => {
  it('fails the campaign with core_error, one system audit event, and messages answer core_job_lost', async () => {
    const c = await sendingCampaign();
    await env.sim.control('DELETE', `/jobs/${c.job_id}`);

    const failed = await waitForStatus(env, env.author.client, c.external_id, ['Failed']);
    expect(failed.core_error).toBe('Core no longer has this job');
    const events = (await statusChanges(c.external_id)).filter((e) => e.after?.status === 'Failed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: { type: 'system' }, before: { status: 'Sending' }, after: { status: 'Failed', core_status: 'missing', error: 'Core no longer has this job' } });

    const messages = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/messages`);
    expect(messages.status).toBe(409);
    expect(messages.body.error).toMatchObject({ code: 'conflict', details: { reason: 'core_job_lost' } });
    expect(messages.body.error.message).toContain('Core no longer has the job');
  });

  it('Core down does not fail an active campaign', async () => {
    const c = await sendingCampaign();
    // A poller of this test, full sync on every cycle, so that every pass asks Core about the campaign.
    const poller = startStatusPoller(env.srv.app, HOUR_MS, 0);
    try {
      await env.sim.setFaults({ down: true });
      await expect(poller.pollOnce()).rejects.toThrow();
      await expect(poller.pollOnce()).rejects.toThrow();
      const during = await env.author.client.get(`${env.base}/campaigns/${c.external_id}`);
      expect(during.body.campaign).toMatchObject({ status: 'Sending', core_error: null });
      await env.sim.setFaults({ down: false });
      await poller.pollOnce();
    } finally {
      await env.sim.setFaults({ down: false });
      await poller.stop();
    }
    const after = await env.author.client.get(`${env.base}/campaigns/${c.external_id}`);
    expect(after.body.campaign).toMatchObject({ status: 'Sending', core_error: null });
    expect((await statusChanges(c.external_id)).filter((e) => e.after?.status === 'Failed')).toHaveLength(0);
  });
});
