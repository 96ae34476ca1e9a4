import { randomUUID } from 'node:crypto';
import type { SimClock } from './clock.js';
import { failedAmong, isFailedMessage, smsParts } from './delivery-results.js';
import { advanceJob, processedAt, recordEvent, setStatus, type ProgressSettings } from './job-progress.js';
import { isActive, isTerminal, type JobParams, type JobStatus, type SimJob } from './job-model.js';
import { RecipientList } from './recipient-list.js';

/** An answer Core gives instead of the happy path; core-api turns it into HTTP. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface CreateJobFields extends JobParams {
  external_id: string;
  workspace_id: string;
  created_by: string;
}

const PAGE_DEFAULT = 100;
const PAGE_MAX = 1_000;

export function pageLimit(raw: string | null): number {
  const n = raw === null ? PAGE_DEFAULT : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new SimHttpError(400, 'limit must be a positive integer');
  return Math.min(n, PAGE_MAX);
}

export function pageCursor(raw: string | null): number {
  if (raw === null || raw === '') return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new SimHttpError(400, 'invalid cursor');
  return n;
}

export class JobStore {
  private readonly byId = new Map<string, SimJob>();
  private readonly byExternalId = new Map<string, string>();
  private nextSeq = 1;

  constructor(
    private readonly clock: SimClock,
    readonly settings: ProgressSettings,
  ) {}

  reset(): void {
    this.byId.clear();
    this.byExternalId.clear();
  }

  /** Called by the ticker: moves every active job to the current simulated time. */
  tick(): void {
    const now = this.clock.now();
    for (const job of this.byId.values()) advanceJob(job, now, this.settings);
  }

  all(): SimJob[] {
    return [...this.byId.values()];
  }

  create(fields: CreateJobFields): SimJob {
    const existing = this.byExternalId.get(fields.external_id);
    if (existing) throw new SimHttpError(409, 'a job with this external_id already exists', { job_id: existing });
    const { external_id, workspace_id, created_by, ...params } = fields;
    const now = this.clock.now();
    const job: SimJob = {
      seq: this.nextSeq++,
      id: randomUUID(),
      externalId: external_id,
      workspaceId: workspace_id,
      createdBy: created_by,
      params,
      status: 'held',
      pauseReason: null,
      error: null,
      recipients: new RecipientList(),
      processed: 0,
      sendCredit: 0,
      buildUntil: null,
      lastTick: now,
      updatedAt: now,
      progressMarks: { processed: [], at: [] },
      events: [],
    };
    recordEvent(job, now, 'created (held)');
    this.byId.set(job.id, job);
    this.byExternalId.set(external_id, job.id);
    return job;
  }

  get(id: string): SimJob {
    const job = this.byId.get(id);
    if (!job) throw new SimHttpError(404, 'job not found');
    this.bringUpToDate(job);
    return job;
  }

  getByExternalId(externalId: string): SimJob {
    const id = this.byExternalId.get(externalId);
    if (!id) throw new SimHttpError(404, 'job not found');
    return this.get(id);
  }

  delete(id: string): void {
    const job = this.get(id);
    this.byId.delete(id);
    this.byExternalId.delete(job.externalId);
  }

  patch(id: string, changes: Partial<JobParams>): SimJob {
    const job = this.requireStatus(id, ['held'], 'patch');
    job.params = { ...job.params, ...changes };
    job.updatedAt = this.clock.now();
    recordEvent(job, job.updatedAt, `patched ${Object.keys(changes).join(',')}`);
    return job;
  }

  hold(id: string): SimJob {
    const job = this.requireStatus(id, ['held', 'ready', 'scheduled'], 'hold');
    setStatus(job, 'held', this.clock.now(), 'hold');
    return job;
  }

  /** Swaps in a completely received list; only then does the previous one go away. */
  replaceRecipients(id: string, list: RecipientList): SimJob {
    const job = this.requireStatus(id, ['held'], 'upload recipients to');
    job.recipients = list;
    job.updatedAt = this.clock.now();
    recordEvent(job, job.updatedAt, `recipients replaced (${list.size})`);
    return job;
  }

  /** Checked before an upload starts, so a doomed upload is refused before its body is read. */
  assertCanUpload(id: string): void {
    this.requireStatus(id, ['held'], 'upload recipients to');
  }

  release(id: string, autoStart: boolean): SimJob {
    const job = this.requireStatus(id, ['held'], 'release');
    this.schedule(job, autoStart ? 'scheduled' : 'ready', 'release');
    return job;
  }

  start(id: string): SimJob {
    const job = this.requireStatus(id, ['ready'], 'start');
    this.schedule(job, 'scheduled', 'start');
    return job;
  }

  pause(id: string): SimJob {
    const job = this.requireStatus(id, ['building', 'sending', 'paused'], 'pause');
    job.pauseReason = 'user';
    setStatus(job, 'paused', this.clock.now(), 'paused by user');
    return job;
  }

  resume(id: string): SimJob {
    const job = this.requireStatus(id, ['paused'], 'resume');
    if (job.pauseReason !== 'user') throw new SimHttpError(409, 'job is paused by its sending window, not by a user');
    job.pauseReason = null;
    job.lastTick = this.clock.now();
    setStatus(job, 'sending', job.lastTick, 'resumed');
    return job;
  }

  cancel(id: string): SimJob {
    const job = this.get(id);
    if (isTerminal(job.status)) throw new SimHttpError(409, `cannot cancel a job that is ${job.status}`);
    setStatus(job, 'cancelled', this.clock.now(), 'cancelled');
    return job;
  }

  /** Test hook: make Core report a failure. */
  fail(id: string, error: string): SimJob {
    const job = this.get(id);
    if (isTerminal(job.status)) throw new SimHttpError(409, `job is already ${job.status}`);
    job.error = error;
    setStatus(job, 'failed', this.clock.now(), error);
    return job;
  }

  pushNumber(id: string, number: string): string {
    const job = this.get(id);
    if (job.params.mode !== 'Trigger') throw new SimHttpError(409, 'numbers can be pushed only to Trigger jobs');
    if (!isActive(job.status)) throw new SimHttpError(409, `cannot accept numbers while ${job.status}`);
    job.recipients.pushString(number);
    job.updatedAt = this.clock.now();
    return messageId(job, job.recipients.size - 1);
  }

  list(status: string | null, cursor: number, limit: number): { items: SimJob[]; next_cursor: string | null } {
    const matches = (job: SimJob): boolean =>
      status === null || (status === 'active' ? isActive(job.status) : job.status === status);
    const items: SimJob[] = [];
    let more = false;
    for (const job of this.byId.values()) {
      if (job.seq <= cursor) continue;
      this.bringUpToDate(job);
      if (!matches(job)) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(job);
    }
    const last = items[items.length - 1];
    return { items, next_cursor: more && last ? String(last.seq) : null };
  }

  messages(id: string, cursor: number, limit: number) {
    const job = this.get(id);
    const end = Math.min(job.recipients.size, cursor + limit);
    const parts = smsParts(job.params.text);
    const items = [];
    for (let i = cursor; i < end; i++) {
      const done = i < job.processed;
      const failed = done && isFailedMessage(i, this.settings.failureShare);
      items.push({
        message_id: messageId(job, i),
        number: job.recipients.at(i),
        status: !done ? 'queued' : failed ? 'failed' : 'delivered',
        error: failed ? 'simulated delivery failure' : null,
        parts,
        updated_at: new Date(done ? processedAt(job, i) : job.updatedAt).toISOString(),
      });
    }
    return { items, next_cursor: end < job.recipients.size ? String(end) : null };
  }

  view(job: SimJob) {
    const failed = failedAmong(job.processed, this.settings.failureShare);
    return {
      job_id: job.id,
      external_id: job.externalId,
      workspace_id: job.workspaceId,
      created_by: job.createdBy,
      mode: job.params.mode,
      status: job.status,
      total: job.recipients.size,
      sent: job.processed - failed,
      delivered: job.processed - failed,
      failed,
      error: job.error,
      pause_reason: job.pauseReason,
      updated_at: new Date(job.updatedAt).toISOString(),
    };
  }

  debugView(job: SimJob) {
    return { ...this.view(job), params: job.params, events: job.events };
  }

  private schedule(job: SimJob, status: JobStatus, why: string): void {
    const now = this.clock.now();
    job.lastTick = now;
    job.sendCredit = 0;
    setStatus(job, status, now, why);
    this.bringUpToDate(job);
  }

  private bringUpToDate(job: SimJob): void {
    advanceJob(job, this.clock.now(), this.settings);
  }

  private requireStatus(id: string, allowed: JobStatus[], action: string): SimJob {
    const job = this.get(id);
    if (!allowed.includes(job.status)) throw new SimHttpError(409, `cannot ${action} a job that is ${job.status}`);
    return job;
  }
}

function messageId(job: SimJob, index: number): string {
  return `${job.id}:${index}`;
}
