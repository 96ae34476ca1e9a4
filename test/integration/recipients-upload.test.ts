// The recipient upload end to end: a generated 1,000,000-line file through the real HTTP route,
// ingestion and the simulator's Core upload; replacing a list, a client that goes away, content
// types, permissions and the per-process upload slots.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleList } from '../unit/recipients-sample-list.js';
import { createCampaign, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { fileChunks, generatedLines, putStream } from './recipients-upload-client.js';

let env: CampaignEnv;
let serverTmp: string;
let filesDir: string;

beforeAll(async () => {
  serverTmp = await mkdtemp(join(tmpdir(), 'mc-rcp-server-'));
  filesDir = await mkdtemp(join(tmpdir(), 'mc-rcp-files-'));
  env = await startCampaignEnv('rcpupload', {}, { TMPDIR: serverTmp });
});
afterAll(async () => {
  await env?.stop();
  await rm(serverTmp, { recursive: true, force: true });
  await rm(filesDir, { recursive: true, force: true });
});

const uploadUrl = (externalId: string) => `${env.srv.url}${env.base}/campaigns/${externalId}/recipients`;
const coreTotal = async (jobId: string) => (await env.srv.app.core.core.getJob(jobId, 'test')).total;
const lines = (numbers: string[]) => [Buffer.from(numbers.join('\n') + '\n')];
async function* of(chunks: Buffer[]) {
  yield* chunks;
}

async function waitForUpload(externalId: string, state: string) {
  for (let i = 0; i < 200; i++) {
    const r = await env.author.client.get(`${env.base}/campaigns/${externalId}/recipients/status`);
    if (r.body.upload.state === state) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`upload of ${externalId} never became ${state}`);
}

describe('PUT …/recipients', () => {
  it('streams a 1,000,000-line file to Core with exact counts, in bounded memory', async () => {
    const c = await createCampaign(env, env.author);
    const file = join(filesDir, 'million.csv');
    const sample = await writeSampleList(file, { numbers: 1_000_000, seed: 20261126, subscribers: 700_000, keepDistinct: false });
    const size = (await stat(file)).size;

    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    const r = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentLength: size, fileName: 'March%20list.csv', body: fileChunks(file) });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);

    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const expected = { file_name: 'March list.csv', bytes: size, accepted: sample.distinctCount, invalid: sample.invalid, duplicates: sample.valid - sample.distinctCount };
    expect(r.body.recipients).toMatchObject(expected);
    expect(r.body.recipients.sample_errors).toHaveLength(100);
    expect(r.body.campaign.recipients).toMatchObject(expected);
    expect(await coreTotal(c.job_id)).toBe(sample.distinctCount);

    const status = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/recipients/status`);
    expect(status.body.upload).toMatchObject({ state: 'done', bytes: size, accepted: expected.accepted, invalid: expected.invalid, duplicates: expected.duplicates, spilled: false });
    const audit = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/audit`);
    expect(audit.body.items.find((e: { action: string }) => e.action === 'campaign.recipients_uploaded')?.after).toMatchObject({ accepted: expected.accepted });
    expect(await readdir(serverTmp)).toEqual([]);

    const deltaMiB = Math.round((rssPeak - rssBefore) / 2 ** 20);
    console.log(
      `[recipients-upload] ${sample.lines} lines, ${(size / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(2)} s ` +
        `(${Math.round(sample.lines / seconds)} lines/s); process RSS before ${Math.round(rssBefore / 2 ** 20)} MiB, peak +${deltaMiB} MiB ` +
        `(vitest worker + server in one process)`,
    );
    // The list is 16 MiB and the dedupe table for ~2 M expected keys is 32 MiB: anything near the
    // file's size times a few would mean the body or the list was buffered.
    expect(deltaMiB).toBeLessThan(160);
  });

  it('replaces the list; a client that goes away leaves Core with the previous list and no temporary files', async () => {
    const c = await createCampaign(env, env.author);
    const first = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', body: of(lines(['998901111111', '998902222222', '+998 90 333-33-33'])) });
    expect(first.status).toBe(200);
    expect(first.body.recipients).toMatchObject({ accepted: 3, invalid: 0, duplicates: 0, file_name: '' });
    expect(await coreTotal(c.job_id)).toBe(3);

    const cut = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', body: generatedLines(64 * 2 ** 20, 5), abortAfterBytes: 2 * 2 ** 20 });
    expect(cut.status).toBe(0);
    const after = await waitForUpload(c.external_id, 'failed');
    expect(after.upload.error).toBe('upload_cancelled');
    expect(after.recipients).toMatchObject({ accepted: 3 });
    expect(await coreTotal(c.job_id)).toBe(3);
    expect(await readdir(serverTmp)).toEqual([]);

    const second = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'application/octet-stream', body: of(lines(['998904444444', '998904444444', 'abc'])) });
    expect(second.status).toBe(200);
    expect(second.body.recipients).toMatchObject({ accepted: 1, duplicates: 1, invalid: 1, sample_errors: [{ line: 3, value: 'abc', reason: 'bad_characters' }] });
    expect(await coreTotal(c.job_id)).toBe(1);
  });

  it('answers 415 for other content types and refuses binary files', async () => {
    const c = await createCampaign(env, env.author);
    for (const contentType of ['application/json', 'image/png', 'multipart/form-data; boundary=x']) {
      const r = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType, body: of([Buffer.from('{}')]) });
      expect(r.status, contentType).toBe(415);
    }
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(9000)]);
    const r = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'application/octet-stream', body: of([zip]) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('binary_file');
  });

  it('checks who may upload, and to which campaign', async () => {
    const c = await createCampaign(env, env.author);
    const body = () => of(lines(['998901111111']));
    const asModerator = await putStream({ url: uploadUrl(c.external_id), cookie: env.moderator.client.sessionCookie, body: body() });
    expect(asModerator.status).toBe(403);
    const anonymous = await putStream({ url: uploadUrl(c.external_id), cookie: null, body: body() });
    expect(anonymous.status).toBe(401);
    const unknown = await putStream({ url: uploadUrl('00000000-0000-4000-8000-000000000000'), cookie: env.author.client.sessionCookie, body: body() });
    expect(unknown.status).toBe(404);
    const byOtherAuthor = await putStream({ url: uploadUrl(c.external_id), cookie: env.author2.client.sessionCookie, body: body() });
    expect(byOtherAuthor.status).toBe(403); // only its author and admins change a campaign (docs/decisions.md)
    const byAuthor = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, body: body() });
    expect(byAuthor.status).toBe(200); // submit needs recipients

    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
    const approved = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, body: body() });
    expect(approved.status).toBe(422);
  });

  it('runs at most UPLOAD_CONCURRENCY uploads at once; the next gets 429 with Retry-After', async () => {
    const [a, b, third] = [await createCampaign(env, env.author), await createCampaign(env, env.author), await createCampaign(env, env.author)];
    const slow = (externalId: string) =>
      putStream({ url: uploadUrl(externalId), cookie: env.author.client.sessionCookie, contentType: 'text/plain', body: generatedLines(64 * 2 ** 20, 20), abortAfterBytes: 3 * 2 ** 20 });
    const running = [slow(a.external_id), slow(b.external_id)];
    await waitForUpload(a.external_id, 'running');
    await waitForUpload(b.external_id, 'running');
    const refused = await putStream({ url: uploadUrl(third.external_id), cookie: env.author.client.sessionCookie, body: of(lines(['998901111111'])) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await Promise.all(running);
    await waitForUpload(a.external_id, 'failed');
    await waitForUpload(b.external_id, 'failed');
    const later = await putStream({ url: uploadUrl(third.external_id), cookie: env.author.client.sessionCookie, body: of(lines(['998901111111'])) });
    expect(later.status).toBe(200);
  });

  it('answers 503 when Core is down, frees its slot and leaves nothing behind', async () => {
    const c = await createCampaign(env, env.author);
    await env.sim.setFaults({ down: true });
    try {
      const started = performance.now();
      const r = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', body: generatedLines(8 * 2 ** 20), timeoutMs: 20_000 });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('core_unavailable');
      expect(performance.now() - started).toBeLessThan(10_000);
      expect((await env.author.client.get(`${env.base}/campaigns/${c.external_id}/recipients/status`)).body.upload).toMatchObject({ state: 'failed' });
      expect(await readdir(serverTmp)).toEqual([]);
    } finally {
      await env.sim.setFaults({ down: false });
    }
    for (let i = 0; i < 100 && env.srv.app.core.health.state().status !== 'ok'; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, body: of(lines(['998901111111'])) });
    expect(again.status).toBe(200);
  });
});
