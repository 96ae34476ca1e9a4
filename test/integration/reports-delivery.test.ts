// Delivery reports of a 100,000-message campaign: cursor paging through /messages and the CSV
// export streamed page by page from Core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, startCampaignEnv, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';
import { putStream } from './recipients-upload-client.js';

const MESSAGES = 100_000;
let env: CampaignEnv;
let campaign: { external_id: string; job_id: string };

beforeAll(async () => {
  env = await startCampaignEnv('reports', { sendRate: 10_000_000, failureShare: 0.02 });
  campaign = await createCampaign(env, env.author, { name: 'Big one' });
  const body = Array.from({ length: MESSAGES }, (_, i) => `99893${String(i).padStart(7, '0')}`).join('\n');
  const up = await putStream({
    url: `${env.srv.url}${env.base}/campaigns/${campaign.external_id}/recipients`,
    cookie: env.author.client.sessionCookie,
    contentType: 'text/plain',
    body: (async function* () {
      yield Buffer.from(body);
    })(),
  });
  expect(up.status).toBe(200);
  expect(up.body.recipients.accepted).toBe(MESSAGES);
  expect((await env.author.client.post(`${env.base}/campaigns/${campaign.external_id}/submit`, {})).status).toBe(200);
  expect((await env.moderator.client.post(`${env.base}/campaigns/${campaign.external_id}/approve`, {})).status).toBe(200);
  await waitForStatus(env, env.author.client, campaign.external_id, ['Done']);
});
afterAll(async () => env?.stop());

describe('delivery reports', () => {
  it('pages through every message with the cursor', async () => {
    const ids = new Set<string>();
    let failed = 0;
    let cursor: string | null = null;
    let pages = 0;
    const started = performance.now();
    do {
      const query: string = cursor === null ? '?limit=200' : `?limit=200&cursor=${encodeURIComponent(cursor)}`;
      const r = await env.moderator.client.get(`${env.base}/campaigns/${campaign.external_id}/messages${query}`);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(200);
      for (const m of r.body.items) {
        ids.add(m.message_id);
        if (m.status === 'failed') failed++;
        else expect(m.status).toBe('delivered');
      }
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor !== null && pages < 1_000);
    console.log(`[reports] ${ids.size} messages in ${pages} pages of 200 in ${Math.round(performance.now() - started)} ms`);
    expect(ids.size).toBe(MESSAGES);
    expect(failed).toBe(Math.floor(MESSAGES * 0.02));
  });

  it('exports report.csv streamed from Core, one row per message', async () => {
    const started = performance.now();
    const res = await fetch(`${env.srv.url}${env.base}/campaigns/${campaign.external_id}/report.csv`, { headers: { cookie: env.author.client.sessionCookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="report-${campaign.external_id}.csv"`);
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe('number,status,error,parts,time');
    expect(lines.length - 2).toBe(MESSAGES);
    expect(lines[1]).toMatch(/^998930000000,(delivered|failed),[^,]*,1,\d{4}-\d\d-\d\dT/);
    expect(lines.filter((l) => l.includes(',failed,simulated delivery failure,')).length).toBe(Math.floor(MESSAGES * 0.02));
    console.log(`[reports] report.csv: ${(text.length / 2 ** 20).toFixed(1)} MiB, ${MESSAGES} rows in ${Math.round(performance.now() - started)} ms`);
  });

  it('keeps reports to the workspace and rate-limits exports', async () => {
    const r = await env.sa.get(`/api/w/${env.ws.slug}/campaigns/00000000-0000-4000-8000-000000000000/messages`);
    expect(r.status).toBe(404);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${env.srv.url}${env.base}/campaigns/${campaign.external_id}/report.csv`, { headers: { cookie: env.admin.client.sessionCookie! } });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 200).length).toBe(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
