import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreClient, listAllActiveJobs, type CoreClient } from '../../src/server/core/core-client.js';
import type { CoreJob } from '../../src/server/core/core-types.js';
import { CoreConflictError, CoreRequestError } from '../../src/server/core/errors.js';
import { createTlsPool, type TlsPool } from '../../src/server/core/tls-pool.js';
import { makeCoreJob as makeJob, recordingLogger, startSim, type RunningSim } from '../support/sim.js';

let sim: RunningSim;
let pool: TlsPool;
let core: CoreClient;
const logger = recordingLogger();
const rid = 'test-core-client';

beforeAll(async () => {
  sim = await startSim({ sendRate: 2_000, failureShare: 0.1 });
  pool = await createTlsPool({
    url: sim.coreUrl,
    certFile: join(sim.certsDir, 'mc-client.crt'),
    keyFile: join(sim.certsDir, 'mc-client.key'),
    caFile: join(sim.certsDir, 'ca.crt'),
    connections: 8,
    bodyTimeoutMs: 10_000,
    logger,
  });
  core = createCoreClient({ pool, apiKey: sim.coreApiKey, maxResponseBytes: 16 * 1024 * 1024, uploadBodyTimeoutMs: 60_000, logger });
});
afterAll(async () => {
  await pool?.close();
  await sim?.stop();
});


function* numbers(count: number, first = 998_900_000_000): Generator<string> {
  for (let i = 0; i < count; i++) yield `${first + i}\n`;
}

async function waitForStatus(jobId: string, status: CoreJob['status'], timeoutMs = 20_000): Promise<CoreJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await core.getJob(jobId, rid);
    if (job.status === status) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}, wanted ${status}`);
    await sleep(100);
  }
}

describe('Core client against the simulator', () => {
  it('creates idempotently by external_id: a second create is a CoreConflictError and ext lookup finds the job', async () => {
    const input = makeJob();
    const created = await core.createJob(input, rid);
    expect(created.status).toBe('held');
    await expect(core.createJob(input, rid)).rejects.toBeInstanceOf(CoreConflictError);
    const found = await core.getJobByExternalId(input.external_id, rid);
    expect(found).toMatchObject({ job_id: created.job_id, workspace_id: 'ws-1', created_by: 'user-1', mode: 'OnDemand', status: 'held', total: 0 });
    expect(await core.getJobByExternalId(randomUUID(), rid)).toBeNull();
  });

  it('runs a job from held to done, with per-message results paged by cursor', async () => {
    const { job_id } = await core.createJob(makeJob(), rid);
    expect(await core.patchJob(job_id, { text: 'Hello again' }, rid)).toEqual({ status: 'held' });
    expect(await core.uploadRecipients(job_id, numbers(50), rid)).toEqual({ received: 50 });
    // A second upload replaces the first one whole.
    expect(await core.uploadRecipients(job_id, numbers(1_000), rid)).toEqual({ received: 1_000 });
    expect(await core.releaseJob(job_id, false, rid)).toEqual({ status: 'ready' });
    await expect(core.patchJob(job_id, { text: 'late edit' }, rid)).rejects.toBeInstanceOf(CoreConflictError);
    expect(await core.holdJob(job_id, rid)).toEqual({ status: 'held' });
    expect(await core.releaseJob(job_id, false, rid)).toEqual({ status: 'ready' });
    const started = await core.startJob(job_id, rid);
    expect(['scheduled', 'building', 'sending']).toContain(started.status);

    const done = await waitForStatus(job_id, 'done');
    expect(done).toMatchObject({ total: 1_000, failed: 100, sent: 900, delivered: 900 });
    await expect(core.cancelJob(job_id, rid)).rejects.toBeInstanceOf(CoreConflictError);

    const statuses = new Map<string, number>();
    let cursor: string | null = null;
    let count = 0;
    for (let page = 0; page < 20; page++) {
      const result = await core.listMessages(job_id, cursor, 300, rid);
      for (const message of result.items) statuses.set(message.status, (statuses.get(message.status) ?? 0) + 1);
      count += result.items.length;
      cursor = result.next_cursor;
      if (cursor === null) break;
    }
    expect(count).toBe(1_000);
    expect(Object.fromEntries(statuses)).toEqual({ delivered: 900, failed: 100 });
  });

  it('pauses, resumes and cancels, answering 409 when the state does not allow it', async () => {
    const { job_id } = await core.createJob(makeJob(), rid);
    await expect(core.pauseJob(job_id, rid)).rejects.toBeInstanceOf(CoreConflictError);
    await expect(core.startJob(job_id, rid)).rejects.toBeInstanceOf(CoreConflictError);
    await core.uploadRecipients(job_id, numbers(1_000_000), rid);
    await core.releaseJob(job_id, true, rid);
    await waitForStatus(job_id, 'sending');
    expect(await core.pauseJob(job_id, rid)).toEqual({ status: 'paused' });
    await expect(core.holdJob(job_id, rid)).rejects.toBeInstanceOf(CoreConflictError);
    await expect(core.uploadRecipients(job_id, numbers(5), rid)).rejects.toBeInstanceOf(CoreConflictError);
    expect(await core.resumeJob(job_id, rid)).toEqual({ status: 'sending' });
    await expect(core.resumeJob(job_id, rid)).rejects.toBeInstanceOf(CoreConflictError);
    expect(await core.cancelJob(job_id, rid)).toEqual({ status: 'cancelled' });
  });

  it('refuses an invalid recipient line and keeps the previous list', async () => {
    const { job_id } = await core.createJob(makeJob(), rid);
    await core.uploadRecipients(job_id, numbers(10), rid);
    const error = await core.uploadRecipients(job_id, ['998901234567\n', 'not-a-number\n'], rid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreRequestError);
    expect(error).toMatchObject({ status: 400 });
    expect((await core.getJob(job_id, rid)).total).toBe(10);
  });

  it('lists active jobs in pages and through listAllActiveJobs', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const { job_id } = await core.createJob(makeJob({ mode: 'OnTime', start_at: new Date(Date.now() + 86_400_000).toISOString() }), rid);
      await core.releaseJob(job_id, true, rid);
      ids.push(job_id);
    }
    const firstPage = await core.listActiveJobs(null, 3, rid);
    expect(firstPage.items).toHaveLength(3);
    expect(firstPage.next_cursor).not.toBeNull();
    const all: string[] = [];
    for await (const job of listAllActiveJobs(core, rid, 2)) {
      expect(['scheduled', 'building', 'sending', 'paused']).toContain(job.status);
      all.push(job.job_id);
    }
    expect(all).toEqual(expect.arrayContaining(ids));
    expect(new Set(all).size).toBe(all.length);
  });

  it('accepts trigger numbers only for an active Trigger job, and deletes jobs', async () => {
    const { job_id } = await core.createJob(makeJob({ mode: 'Trigger', text: 'Code {{code}}' }), rid);
    await expect(core.pushNumber(job_id, { number: '998901234567', text: 'Code 1' }, rid)).rejects.toBeInstanceOf(CoreConflictError);
    await core.releaseJob(job_id, true, rid);
    await waitForStatus(job_id, 'sending');
    const { message_id } = await core.pushNumber(job_id, { number: '998901234567', text: 'Code 4711' }, rid);
    expect(message_id).toBeTruthy();
    await sleep(200);
    const messages = await core.listMessages(job_id, null, 10, rid);
    expect(messages.items.map((m) => m.number)).toEqual(['998901234567']);
    await core.deleteJob(job_id, rid);
    await expect(core.getJob(job_id, rid)).rejects.toMatchObject({ status: 404 });
  });

  it('expires a Trigger job at end_at and pauses outside its sending window, on the simulated clock', async () => {
    const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
    const { job_id } = await core.createJob(makeJob({ mode: 'Trigger', end_at: inOneHour }), rid);
    await core.releaseJob(job_id, true, rid);
    await sim.setClock(1, 2 * 3_600_000);
    expect((await core.getJob(job_id, rid)).status).toBe('expired');

    const now = new Date(Date.now() + 2 * 3_600_000 + 60_000);
    const closedWindow = { start: hhmm(now, 120), end: hhmm(now, 180), timezone: 'UTC' };
    const windowed = await core.createJob(makeJob({ sending_window: closedWindow }), rid);
    await core.uploadRecipients(windowed.job_id, numbers(10), rid);
    await core.releaseJob(windowed.job_id, true, rid);
    const paused = await waitForStatus(windowed.job_id, 'paused');
    expect(paused.pause_reason).toBe('sending_window');
    await sim.setClock(1, 150 * 60_000);
    await waitForStatus(windowed.job_id, 'done');
  });
});

function hhmm(at: Date, plusMinutes: number): string {
  const d = new Date(at.getTime() + plusMinutes * 60_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}
