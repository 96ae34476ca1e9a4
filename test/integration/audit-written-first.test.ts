// Audit written first (issue 18): a state-changing request secures its audit record before it acts.
// With the database down and the fallback file at its refuse limit, pause, cancel and approve answer
// 503 audit_unavailable and nothing changes, in Core or in MongoDB. With the fallback file unusable
// but the database up, the record is secured by writing the intent first, and the request acts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_MAX_BYTES } from '../../src/server/audit/fallback-file.js';
import type { TestServer } from '../support/server.js';
import { startSim, type RunningSim } from '../support/sim.js';
import { startPrivateDbServer, type PrivateDbServer } from '../support/private-db-server.js';
import { campaignBody, uploadNumbers, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';
import { makeMember, makeWorkspace, type FixtureUser } from './workspaces-fixtures.js';

let sim: RunningSim;
let srv: PrivateDbServer;
let env: CampaignEnv;
let admin: FixtureUser;
let author: FixtureUser;
let moderator: FixtureUser;

beforeAll(async () => {
  sim = await startSim({ sendRate: 10 });
  srv = await startPrivateDbServer({
    CORE_API_URL: sim.coreUrl,
    CORE_HEALTH_URL: sim.healthUrl,
    PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
    PROXY_API_URL: sim.proxyUrl,
    CORE_POLL_INTERVAL_MS: '200',
    MONGODB_SERVER_SELECTION_TIMEOUT_MS: '250',
  });
  const asTestServer = { database: { db: srv.db }, client: srv.client, superAdmin: srv.superAdmin } as unknown as TestServer;
  const ws = await makeWorkspace(asTestServer, 'audit-first-ws');
  admin = await makeMember(asTestServer, ws, 'admin-auditfirst@example.test', 'admin');
  moderator = await makeMember(asTestServer, ws, 'mod-auditfirst@example.test', 'moderator');
  author = await makeMember(asTestServer, ws, 'author-auditfirst@example.test', 'author');
  const base = `/api/w/${ws.slug}`;
  const sender = await admin.client.post(`${base}/senders`, { name: 'Brand', saddr: 'BRAND' });
  expect((await moderator.client.post(`${base}/sender-revisions/${sender.body.revision.id}/approve`, {})).status).toBe(200);
  env = { srv: { app: srv.app }, base, senderId: sender.body.sender.id, moderator } as unknown as CampaignEnv;
});
afterAll(async () => {
  await srv?.stop();
  await sim?.stop();
});

async function submitted(): Promise<{ external_id: string; job_id: string }> {
  const created = await author.client.post(`${env.base}/campaigns`, campaignBody(env, { auto_start: true }));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const c = created.body.campaign;
  await uploadNumbers(env, c.job_id, 5000);
  expect((await author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
  return c;
}

const coreStatus = async (jobId: string) => (await srv.app.core.core.getJob(jobId, 'test')).status;
const campaignDoc = (externalId: string) => srv.db.collection('campaigns').findOne({ external_id: externalId }, { projection: { status: 1, version: 1, approved_at: 1 } });

describe('audit written first', () => {
  it('refuses pause, cancel and approve before acting when neither the database nor the full fallback file can keep the record', async () => {
    const sending = await submitted();
    expect((await moderator.client.post(`${env.base}/campaigns/${sending.external_id}/approve`, {})).status).toBe(200);
    await waitForStatus(env, admin.client, sending.external_id, ['Sending']);
    const waiting = await submitted();
    const before = { sending: await campaignDoc(sending.external_id), waiting: await campaignDoc(waiting.external_id) };
    const coreBefore = { sending: await coreStatus(sending.job_id), waiting: await coreStatus(waiting.job_id) };

    await srv.stopDb();
    try {
      fs.writeFileSync(srv.fallbackFile, '');
      fs.truncateSync(srv.fallbackFile, FALLBACK_MAX_BYTES); // sparse: the size is what counts
      const url = (c: { external_id: string }, action: string) => `${env.base}/campaigns/${c.external_id}/${action}`;
      const answers = [
        await admin.client.post(url(sending, 'pause'), {}),
        await admin.client.post(url(sending, 'cancel'), {}),
        await moderator.client.post(url(waiting, 'approve'), {}),
      ];
      expect({ sending: await coreStatus(sending.job_id), waiting: await coreStatus(waiting.job_id) }).toEqual(coreBefore);
      expect(answers.map((r) => [r.status, r.body?.error?.code])).toEqual(Array(3).fill([503, 'audit_unavailable']));
      expect(fs.statSync(srv.fallbackFile).size).toBe(FALLBACK_MAX_BYTES);
      fs.rmSync(srv.fallbackFile);
    } finally {
      await srv.startDb();
    }
    expect({ sending: await campaignDoc(sending.external_id), waiting: await campaignDoc(waiting.external_id) }).toEqual(before);
    const recorded = await srv.db
      .collection('audit_logs')
      .countDocuments({ 'resource.id': { $in: [sending.external_id, waiting.external_id] }, action: { $in: ['campaign.paused', 'campaign.cancelled', 'campaign.approved'] } });
    expect(recorded).toBe(1); // the first approval, before the outage
  });

  it('with the fallback file unusable but the database up, writes the intent first, acts, then records the outcome', async () => {
    // The test before restarted the database: wait until the server's own client reaches it again.
    await expect.poll(() => srv.app.db.command({ ping: 1 }).then(() => true, () => false), { timeout: 30_000 }).toBe(true);
    const c = await submitted();
    const elsewhere = path.join(srv.tmpDir, 'elsewhere');
    fs.symlinkSync(elsewhere, srv.fallbackFile);
    try {
      const approved = await moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {});
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      const requestId = approved.headers.get('x-request-id');
      const events = await srv.db.collection('audit_logs').find({ request_id: requestId }).sort({ ts: 1 }).toArray();
      expect(events.map((e) => e.action)).toEqual(['request.reserved', 'campaign.approved', 'request.completed']);
      expect(events[0]!.resource).toEqual({ type: 'route', id: 'POST /api/w/:slug/campaigns/:external_id/approve' });
      expect(events[2]!.after).toEqual({ reservation_id: events[0]!._id.toHexString(), outcome: 'done', status: 200 });
      expect(fs.existsSync(elsewhere)).toBe(false);
    } finally {
      fs.rmSync(srv.fallbackFile);
    }
  });
});
