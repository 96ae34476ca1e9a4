// The poller lag and upload throughput series (drawn on deploy/grafana) come from the code doing
// the work: a real poll cycle and a real upload, read back through GET /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { putStream } from './recipients-upload-client.js';

let env: CampaignEnv;
beforeAll(async () => {
  env = await startCampaignEnv('metricsrec');
});
afterAll(async () => env?.stop());

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${env.srv.url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`${name} is not exposed`);
  return Number(m[1]);
}

describe('metrics recorded by the work itself', () => {
  it('mc_status_poller_lag_seconds grows while no pass completes and drops when the poller completes one', async () => {
    // As if the last pass ended two minutes ago: the scrape computes the lag at that moment.
    env.srv.app.metrics.markPollerPass(Date.now() - 120_000);
    expect(await metric('mc_status_poller_lag_seconds')).toBeGreaterThanOrEqual(120);
    // The server's own poller (every 200 ms here) completes its next pass.
    let lag = Infinity;
    for (let i = 0; i < 300 && lag >= 60; i++) {
      lag = await metric('mc_status_poller_lag_seconds');
      if (lag >= 60) await new Promise((r) => setTimeout(r, 50));
    }
    expect(lag).toBeLessThan(60);
  });

  it('mc_upload_bytes_total counts the bytes of a recipient upload', async () => {
    const before = await metric('mc_upload_bytes_total');
    const c = await createCampaign(env, env.author);
    const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => `99890${String(1000000 + i)}`).join('\n') + '\n');
    const r = await putStream({
      url: `${env.srv.url}${env.base}/campaigns/${c.external_id}/recipients`,
      cookie: env.author.client.sessionCookie,
      contentLength: body.length,
      body: (async function* () {
        yield body.subarray(0, 20_000);
        yield body.subarray(20_000);
      })(),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.recipients.accepted).toBe(5000);
    expect((await metric('mc_upload_bytes_total')) - before).toBe(body.length);
  });
});
