import { failedAmong } from './delivery-results.js';
import { isActive, type JobStatus, type SimJob } from './job-model.js';
import { isInsideWindow, localMinutes, parseHhMm } from './sending-window.js';

export interface ProgressSettings {
  sendRate: number;
  failureShare: number;
}

const BUILD_MS = 1_000;
const DAY_MS = 86_400_000;
const MAX_STEP_MS = 60_000;
const MAX_STEPS = 10_000;
const EVENT_LIMIT = 200;

export function recordEvent(job: SimJob, at: number, event: string): void {
  job.events.push({ at: new Date(at).toISOString(), event });
  if (job.events.length > EVENT_LIMIT) job.events.splice(0, job.events.length - EVENT_LIMIT);
}

export function setStatus(job: SimJob, status: JobStatus, at: number, why = ''): void {
  if (job.status === status) return;
  recordEvent(job, at, `${job.status} -> ${status}${why ? ` (${why})` : ''}`);
  job.status = status;
  job.updatedAt = at;
}

/** Moves an active job forward to simulated time `to`, in steps small enough for windows. */
export function advanceJob(job: SimJob, to: number, settings: ProgressSettings): void {
  if (!isActive(job.status) || to <= job.lastTick) {
    job.lastTick = Math.max(job.lastTick, to);
    return;
  }
  const stepMs = Math.max(MAX_STEP_MS, (to - job.lastTick) / MAX_STEPS);
  while (job.lastTick < to && isActive(job.status)) {
    const next = Math.min(to, job.lastTick + stepMs);
    step(job, job.lastTick, next, settings);
    job.lastTick = next;
  }
  job.lastTick = to;
}

function step(job: SimJob, from: number, to: number, settings: ProgressSettings): void {
  const endAt = job.params.end_at ? Date.parse(job.params.end_at) : null;
  if (endAt !== null && to >= endAt) {
    sendBetween(job, from, Math.max(from, endAt), settings);
    if (isActive(job.status)) setStatus(job, 'expired', endAt, 'end_at passed');
    return;
  }
  if (job.status === 'scheduled') {
    const startAt = job.params.start_at ? Date.parse(job.params.start_at) : null;
    if (startAt !== null && to < startAt) return;
    const at = Math.max(from, startAt ?? from);
    if (job.params.mode === 'Trigger') setStatus(job, 'sending', at, 'start_at reached');
    else {
      setStatus(job, 'building', at);
      job.buildUntil = at + BUILD_MS;
    }
  }
  if (job.status === 'building') {
    if (job.buildUntil !== null && to < job.buildUntil) return;
    setStatus(job, 'sending', job.buildUntil ?? to);
  }
  applyWindow(job, to);
  if (job.status === 'sending') sendBetween(job, from, to, settings);
}

function applyWindow(job: SimJob, at: number): void {
  if (job.pauseReason === 'user') return;
  const inside = isInsideWindow(job.params.sending_window, at);
  if (!inside && job.status === 'sending') {
    job.pauseReason = 'sending_window';
    setStatus(job, 'paused', at, 'outside sending window');
  } else if (inside && job.status === 'paused' && job.pauseReason === 'sending_window') {
    job.pauseReason = null;
    setStatus(job, 'sending', at, 'sending window opened');
  }
}

function sendBetween(job: SimJob, from: number, to: number, settings: ProgressSettings): void {
  if (job.status !== 'sending' || to <= from) return;
  const limit = Math.min(job.recipients.size, spreadQuota(job, to));
  job.sendCredit += ((to - from) / 1000) * settings.sendRate;
  const batch = Math.min(Math.floor(job.sendCredit), Math.max(0, limit - job.processed));
  job.sendCredit -= batch;
  if (batch > 0) {
    job.processed += batch;
    job.updatedAt = to;
    markProgress(job, to);
  }
  if (job.processed >= limit) job.sendCredit = 0;
  if (job.params.mode !== 'Trigger' && job.processed >= job.recipients.size) {
    setStatus(job, 'done', to, `${job.processed} processed, ${failedAmong(job.processed, settings.failureShare)} failed`);
  }
}

/** Spread: an even daily share, one more share at each daily_time after start_at. */
function spreadQuota(job: SimJob, at: number): number {
  const { mode, start_at, end_at, daily_time, sending_window } = job.params;
  if (mode !== 'Spread' || !start_at || !end_at) return Number.POSITIVE_INFINITY;
  const start = Date.parse(start_at);
  const end = Date.parse(end_at);
  const daily = daily_time === null ? null : parseHhMm(daily_time);
  let firstSlot = start;
  if (daily !== null) {
    const startMinutes = localMinutes(start, sending_window?.timezone ?? 'UTC');
    firstSlot = start - (start % 60_000) + ((daily - startMinutes + 1440) % 1440) * 60_000;
  }
  const days = Math.max(1, Math.ceil((end - firstSlot) / DAY_MS));
  const share = Math.ceil(job.recipients.size / days);
  const slotsReached = at < firstSlot ? 0 : Math.floor((at - firstSlot) / DAY_MS) + 1;
  return share * slotsReached;
}

function markProgress(job: SimJob, at: number): void {
  const marks = job.progressMarks;
  const last = marks.at.length - 1;
  if (last >= 0 && at - marks.at[last]! < 1_000) {
    marks.processed[last] = job.processed;
    marks.at[last] = at;
  } else {
    marks.processed.push(job.processed);
    marks.at.push(at);
  }
}

/** Simulated time at which message `index` was processed (binary search over checkpoints). */
export function processedAt(job: SimJob, index: number): number {
  const { processed, at } = job.progressMarks;
  let lo = 0;
  let hi = processed.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (processed[mid]! > index) hi = mid;
    else lo = mid + 1;
  }
  return at[lo] ?? job.updatedAt;
}
