// A workspace's default sending window reaches the Core jobs of the campaigns that follow it (no
// override of their own) and have not finished (docs/campaigns.md "Workspace window → Core").
// The change is marked on the workspace (`window_sync_due`) in the same write that saves it, each
// campaign records the change its job has taken (`core_window_synced`), and the reconciler repeats
// the pass until no campaign is left: Core being down delays the change, it never loses it.
import type { ObjectId } from 'mongodb';
import type { AuditInput } from '../audit/audit-event.js';
import type { AppContext } from '../app-context.js';
import type { CoreJobStatus } from '../core/core-types.js';
import { CoreConflictError, isCoreJobMissing } from '../core/errors.js';
import { withVersionClaim } from '../db/claims.js';
import { asWorkspaceId, type WorkspaceId } from '../db/tenant.js';
import { ACTIVE_STATUSES, type CampaignStatus } from '../../domain/campaign-lifecycle.js';
import { workspacesCollection, type SendingWindow } from '../workspaces/workspace-store.js';
import { forEachInParallel } from './bounded-parallel.js';
import { campaignsCollection, type CampaignDoc } from './campaign-store.js';

/** Core calls of one pass in flight at once (each campaign makes up to four, one after another). */
export const WINDOW_SYNC_PARALLEL = 8;

/** Not finished: the statuses whose Core job may still send (campaign-lifecycle.ts). */
const NOT_FINISHED: readonly CampaignStatus[] = ['New', ...ACTIVE_STATUSES];

/** Core statuses in which Core takes no edit (integration.md: PATCH only while held, hold only before building). */
const RUNNING: readonly CoreJobStatus[] = ['building', 'sending', 'paused'];
const FINISHED: readonly CoreJobStatus[] = ['done', 'failed', 'expired', 'cancelled'];

export type WindowPush = 'updated' | 'running' | 'finished';

export interface CampaignRef {
  external_id: string;
  name: string;
}

export interface WindowSyncResult {
  /** Campaigns following the workspace window whose Core job has not finished. */
  campaigns: number;
  /** Their Core jobs that now have the new window. */
  updated: number;
  /** Already building, sending or paused: Core keeps the window they started with. */
  running: CampaignRef[];
  /** Core did not take it now (down, or busy): the reconciler retries them. */
  pending: CampaignRef[];
}

/**
 * Sends `window` to the campaign's Core job using only the calls integration.md defines for edits:
 * a held job takes the PATCH; a ready or scheduled one is held, patched and released as it was.
 * How to release is written down (`remember`) before the hold, so a pass that stops between hold
 * and release is finished by the next one exactly as it would have been.
 */
export async function pushWindowToJob(
  app: AppContext,
  c: CampaignDoc,
  jobId: string,
  window: SendingWindow | null,
  requestId: string,
  remember: (autoStart: boolean) => Promise<void>,
): Promise<WindowPush> {
  const core = app.core.core;
  // Core lost the job (404): nothing to send the window to; the status poller fails the campaign.
  const job = await core.getJob(jobId, requestId).catch((err: unknown) => {
    if (isCoreJobMissing(err)) return null;
    throw err;
  });
  if (job === null) return 'finished';
  const { status } = job;
  if (FINISHED.includes(status)) return 'finished';
  if (RUNNING.includes(status)) return 'running';
  // A held job is released only when a previous pass held it (ready → false, scheduled → true) and
  // nobody has edited it since (an edit after approval clears the approval and holds it itself).
  const heldByUs = c.approved_at !== null ? (c.core_window_release ?? null) : null;
  const release = status === 'held' ? heldByUs : status === 'scheduled';
  if (release !== null && status !== 'held') {
    await remember(release);
    try {
      await core.holdJob(jobId, requestId);
    } catch (err) {
      // It moved on to building meanwhile: it keeps the window it started with.
      if (err instanceof CoreConflictError) return 'running';
      throw err;
    }
  }
  await core.patchJob(jobId, { sending_window: window }, requestId);
  if (release !== null) await core.releaseJob(jobId, release, requestId);
  return 'updated';
}

/** Each job that took the window is audited through `audit`. */
export interface SyncOptions {
  requestId: string;
  audit: (input: AuditInput) => Promise<void>;
  /** No campaign is started after this long (a slow Core must not hold the request): the rest stay pending. */
  budgetMs?: number;
}

/** The pass of the request answers within about this long; the reconciler takes whatever is left. */
export const WINDOW_SYNC_BUDGET_MS = 10_000;

/** Campaigns of the workspace that follow its window (no own) in `status`, with a Core job. */
const followerFilter = (workspaceId: WorkspaceId, status: CampaignStatus) => ({
  workspace_id: workspaceId,
  status,
  sending_window: null,
  job_id: { $ne: null },
});

/** The campaigns of the workspace that follow its window and have a Core job that may still send. */
async function followers(app: AppContext, workspaceId: WorkspaceId): Promise<CampaignDoc[]> {
  const coll = campaignsCollection(app.db);
  const found: CampaignDoc[] = [];
  // One equality query per status, each served by the (workspace_id, status) index.
  for (const status of NOT_FINISHED) found.push(...(await coll.find(followerFilter(workspaceId, status)).toArray()));
  return found;
}

/**
 * What a new window of the workspace would reach now, by MC's status (the settings screen says it
 * before saving): `campaigns` not sending yet take it, `running` ones keep the window they started with.
 */
export async function countWindowFollowers(app: AppContext, workspaceId: WorkspaceId): Promise<{ campaigns: number; running: number }> {
  const coll = campaignsCollection(app.db);
  const counts = { campaigns: 0, running: 0 };
  for (const status of NOT_FINISHED) {
    const n = await coll.countDocuments(followerFilter(workspaceId, status));
    if (status === 'New' || status === 'Pending') counts.campaigns += n;
    else counts.running += n;
  }
  return counts;
}

/**
 * One pass of the workspace's pending window change over its followers, bounded in parallel; each
 * job that took it is audited through `audit` (the acting admin in the request, `system` in the
 * reconciler). null when the workspace has no pending change. Clears the mark once nothing is pending.
 */
export async function syncWorkspaceWindow(
  app: AppContext,
  workspaceId: ObjectId,
  opts: SyncOptions,
): Promise<WindowSyncResult | null> {
  const ws = await workspacesCollection(app.db).findOne({ _id: workspaceId });
  const due = ws?.window_sync_due;
  if (!ws || !due) return null;
  const window = ws.sending_window ?? null;
  const all = await followers(app, asWorkspaceId(ws._id));
  // Counts what this pass did: the first pass of a change (the request's) meets every follower.
  const result: WindowSyncResult = { campaigns: 0, updated: 0, running: [], pending: [] };
  const todo = all.filter((c) => c.core_window_synced?.getTime() !== due.getTime());
  const coreDown = app.core.health.state().status === 'down';
  const deadline = Date.now() + (opts.budgetMs ?? WINDOW_SYNC_BUDGET_MS);
  const coll = campaignsCollection(app.db);

  await forEachInParallel(todo, WINDOW_SYNC_PARALLEL, async (c) => {
    const ref = { external_id: c.external_id, name: c.name };
    if (coreDown || Date.now() > deadline) {
      result.campaigns++;
      result.pending.push(ref);
      return;
    }
    try {
      // Under the campaign's version claim, so no lifecycle action runs on the job meanwhile.
      const pushed = await withVersionClaim(coll, c, async (pinned) => {
        const current = await coll.findOne(pinned);
        if (!current?.job_id) return null;
        const remember = async (autoStart: boolean) => void (await coll.updateOne(pinned, { $set: { core_window_release: autoStart } }));
        const outcome = await pushWindowToJob(app, current, current.job_id, window, opts.requestId, remember);
        // Audited before the campaign counts as done: an audit that fails leaves it for the next pass.
        if (outcome === 'updated')
          await opts.audit({
            action: 'campaign.core_window_updated',
            workspaceId: ws._id,
            resource: { type: 'campaign', id: c.external_id },
            after: { sending_window: window, job_id: current.job_id },
          });
        await coll.updateOne(pinned, { $set: { core_window_synced: due }, $unset: { core_window_release: '' } });
        return outcome;
      }, false);
      if (pushed === 'finished') return;
      result.campaigns++;
      if (pushed === null) result.pending.push(ref);
      else if (pushed === 'running') result.running.push(ref);
      else result.updated++;
    } catch (err) {
      app.logger.warn({ err, externalId: c.external_id, requestId: opts.requestId }, 'the workspace sending window did not reach the Core job; the reconciler retries');
      result.campaigns++;
      result.pending.push(ref);
    }
  });

  if (result.pending.length === 0) await workspacesCollection(app.db).updateOne({ _id: ws._id, window_sync_due: due }, { $set: { window_sync_due: null } });
  return result;
}

/** A pass of the request itself is left alone this long before the reconciler repeats it. */
export const WINDOW_RESYNC_AFTER_MS = 30_000;

/** The reconciler's part: repeats the pass of every workspace whose window change is still pending. */
export async function resyncWorkspaceWindows(app: AppContext, opts: SyncOptions, now = new Date()): Promise<number> {
  const marked = await workspacesCollection(app.db)
    .find({ window_sync_due: { $lte: new Date(now.getTime() - WINDOW_RESYNC_AFTER_MS) } }, { projection: { _id: 1 } })
    .toArray();
  let updated = 0;
  for (const { _id } of marked) updated += (await syncWorkspaceWindow(app, _id, opts))?.updated ?? 0;
  return updated;
}
