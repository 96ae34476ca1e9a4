// A person cancels a recipient upload mid-body (the browser aborts the request): the server drops
// the partial list. Checked at the very moment the upload's outcome is published (what the
// console reacts to): its spill files are gone, the campaign's upload lease is free, Core and the
// campaign still have the previous list, and the next upload starts at once.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { eventHub } from '../../src/server/events/event-hub.js';
import { createCampaign, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { putStream } from './recipients-upload-client.js';

let env: CampaignEnv;
let serverTmp: string;

beforeAll(async () => {
  serverTmp = await mkdtemp(join(tmpdir(), 'mc-rcp-cancel-server-'));
  // A 1 MiB dedupe budget: the cut upload has spill files on disk when it is cancelled.
  env = await startCampaignEnv('rcpcancel', {}, { TMPDIR: serverTmp, UPLOAD_DEDUPE_MEMORY_MB: '1' });
});
afterAll(async () => {
  await env?.stop();
  await rm(serverTmp, { recursive: true, force: true });
});

const uploadUrl = (externalId: string) => `${env.srv.url}${env.base}/campaigns/${externalId}/recipients`;
const coreTotal = async (jobId: string) => (await env.srv.app.core.core.getJob(jobId, 'test')).total;
async function* of(text: string) {
  yield Buffer.from(text);
}

/** Files under `dir`, at any depth. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

class CancelledByPerson extends Error {}

/** Distinct numbers in 64 KiB chunks until spill files exist on the server; then the client gives up mid-body. */
async function* distinctNumbersUntilSpilled(): AsyncGenerator<Buffer> {
  let next = 0;
  for (;;) {
    let chunk = '';
    while (chunk.length < 65_000) chunk += `99890${String(next++).padStart(7, '0')}\n`;
    yield Buffer.from(chunk);
    if ((await filesUnder(serverTmp)).length > 0) throw new CancelledByPerson('the person pressed Cancel');
    if (next > 9_000_000) throw new Error('the server never spilled');
  }
}

describe('a cancelled recipient upload', () => {
  it('leaves nothing behind: no temporary files, the lease free, the previous list in Core, and the next upload starts at once', async () => {
    const c = await createCampaign(env, env.author);
    const previous = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', fileName: 'previous.txt', body: of('998901111111\n998902222222\n998903333333\n') });
    expect(previous.status).toBe(200);
    expect(await coreTotal(c.job_id)).toBe(3);

    const campaignId = (await env.srv.app.db.collection(COLLECTIONS.campaigns).findOne({ external_id: c.external_id }))!._id.toHexString();
    const leases = env.srv.app.db.collection<{ _id: string }>(COLLECTIONS.leases);
    // What holds when the console hears the outcome: looked at in the same tick as it is published.
    let onOutcome: Promise<{ state: string; error: string | null; files: number; lease: unknown }> | null = null;
    const seenRunning: number[] = [];
    const stop = eventHub.subscribe(env.ws._id.toHexString(), (event) => {
      const data = event.data as { external_id: string; state: string; error: string | null; lines: number };
      if (event.name !== 'upload' || data.external_id !== c.external_id) return;
      if (data.state === 'running') seenRunning.push(data.lines);
      else if (onOutcome === null) {
        const files = countFiles(serverTmp);
        const lease = leases.findOne({ _id: `upload:${campaignId}` });
        onOutcome = lease.then((held) => ({ state: data.state, error: data.error, files, lease: held }));
      }
    });
    try {
      await expect(
        putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', fileName: 'cut.txt', body: distinctNumbersUntilSpilled() }),
      ).rejects.toThrow(CancelledByPerson);
      await expect.poll(() => onOutcome !== null, { timeout: 30_000 }).toBe(true);
      const outcome = await onOutcome!;
      expect(outcome).toEqual({ state: 'failed', error: 'upload_cancelled', files: 0, lease: null });
      expect(seenRunning.at(-1)).toBeGreaterThan(0); // the progress the processing phase shows went out while it ran
    } finally {
      stop();
    }

    expect(await coreTotal(c.job_id)).toBe(3);
    const status = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/recipients/status`);
    expect(status.body.recipients).toMatchObject({ file_name: 'previous.txt', accepted: 3 });
    // No event claims the cut list was uploaded.
    const audit = await env.author.client.get(`${env.base}/campaigns/${c.external_id}/audit`);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'campaign.recipients_uploaded')).toHaveLength(1);

    const next = await putStream({ url: uploadUrl(c.external_id), cookie: env.author.client.sessionCookie, contentType: 'text/plain', fileName: 'next.txt', body: of('998904444444\n998905555555\n') });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.recipients).toMatchObject({ file_name: 'next.txt', accepted: 2 });
    expect(await coreTotal(c.job_id)).toBe(2);
  });
});

/** Files under `dir` right now (synchronously: in the tick the outcome is published). */
function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
