import { randomUUID } from 'node:crypto';
import type { UpdateFilter } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { listAllActiveJobs } from '../core/core-client.js';
import type { CoreJob } from '../core/core-types.js';
import { claimOnce, releaseClaim } from '../db/claims.js';
import { ACTIVE_STATUSES, isTerminal, mapCoreStatus } from '../../domain/campaign-lifecycle.js';
import { campaignEvents } from './campaign-events.js';
import { reconcileOnce } from './campaign-reconciler.js';
import { campaignsCollection, derivedFields, findCampaignAnywhere, type CampaignDoc, type CampaignProgress } from './campaign-store.js';
import { writeSystemAudit } from './campaign-system-audit.js';
import { campaignClaimKey } from './campaign-transitions.js';
import { forEachInParallel } from './bounded-parallel.js';

export interface PollResult {
  seen: number;
  statusChanges: number;
  progressUpdates: number;
  linked: number;
}

export interface StatusPoller {
  pollOnce(): Promise<PollResult>;
  stop(): Promise<void>;
}

/** Bounds one cycle's reads; beyond it the next cycles catch up. */
const MAX_ACTIVE_PER_STATUS = 50_000;
const APPLY_CONCURRENCY = 16;

const sameProgress = (a: CampaignProgress, job: CoreJob) => a.total === job.total && a.sent === job.sent && a.delivered === job.delivered && a.failed === job.failed;

/**
 * Keeps the campaign documents in step with Core (integration.md "Status sync"). Every replica
 * polls; a status change is applied under the campaign's version claim, so exactly one replica
 * writes it (and its one `campaign.status_changed` event); progress is an absolute value and is
 * simply set. Each replica publishes what it observes on `campaignEvents`.
 */
export function startStatusPoller(app: AppContext, intervalMs = app.config.CORE_POLL_INTERVAL_MS): StatusPoller {
  const coll = campaignsCollection(app.db);
  const observed = new Map<string, string>();

  function publishObserved(c: CampaignDoc, job: CoreJob, progress: CampaignProgress): void {
    const status = mapCoreStatus(job.status).status;
    const signature = `${status}:${job.pause_reason ?? ''}:${job.total}:${job.sent}:${job.delivered}:${job.failed}`;
    const previous = observed.get(c.external_id);
    if (previous === signature) return;
    if (isTerminal(status)) observed.delete(c.external_id);
    else observed.set(c.external_id, signature);
    const workspaceId = c.workspace_id.toHexString();
    if (status !== c.status)
      campaignEvents.publish({ type: 'status', workspace_id: workspaceId, external_id: c.external_id, status, previous: c.status, pause_reason: job.pause_reason ?? null, at: new Date() });
    campaignEvents.publish({ type: 'progress', workspace_id: workspaceId, external_id: c.external_id, status, progress });
  }

  async function applyStatus(c: CampaignDoc, job: CoreJob, progress: CampaignProgress, requestId: string): Promise<boolean> {
    const key = campaignClaimKey(c);
    if (!(await claimOnce(app.db, key))) return false;
    try {
      const current = await coll.findOne({ _id: c._id, workspace_id: c.workspace_id });
      const next = mapCoreStatus(job.status).status;
      if (!current || current.version !== c.version || current.status === next) return false;
      const set: Partial<CampaignDoc> = {
        status: next,
        pause_reason: next === 'Paused' ? (job.pause_reason ?? null) : null,
        core_error: job.error,
        progress,
        updated_at: new Date(),
      };
      Object.assign(set, derivedFields({ ...current, ...set }));
      const updated = await coll.findOneAndUpdate({ _id: c._id, workspace_id: c.workspace_id, version: c.version }, { $set: set, $inc: { version: 1 } } as UpdateFilter<CampaignDoc>);
      if (!updated) return false;
      await writeSystemAudit(
        app,
        {
          action: 'campaign.status_changed',
          workspaceId: c.workspace_id,
          resource: { type: 'campaign', id: c.external_id },
          before: { status: current.status },
          after: { status: next, core_status: job.status, ...(set.pause_reason ? { pause_reason: set.pause_reason } : {}), ...(job.error ? { error: job.error } : {}) },
        },
        requestId,
      );
      return true;
    } finally {
      await releaseClaim(app.db, key).catch(() => undefined);
    }
  }

  async function applyJob(job: CoreJob, known: CampaignDoc | null, requestId: string, result: PollResult): Promise<void> {
    const c = known ?? (await findCampaignAnywhere(app.db, job.external_id));
    // A job whose workspace differs from the campaign's is not this campaign's: never applied.
    if (!c || c.workspace_id.toHexString() !== job.workspace_id) return;
    const progress: CampaignProgress = { total: job.total, sent: job.sent, delivered: job.delivered, failed: job.failed, updated_at: new Date(job.updated_at) };
    publishObserved(c, job, progress);
    if (mapCoreStatus(job.status).status !== c.status) {
      if (await applyStatus(c, job, progress, requestId)) result.statusChanges++;
    } else if (!sameProgress(c.progress, job)) {
      await coll.updateOne({ _id: c._id, workspace_id: c.workspace_id }, { $set: { progress } });
      result.progressUpdates++;
    }
  }

  /**
   * One cycle: the campaigns MC believes active are read once (one equality query per active
   * status), Core's active jobs are paged and matched against them in memory, and only what
   * changed is written, a few at a time. Jobs of campaigns not in that set (just released) are
   * looked up one by one; campaigns Core no longer lists are fetched to see how they ended.
   */
  async function pollOnce(): Promise<PollResult> {
    const requestId = `poller-${randomUUID()}`;
    const result: PollResult = { seen: 0, statusChanges: 0, progressUpdates: 0, linked: 0 };
    const believedActive = new Map<string, CampaignDoc>();
    for (const status of ACTIVE_STATUSES) {
      for (const c of await coll.raw.find({ status }).limit(MAX_ACTIVE_PER_STATUS).toArray()) believedActive.set(c.external_id, c);
    }
    const jobs: CoreJob[] = [];
    for await (const job of listAllActiveJobs(app.core.core, requestId)) jobs.push(job);
    result.seen = jobs.length;
    const listed = new Set(jobs.map((j) => j.external_id));
    await forEachInParallel(jobs, APPLY_CONCURRENCY, (job) => applyJob(job, believedActive.get(job.external_id) ?? null, requestId, result));
    const ended = [...believedActive.values()].filter((c) => !listed.has(c.external_id) && c.job_id);
    await forEachInParallel(ended, APPLY_CONCURRENCY, async (c) => applyJob(await app.core.core.getJob(c.job_id!, requestId), c, requestId, result));
    result.linked = await reconcileOnce(app, requestId);
    return result;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    running = pollOnce()
      .catch((err: unknown) => app.logger.warn({ err }, 'status poll failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);

  return {
    pollOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
