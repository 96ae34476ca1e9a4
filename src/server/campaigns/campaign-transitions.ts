import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { bumpingVersion, withVersionClaim } from '../db/claims.js';
import { CoreRequestError } from '../core/errors.js';
import { conflict, coreUnavailable, invalidState } from '../http/errors.js';
import type { SendingWindow } from '../workspaces/workspace-store.js';
import {
  CORE_CALLS,
  planTransition,
  resolveFieldChanges,
  transitionOutcome,
  type CampaignAction,
  type CoreCall,
  type CoreJobStatus,
} from '../../domain/campaign-lifecycle.js';
import { ensureCoreJob } from './campaign-core-job.js';
import { campaignEvents } from './campaign-events.js';
import { campaignsCollection, derivedFields, lifecycleState, type CampaignDoc } from './campaign-store.js';

export interface TransitionOptions {
  actorId: ObjectId;
  requestId: string;
  workspaceWindow: SendingWindow | null;
  expectedVersion?: number | undefined;
  reason?: string;
  /** Extra fields the winner writes (an edit's new values). */
  extraSet?: Partial<CampaignDoc>;
  /** Runs after the transition's own Core call, still under the claim (an edit's PATCH). */
  afterCoreCall?: (campaign: CampaignDoc) => Promise<void>;
}

/** Makes the call; the status Core answered (null for delete, which answers nothing). */
async function callCore(app: AppContext, call: CoreCall, c: CampaignDoc, jobId: string, requestId: string): Promise<CoreJobStatus | null> {
  const core = app.core.core;
  switch (call) {
    case 'release':
      return (await core.releaseJob(jobId, c.auto_start, requestId)).status;
    case 'start':
      return (await core.startJob(jobId, requestId)).status;
    case 'pause':
      return (await core.pauseJob(jobId, requestId)).status;
    case 'resume':
      return (await core.resumeJob(jobId, requestId)).status;
    case 'cancel':
      return (await core.cancelJob(jobId, requestId)).status;
    case 'hold':
      return (await core.holdJob(jobId, requestId)).status;
    case 'delete':
      try {
        await core.deleteJob(jobId, requestId);
      } catch (err) {
        if (!(err instanceof CoreRequestError && err.status === 404)) throw err;
      }
      return null;
  }
}

/**
 * The Core job a transition acts on. A campaign whose job was never linked gets it linked (or
 * created) first, unless the call acts on an existing job only (CORE_CALLS): then Core is skipped
 * when it has none.
 */
async function jobFor(app: AppContext, c: CampaignDoc, call: CoreCall, opts: TransitionOptions): Promise<string | null> {
  if (c.job_id) return c.job_id;
  if (CORE_CALLS[call].existingJobOnly) {
    const job = await app.core.core.getJobByExternalId(c.external_id, opts.requestId);
    const ours = job && job.workspace_id === c.workspace_id.toHexString() && job.created_by === c.created_by.toHexString();
    return ours ? job.job_id : null;
  }
  return (await ensureCoreJob(app, c, opts.workspaceWindow, opts.requestId)).campaign.job_id;
}

/**
 * One lifecycle action with exactly one winner: plan (422 if the status forbids it) → claim the
 * campaign's version (409 if taken) → re-read → Core call → update that bumps the version and
 * stores the status Core answered (domain/campaign-lifecycle.ts decides every field).
 * When the Core call fails nothing was written, the claim is released and the error answers
 * (503 core_unavailable, 409 for a Core conflict). Returns the updated campaign (null after delete).
 */
export async function runTransition(app: AppContext, campaign: CampaignDoc, action: CampaignAction, opts: TransitionOptions): Promise<CampaignDoc | null> {
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== campaign.version) throw conflict();
  const plan = planTransition(lifecycleState(campaign), action);
  if (!plan.ok) throw campaign.archived_at && action !== 'archive' ? invalidState('campaign_archived') : invalidState('campaign_transition', { status: campaign.status, action });
  if (plan.coreCall && CORE_CALLS[plan.coreCall].needsCoreUp && app.core.health.state().status === 'down') throw coreUnavailable();

  const coll = campaignsCollection(app.db);
  const outcome = await withVersionClaim(coll, campaign, async (pinned): Promise<{ updated: CampaignDoc | null } | null> => {
    // The claim is free again only after a winner's update, so a fresh read shows whether we lost.
    const current = await coll.findOne(pinned);
    if (!current) return null;
    let coreAnswer: CoreJobStatus | null = null;
    if (plan.coreCall) {
      const jobId = await jobFor(app, current, plan.coreCall, opts);
      if (jobId) coreAnswer = await callCore(app, plan.coreCall, current, jobId, opts.requestId);
    }
    await opts.afterCoreCall?.(current);

    if (action === 'delete') {
      await coll.deleteOne(pinned);
      return { updated: null };
    }
    const now = new Date();
    const changes = resolveFieldChanges(plan.set, { now, actorId: opts.actorId.toHexString(), ...(opts.reason === undefined ? {} : { reason: opts.reason }) });
    const settled = transitionOutcome(plan, action, { pauseReason: current.pause_reason }, coreAnswer);
    const set: Partial<CampaignDoc> = { ...opts.extraSet, status: settled.status, pause_reason: settled.pauseReason, updated_at: now };
    for (const [field, value] of Object.entries(changes.set)) (set as Record<string, unknown>)[field] = field === 'approved_by' ? new ObjectId(String(value)) : value;
    for (const field of changes.unset) (set as Record<string, unknown>)[field] = null;
    Object.assign(set, derivedFields({ ...current, ...set }));
    const updated = await coll.findOneAndUpdate(pinned, bumpingVersion<CampaignDoc>({ $set: set }));
    if (!updated) throw conflict();
    if (updated.status !== current.status)
      campaignEvents.publish({
        type: 'status',
        workspace_id: updated.workspace_id.toHexString(),
        external_id: updated.external_id,
        status: updated.status,
        previous: current.status,
        pause_reason: updated.pause_reason,
        ...(updated.rejection_reason ? { rejection_reason: updated.rejection_reason } : {}),
        at: now,
      });
    return { updated };
  });
  if (!outcome) throw conflict();
  return outcome.updated;
}
