// What the presets form relies on: the Proxy's unnarrowed lists for the super admin, rates capped at the
// Proxy's ceiling, saddr presets checked like a sender's address, offered to every member, and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';

let env: CampaignEnv;
beforeAll(async () => {
  env = await startCampaignEnv('presetsform');
});
afterAll(async () => env?.stop());

interface Problem { path: string; rule?: string; limit?: number }
const problems = (r: { body: { error: { details: Problem[] } } }) =>
  r.body.error.details.map(({ path, rule, limit }) => ({ path, rule, ...(limit === undefined ? {} : { limit }) }));

describe('presets form', () => {
  it('lists every ESME of the Proxy with its ceiling and strategies, to the super admin only', async () => {
    expect((await env.admin.client.get('/api/admin/proxy-options')).status).toBe(403);
    const r = await env.sa.get('/api/admin/proxy-options');
    expect(r.status).toBe(200);
    expect(r.body.esmes).toEqual(
      expect.arrayContaining([
        { id: 'esme-ucell', name: 'Ucell', enabled: true, rate_limit_per_sec: 150, strategies: [{ id: 'cp1', name: 'cp1' }, { id: 'cp2', name: 'cp2' }] },
        { id: 'esme-legacy', name: 'Legacy gateway', enabled: false, rate_limit_per_sec: 10, strategies: [] },
      ]),
    );
  });

  it('refuses a rate above the Proxy ceiling, naming the ceiling', async () => {
    const r = await env.sa.put('/api/admin/presets', { esmes: [{ id: 'esme-ucell', rate_limit_per_sec: 151 }, { id: 'esme-mobiuz', rate_limit_per_sec: 100 }] });
    expect(r.status).toBe(400);
    expect(problems(r)).toEqual([{ path: 'body.esmes.0.rate_limit_per_sec', rule: 'too_large', limit: 150 }]);
  });

  it('refuses invalid and repeated saddr presets, each by its own rule and index', async () => {
    const r = await env.sa.put('/api/admin/presets', { esmes: null, saddrs: ['BRAND', 'Bad_Name!', '12', 'BRAND', ''] });
    expect(r.status).toBe(400);
    expect(problems(r)).toEqual([
      { path: 'body.saddrs.1', rule: 'invalid_sender_address' },
      { path: 'body.saddrs.2', rule: 'invalid_sender_address' },
      { path: 'body.saddrs.3', rule: 'in_use' },
      { path: 'body.saddrs.4', rule: 'invalid_sender_address' },
    ]);
    expect(await env.srv.database.db.collection('presets').countDocuments()).toBe(0);
  });

  it('saves a form, audits before and after, and offers the saddrs to every member (moderators too)', async () => {
    const body = { esmes: [{ id: 'esme-ucell', rate_limit_per_sec: 150, strategies: ['cp2'] }], saddrs: ['BRAND', '998901234567'] };
    const put = await env.sa.put('/api/admin/presets', body);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.presets).toMatchObject(body);
    const event = await env.srv.database.db.collection('audit_logs').findOne({ action: 'presets.updated' }, { sort: { _id: -1 } });
    expect(event).toMatchObject({ workspace_id: null, resource: { type: 'presets', id: 'global' }, before: { esmes: null, saddrs: [] }, after: body });
    for (const who of [env.author, env.moderator]) {
      const offered = await who.client.get(`${env.base}/saddr-presets`);
      expect(offered.status).toBe(200);
      expect(offered.body).toEqual({ saddrs: ['BRAND', '998901234567'] });
    }
    expect((await env.srv.client().get(`${env.base}/saddr-presets`)).status).toBe(401);
    expect((await env.sa.put('/api/admin/presets', { esmes: null, saddrs: [] })).status).toBe(200);
  });
});
