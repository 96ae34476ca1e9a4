import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { listAllActiveJobs } from '../core/core-client.js';
import type { CoreJob } from '../core/core-types.js';
import { isCoreJobMissing } from '../core/errors.js';
import { bumpingVersion, withVersionClaim } from '../db/claims.js';
import { releaseLease, renewLease, takeLease } from '../db/leases.js';
import { asWorkspaceId } from '../db/tenant.js';
import { ACTIVE_STATUSES, CORE_JOB_LOST, coreReport, isActive, isTerminal, type CampaignStatus, type PauseReason } from '../../domain/campaign-lifecycle.js';
import { campaignEvents, type CampaignEvent } from './campaign-events.js';
import { sweepIdleDrafts } from './campaign-drafts-sweeper.js';
import { reconcileOnce, RECONCILE_AFTER_MS } from './campaign-reconciler.js';
import { campaignsCollection, derivedFields, type CampaignDoc, type CampaignProgress } from './campaign-store.js';
import { writeSystemAudit } from './campaign-system-audit.js';
import { forEachInParallel, inFlightLimit } from './bounded-parallel.js';
import { recordProgressStep } from './progress-steps.js';
import { summariseProgressSteps } from './progress-summaries.js';

export interface PollResult {
  seen: number;
  statusChanges: number;
  progressUpdates: number;
  linked: number;
  draftsCancelled: number;
  /** This cycle re-read every campaign the database holds as active (see FULL_SYNC_MS). */
  fullSync: boolean;
  /** Campaign documents read this cycle. */
  campaignsRead: number;
}

export interface StatusPoller {
  pollOnce(): Promise<PollResult>;
  stop(): Promise<void>;
}

/** Bounds one full sync's reads; beyond it the next cycles catch up. */
const MAX_ACTIVE_PER_STATUS = 50_000;
/** Campaign reads and updates in flight at once (and Core look-ups of ended jobs). */
const APPLY_CONCURRENCY = 16;
/**
 * Changes applied at once. Far more than the updates in flight: a change's claim and audit event
 * do not hold an update's turn, so they gather into a few large inserts (coalescer.ts) instead of
 * one small insert each (docs/performance.md "Status sync"). A claim then waits for its update's
 * turn: about this many updates' time divided among the turns (a few seconds at most), far below
 * the 30 s after which another writer may take a claim over as abandoned (claims.ts).
 */
const CHANGES_IN_FLIGHT = 1024;
/**
 * How often a cycle re-reads the active campaigns from the database instead of trusting what this
 * replica last read or wrote: it catches what changed without a change in Core (another replica's
 * write seen late, a restore). Between full syncs an unchanged Core job costs no database read.
 */
export const FULL_SYNC_MS = 60_000;
/** The lease (`leases/status-poller`) that makes one replica at a time poll Core. */
export const POLLER_LEASE = 'status-poller';
/** The holder names its host and process, so an operator (and the replica test) can tell who polls. */
const leaseHolderName = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The reconciler acts on campaigns a minute old; looking twice a minute is enough. */
const RECONCILE_EVERY_MS = RECONCILE_AFTER_MS / 2;
/** Idle drafts are counted in days: looking once an hour is enough. */
const SWEEP_DRAFTS_EVERY_MS = 3_600_000;
/** Overview reads the steps of the last few minutes one by one, older ones from summaries. */
const SUMMARISE_EVERY_MS = 5 * 60_000;

/** The fields of a campaign the poller reads, compares and writes (a projection of CampaignDoc). */
type PolledCampaign = Pick<CampaignDoc, '_id' | 'workspace_id' | 'external_id' | 'job_id' | 'version' | 'status' | 'progress' | 'submitted_at' | 'approved_at' | 'archived_at'>;
const POLLED_FIELDS = {
  _id: 1,
  workspace_id: 1,
  external_id: 1,
  job_id: 1,
  version: 1,
  status: 1,
  progress: 1,
  submitted_at: 1,
  approved_at: 1,
  archived_at: 1,
} as const;

const progressOf = (job: CoreJob): CampaignProgress => ({
  total: job.total,
  sent: job.sent,
  delivered: job.delivered,
  failed: job.failed,
  updated_at: new Date(job.updated_at),
});
const sameProgress = (a: CampaignProgress, job: CoreJob) =>
  a.total === job.total && a.sent === job.sent && a.delivered === job.delivered && a.failed === job.failed;
/** What MC stores for the job as Core reports it (domain/campaign-lifecycle.ts). */
const reported = (job: CoreJob) => coreReport({ status: job.status, pauseReason: job.pause_reason ?? null });

/** A status change the poller writes: from Core's report of the job, or for a job Core lost. */
interface Observed {
  status: CampaignStatus;
  pauseReason: PauseReason;
  coreError: string | null;
  /** Core's status, as the audit records it; `missing` when Core answered 404. */
  coreStatus: string;
}
const observedOf = (job: CoreJob): Observed => ({ ...reported(job), coreError: job.error, coreStatus: job.status });
const LOST: Observed = { ...CORE_JOB_LOST, coreStatus: 'missing' };
/** Everything of a Core job the campaign document mirrors. */
const signatureOf = (job: CoreJob) => `${job.status}:${job.pause_reason ?? ''}:${job.error ?? ''}:${job.total}:${job.sent}:${job.delivered}:${job.failed}`;

/** An active campaign as the database held it when this replica last read or wrote it. */
interface Known {
  /** Null: read it afresh (it lost a race, or a transition in this process just changed it). */
  campaign: PolledCampaign | null;
  /** The Core state the document already reflects; null until it was compared with Core. */
  signature: string | null;
}
const READ_AFRESH: Known = { campaign: null, signature: null };

/**
 * Keeps the campaign documents in step with Core (integration.md "Status sync"). One replica polls
 * at a time: the holder of the poller lease, which lasts one interval and is renewed every third of
 * it, so when its holder dies another replica takes over within about one interval. A status change
 * is still applied under the campaign's version claim (a holder that stalled past its lease may
 * finish one cycle beside its successor); progress is an absolute value and is simply set, after
 * its growth was recorded as a progress step (progress-steps.ts) for Overview. The
 * poller publishes what it observes on `campaignEvents`; the event feed carries it to the other
 * replicas' streams.
 */
export function startStatusPoller(app: AppContext, intervalMs = app.config.CORE_POLL_INTERVAL_MS, fullSyncMs = FULL_SYNC_MS): StatusPoller {
  const coll = campaignsCollection(app.db);
  /** The campaign reads and updates of one cycle wait for one of APPLY_CONCURRENCY turns. */
  const inTurn = inFlightLimit(APPLY_CONCURRENCY);
  const known = new Map<string, Known>();
  const published = new Map<string, string>();
  let lastFullSync = -Infinity;
  let lastReconcile = -Infinity;
  let lastDraftSweep = -Infinity;
  let lastSummary = -Infinity;

  let reads = 0;
  /**
   * By the job's workspace and external id: keyed by the campaigns' shard-key prefix
   * (docs/scaling.md). Without the workspace (a campaign that lost a race and whose job then left
   * Core's active list) by the external id alone, which is unique.
   */
  const readCampaign = (externalId: string, workspaceHex: string | null) => {
    reads++;
    if (workspaceHex !== null && !ObjectId.isValid(workspaceHex)) return Promise.resolve(null);
    const filter = workspaceHex === null ? { external_id: externalId } : { workspace_id: asWorkspaceId(new ObjectId(workspaceHex)), external_id: externalId };
    return inTurn(() => coll.raw.findOne<PolledCampaign>(filter, { projection: POLLED_FIELDS }));
  };

  // A transition made in this process (approve, start, resume, …) may start a job that ends before
  // the next cycle lists it: remember to look at that campaign. (Transitions made on another replica
  // arrive through the event feed as 'remote'; one that is missed is caught at the next full sync.)
  const onTransition = (event: CampaignEvent) => {
    if (event.type !== 'status') return;
    if (ACTIVE_STATUSES.includes(event.status)) {
      if (known.get(event.external_id)?.campaign?.status !== event.status) known.set(event.external_id, READ_AFRESH);
    } else known.delete(event.external_id);
  };
  campaignEvents.on('*', onTransition);
  campaignEvents.on('remote', onTransition);

  function publishObserved(c: PolledCampaign, job: CoreJob, progress: CampaignProgress): void {
    const { status, pauseReason } = reported(job);
    const signature = signatureOf(job);
    if (published.get(c.external_id) === signature) return;
    if (isTerminal(status)) published.delete(c.external_id);
    else published.set(c.external_id, signature);
    const workspaceId = c.workspace_id.toHexString();
    if (status !== c.status)
      campaignEvents.publish({
        type: 'status',
        workspace_id: workspaceId,
        external_id: c.external_id,
        status,
        previous: c.status,
        pause_reason: pauseReason,
        core_error: job.error,
        at: new Date(),
      });
    campaignEvents.publish({ type: 'progress', workspace_id: workspaceId, external_id: c.external_id, status, progress });
  }

  /**
   * The status change under the version claim. No re-read: a writer of this version holds the
   * claim until its update is done, so a stale `c` simply matches nothing. Null when it lost.
   */
  async function applyStatus(c: PolledCampaign, observed: Observed, progress: CampaignProgress, requestId: string): Promise<PolledCampaign | null> {
    return withVersionClaim(coll, c, async (pinned) => {
      const { status: next, pauseReason, coreError } = observed;
      const set: Partial<CampaignDoc> = {
        status: next,
        pause_reason: pauseReason,
        core_error: coreError,
        progress,
        updated_at: new Date(),
        ...derivedFields({ ...c, status: next }),
      };
      const updated = await inTurn(() => coll.updateOne(pinned, bumpingVersion<CampaignDoc>({ $set: set })));
      if (updated.modifiedCount !== 1) return null;
      await writeSystemAudit(
        app,
        {
          action: 'campaign.status_changed',
          workspaceId: c.workspace_id,
          resource: { type: 'campaign', id: c.external_id },
          before: { status: c.status },
          after: {
            status: next,
            core_status: observed.coreStatus,
            ...(set.pause_reason ? { pause_reason: set.pause_reason } : {}),
            ...(coreError ? { error: coreError } : {}),
          },
        },
        requestId,
      );
      return { ...c, status: next, progress, version: c.version + 1 };
    });
  }

  /** Brings one campaign in line with its Core job and remembers what the database now holds. */
  async function applyJob(job: CoreJob, remembered: PolledCampaign | null, requestId: string, result: PollResult): Promise<void> {
    const c = remembered ?? (await readCampaign(job.external_id, job.workspace_id));
    // A job whose workspace differs from the campaign's is not this campaign's: never applied.
    if (!c || c.workspace_id.toHexString() !== job.workspace_id) return;
    const progress = progressOf(job);
    publishObserved(c, job, progress);
    // Overview's figures: the counters' growth since what the database holds, recorded once.
    const step = await recordProgressStep(app.db, asWorkspaceId(c.workspace_id), c._id, c.progress, job, new Date(job.updated_at));
    if (step.kind === 'behind') {
      // Another writer recorded a step from these counters: bring the campaign there, look again next cycle.
      const { to, at } = step;
      const pinned = { _id: c._id, workspace_id: c.workspace_id, 'progress.sent': c.progress.sent, 'progress.delivered': c.progress.delivered, 'progress.failed': c.progress.failed };
      await inTurn(() => coll.updateOne(pinned, { $set: { 'progress.sent': to.sent, 'progress.delivered': to.delivered, 'progress.failed': to.failed, 'progress.updated_at': at } }));
      known.set(c.external_id, READ_AFRESH);
      return;
    }
    const next = reported(job).status;
    let now: PolledCampaign | null = c;
    if (next !== c.status) {
      now = await applyStatus(c, observedOf(job), progress, requestId);
      if (now) result.statusChanges++;
    } else if (!sameProgress(c.progress, job)) {
      await inTurn(() => coll.updateOne({ _id: c._id, workspace_id: c.workspace_id }, { $set: { progress } }));
      now = { ...c, progress };
      result.progressUpdates++;
    }
    if (isTerminal(next) && now !== null) known.delete(c.external_id);
    // Lost to another writer: the next cycle reads the campaign afresh.
    else known.set(c.external_id, now === null ? READ_AFRESH : { campaign: now, signature: signatureOf(job) });
  }

  /**
   * Core answered 404 for the job of a campaign MC holds active: Core lost it, and the campaign
   * fails (CORE_JOB_LOST) under its version claim, audited like any status change. A campaign no
   * longer active (cancelled meanwhile) is left as it is.
   */
  async function failLostJob(c: PolledCampaign, requestId: string, result: PollResult): Promise<void> {
    if (!isActive(c.status)) {
      known.delete(c.external_id);
      return;
    }
    const now = await applyStatus(c, LOST, c.progress, requestId);
    if (now === null) {
      known.set(c.external_id, READ_AFRESH);
      return;
    }
    result.statusChanges++;
    known.delete(c.external_id);
    published.delete(c.external_id);
    campaignEvents.publish({
      type: 'status',
      workspace_id: c.workspace_id.toHexString(),
      external_id: c.external_id,
      status: LOST.status,
      previous: c.status,
      pause_reason: null,
      core_error: LOST.coreError,
      at: new Date(),
    });
  }

  async function fullSync(): Promise<void> {
    known.clear();
    for (const status of ACTIVE_STATUSES) {
      const active = await coll.raw.find<PolledCampaign>({ status }, { projection: POLLED_FIELDS }).limit(MAX_ACTIVE_PER_STATUS).toArray();
      for (const c of active) known.set(c.external_id, { campaign: c, signature: null });
      reads += active.length;
    }
  }

  /**
   * One cycle: Core's active jobs are paged and matched in memory against what this replica knows
   * of the campaigns; only jobs that changed since are read and written, a few at a time. Jobs of
   * campaigns it does not know (just released) are looked up one by one; known campaigns Core no
   * longer lists are fetched to see how they ended (a 404: Core lost the job, the campaign fails).
   */
  async function pollOnce(): Promise<PollResult> {
    const requestId = `poller-${randomUUID()}`;
    const started = Date.now();
    const result: PollResult = {
      seen: 0,
      statusChanges: 0,
      progressUpdates: 0,
      linked: 0,
      draftsCancelled: 0,
      fullSync: started - lastFullSync >= fullSyncMs,
      campaignsRead: 0,
    };
    reads = 0;
    if (result.fullSync) {
      await fullSync();
      lastFullSync = started;
    }
    const jobs: CoreJob[] = [];
    for await (const job of listAllActiveJobs(app.core.core, requestId)) jobs.push(job);
    result.seen = jobs.length;
    const listed = new Set(jobs.map((j) => j.external_id));
    const changed = jobs.filter((job) => known.get(job.external_id)?.signature !== signatureOf(job));
    const applyChanged = (job: CoreJob) => applyJob(job, known.get(job.external_id)?.campaign ?? null, requestId, result);
    await forEachInParallel(changed, Math.min(CHANGES_IN_FLIGHT, changed.length), applyChanged);
    const ended = [...known].filter(([externalId]) => !listed.has(externalId));
    await forEachInParallel(ended, APPLY_CONCURRENCY, async ([externalId, { campaign }]) => {
      const c = campaign ?? (await readCampaign(externalId, null));
      if (!c?.job_id) {
        known.delete(externalId);
        return;
      }
      // Only Core's 404 says the job is gone; a timeout or 5xx fails the cycle and is asked again.
      const job = await app.core.core.getJob(c.job_id, requestId).catch((err: unknown) => {
        if (isCoreJobMissing(err)) return null;
        throw err;
      });
      if (job) await applyJob(job, c, requestId, result);
      else await failLostJob(c, requestId, result);
    });
    if (started - lastReconcile >= RECONCILE_EVERY_MS) {
      result.linked = await reconcileOnce(app, requestId);
      lastReconcile = started;
    }
    if (started - lastDraftSweep >= SWEEP_DRAFTS_EVERY_MS) {
      result.draftsCancelled = await sweepIdleDrafts(app, requestId);
      lastDraftSweep = started;
    }
    if (started - lastSummary >= SUMMARISE_EVERY_MS) {
      await summariseProgressSteps(app.db);
      lastSummary = started;
    }
    result.campaignsRead = reads;
    app.metrics.markPollerPass();
    return result;
  }

  const holder = leaseHolderName();
  let holdsLease = false;
  const refreshLease = async (): Promise<void> => {
    const had = holdsLease;
    const renewed = had && (await renewLease(app.db, POLLER_LEASE, holder, intervalMs).catch(() => false));
    holdsLease = renewed || (await takeLease(app.db, POLLER_LEASE, holder, intervalMs).catch((err: unknown) => {
      app.logger.warn({ err }, 'could not take or renew the status poller lease');
      return false;
    }));
    if (holdsLease === had) return;
    // What this replica remembers may be stale after another replica polled: start with a full sync.
    if (holdsLease) lastFullSync = -Infinity;
    app.logger.info({ holder }, holdsLease ? 'this replica now polls Core for status' : 'another replica polls Core for status now');
  };
  let leaseRefresh: Promise<void> = refreshLease();
  const leaseTimer = setInterval(() => {
    leaseRefresh = refreshLease();
  }, intervalMs / 3);

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    running = (holdsLease ? pollOnce() : Promise.resolve())
      .catch((err: unknown) => app.logger.warn({ err }, 'status poll failed'))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  // A poller that just started is on time; its lag grows from here until a pass completes.
  app.metrics.markPollerPass();

  return {
    pollOnce,
    stop: async () => {
      stopped = true;
      campaignEvents.off('*', onTransition);
      campaignEvents.off('remote', onTransition);
      if (timer) clearTimeout(timer);
      clearInterval(leaseTimer);
      await running;
      await leaseRefresh;
      // Let go at once, so another replica need not wait for the lease to run out.
      if (holdsLease) await releaseLease(app.db, POLLER_LEASE, holder).catch(() => undefined);
    },
  };
}
