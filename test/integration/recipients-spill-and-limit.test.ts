// A dedupe budget far below the list (UPLOAD_DEDUPE_MEMORY_MB=1) takes the spill path with the
// same exact counts and leaves no temporary file; an upload past UPLOAD_MAX_BYTES is cut off early.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleList } from '../unit/recipients-sample-list.js';
import { createCampaign, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { fileChunks, generatedLines, putStream } from './recipients-upload-client.js';

const MAX_BYTES = 16 * 2 ** 20;
let env: CampaignEnv;
let serverTmp: string;
let filesDir: string;

beforeAll(async () => {
  serverTmp = await mkdtemp(join(tmpdir(), 'mc-rcp-spill-server-'));
  filesDir = await mkdtemp(join(tmpdir(), 'mc-rcp-spill-files-'));
  env = await startCampaignEnv('rcpspill', {}, { TMPDIR: serverTmp, UPLOAD_DEDUPE_MEMORY_MB: '1', UPLOAD_MAX_BYTES: String(MAX_BYTES) });
});
afterAll(async () => {
  await env?.stop();
  await rm(serverTmp, { recursive: true, force: true });
  await rm(filesDir, { recursive: true, force: true });
});

const uploadUrl = (externalId: string) => `${env.srv.url}${env.base}/campaigns/${externalId}/recipients`;
const coreTotal = async (jobId: string) => (await env.srv.app.core.core.getJob(jobId, 'test')).total;

describe('recipient uploads at the limits', () => {
  let spilledCampaign: { external_id: string; job_id: string };
  let spilledAccepted = 0;

  it('spills past a 1 MiB dedupe budget with exact counts and cleans up', async () => {
    const c = await createCampaign(env, env.author);
    const file = join(filesDir, 'spill.csv');
    // ~260 k distinct numbers: the 1 MiB table holds ~91 k, so most go through spill files.
    const sample = await writeSampleList(file, { numbers: 400_000, seed: 7, subscribers: 400_000, keepDistinct: false });
    const size = (await stat(file)).size;
    const seenDirs = new Set<string>();
    const watcher = setInterval(() => void readdir(serverTmp).then((names) => names.forEach((n) => seenDirs.add(n)), () => undefined), 5);
    const r = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentLength: size, fileName: 'spill.csv', body: fileChunks(file) });
    clearInterval(watcher);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.recipients).toMatchObject({
      accepted: sample.distinctCount,
      invalid: sample.invalid,
      duplicates: sample.valid - sample.distinctCount,
      bytes: size,
    });
    expect(sample.distinctCount).toBeGreaterThan(200_000);
    expect(await coreTotal(c.job_id)).toBe(sample.distinctCount);
    const status = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/recipients/status`);
    expect(status.body.upload).toMatchObject({ state: 'done', spilled: true, pending_dedupe: 0 });
    expect(await readdir(serverTmp)).toEqual([]);
    console.log(`[recipients-spill] ${sample.distinctCount} distinct of ${sample.valid} valid; spill directories seen during the upload: ${seenDirs.size}`);
    spilledCampaign = c;
    spilledAccepted = sample.distinctCount;
  });

  it('answers 413 as soon as the body passes UPLOAD_MAX_BYTES and stops reading it', async () => {
    const offered = 256 * 2 ** 20;
    const r = await putStream({ url: uploadUrl(spilledCampaign.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', body: generatedLines(offered) });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect(r.headers.connection).toBe('close');
    // What the client got into its socket: the limit plus what the kernel buffers on loopback.
    console.log(`[recipients-limit] limit ${MAX_BYTES / 2 ** 20} MiB; client had sent ${(r.bytesSent / 2 ** 20).toFixed(1)} MiB of ${offered / 2 ** 20} MiB when the 413 came`);
    expect(r.bytesSent).toBeLessThan(MAX_BYTES + 48 * 2 ** 20);
    const status = await env.author.client.get(`${env.base}/campaigns/${spilledCampaign.external_id}/recipients/status`);
    expect(status.body.upload).toMatchObject({ state: 'failed', error: 'payload_too_large' });
    expect(status.body.upload.bytes).toBeLessThanOrEqual(MAX_BYTES + 256 * 1024);
    expect(status.body.recipients.accepted).toBe(spilledAccepted);
    expect(await coreTotal(spilledCampaign.job_id)).toBe(spilledAccepted);
    expect(await readdir(serverTmp)).toEqual([]);
    expect(env.srv.app.core.health.state().status).toBe('ok');
  });

  it('answers 413 from Content-Length before reading anything', async () => {
    async function* oneChunkThenWait() {
      yield Buffer.from('998901234567\n');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    const started = performance.now();
    const r = await putStream({
      url: uploadUrl(spilledCampaign.external_id),
      cookie: env.author.client.sessionCookie,
      contentLength: MAX_BYTES + 1,
      body: oneChunkThenWait(),
    });
    expect(r.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await coreTotal(spilledCampaign.job_id)).toBe(spilledAccepted);
  });

  it('delivers every 413 to a client that keeps sending (lingering close, never a reset)', async () => {
    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 8; i++) {
      const r = putStream({ url: uploadUrl(spilledCampaign.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', body: generatedLines(64 * 2 ** 20) });
      outcomes.push(await r.then((o) => o.status, (err: Error) => err.message));
    }
    expect(outcomes).toEqual(outcomes.map(() => 413));
  });
});

describe('refusals before the upload handler', () => {
  it('close the connection instead of reading the body of an anonymous upload', async () => {
    const res = await fetch(`${env.srv.url}${env.base}/campaigns/00000000-0000-4000-8000-000000000000/recipients`, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain', origin: 'http://localhost:3000' },
      body: '998901234567\n',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('connection')).toBe('close');
  });
});
