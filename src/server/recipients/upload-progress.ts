// Live state of recipient uploads, kept in memory by the process doing the upload: with several
// replicas, `GET …/recipients/status` answers from the replica that serves it, so only a request
// that reaches the uploading replica sees a running upload (others answer `idle` or an older
// result). Every change is also pushed on the workspace's event stream, which reaches the browser
// that uploads (its stream may sit on another replica only if the upload did too).
import type { IngestProgress } from './ingest/ingest-recipients.js';
import { eventHub } from '../events/event-hub.js';

export type UploadState = 'running' | 'done' | 'failed';

export interface UploadStatus {
  state: UploadState;
  file_name: string;
  /** Content-Length, when the client sent one. */
  expected_bytes: number | null;
  bytes: number;
  lines: number;
  accepted: number;
  invalid: number;
  duplicates: number;
  /** Valid numbers in spill files whose duplicate check is still to come. */
  pending_dedupe: number;
  /** Whether the dedupe budget overflowed and spill files were used. */
  spilled: boolean;
  started_at: Date;
  finished_at: Date | null;
  /** The error code of a failed upload. */
  error: string | null;
}

/** Finished uploads are remembered this long, so a page reload still shows the result. */
const KEEP_FINISHED_MS = 15 * 60_000;
const MAX_ENTRIES = 10_000;

const statuses = new Map<string, UploadStatus>();

function forgetOld(now: number): void {
  for (const [key, s] of statuses) {
    const stale = s.finished_at !== null && now - s.finished_at.getTime() > KEEP_FINISHED_MS;
    if (stale || statuses.size > MAX_ENTRIES) statuses.delete(key);
  }
}

/** The latest upload of a campaign on this process, or null. */
export function uploadStatus(campaignId: string): UploadStatus | null {
  return statuses.get(campaignId) ?? null;
}

/** Tracks one upload and publishes each change to the workspace's event stream. */
export class UploadTracker {
  private readonly status: UploadStatus;

  constructor(
    private readonly campaignId: string,
    private readonly workspaceId: string,
    private readonly externalId: string,
    fileName: string,
    expectedBytes: number | null,
  ) {
    forgetOld(Date.now());
    this.status = {
      state: 'running',
      file_name: fileName,
      expected_bytes: expectedBytes,
      bytes: 0,
      lines: 0,
      accepted: 0,
      invalid: 0,
      duplicates: 0,
      pending_dedupe: 0,
      spilled: false,
      started_at: new Date(),
      finished_at: null,
      error: null,
    };
    statuses.set(campaignId, this.status);
    this.publish();
  }

  progress(p: IngestProgress): void {
    Object.assign(
      this.status,
      { bytes: p.bytes, lines: p.lines, accepted: p.accepted, invalid: p.invalid, duplicates: p.duplicates, pending_dedupe: p.pendingDedupe },
    );
    if (p.pendingDedupe > 0) this.status.spilled = true;
    this.publish();
  }

  finish(outcome: { error: string } | { spilled: boolean }): void {
    if ('error' in outcome) Object.assign(this.status, { state: 'failed', error: outcome.error });
    else Object.assign(this.status, { state: 'done', spilled: outcome.spilled, pending_dedupe: 0 });
    this.status.finished_at = new Date();
    this.publish();
  }

  private publish(): void {
    // Only the outcome is kept for resuming; a reconnecting client reads the rest from …/recipients/status.
    eventHub.publish(this.workspaceId, 'upload', { external_id: this.externalId, ...this.status }, { keep: this.status.state !== 'running' });
  }
}
