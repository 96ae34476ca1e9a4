import { ACTION_CAPABILITY, type CampaignAction } from '../../domain/campaign-lifecycle.js';
import type { AuditAction } from '../audit/actions.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import type { CoreJob } from '../core/core-types.js';
import { route, type WorkspaceContext } from '../http/route.js';
import { coreJobOfWorkspace, degradedCampaign, degradedCoreCall, type DegradedAction } from './campaign-degraded.js';
import { loadCampaign, transitionContext } from './campaign-load.js';
import { campaignParams, rejectBody, transitionBody } from './campaign-schemas.js';
import { publicCampaign, type CampaignDoc } from './campaign-store.js';
import { runTransition } from './campaign-transitions.js';

interface ActionSpec {
  action: Exclude<CampaignAction, 'edit' | 'delete' | 'reject'>;
  audit: AuditAction;
  summary: string;
  /** The action works from Core alone while the database is unreachable. */
  degraded?: DegradedAction;
}

const ACTIONS: ActionSpec[] = [
  { action: 'submit', audit: 'campaign.submitted', summary: 'Submit a draft for moderation' },
  { action: 'approve', audit: 'campaign.approved', summary: 'Approve a submitted campaign (never your own): Core releases the job' },
  { action: 'start', audit: 'campaign.started', summary: 'Start an approved campaign' },
  { action: 'pause', audit: 'campaign.paused', summary: 'Pause a sending campaign', degraded: 'pause' },
  { action: 'resume', audit: 'campaign.resumed', summary: 'Resume a paused campaign', degraded: 'resume' },
  { action: 'cancel', audit: 'campaign.cancelled', summary: 'Cancel a campaign that has not finished', degraded: 'cancel' },
  { action: 'archive', audit: 'campaign.archived', summary: 'Archive a stopped campaign' },
  { action: 'restore', audit: 'campaign.restored', summary: 'Restore an archived campaign' },
];

type Ctx<R> = WorkspaceContext<{ slug: string; external_id: string }, unknown, { version?: number | undefined; reason?: string }, R>;

/** What an action acts on: the campaign, or Core's job standing in for it while the database is down. */
type Target = { campaign: CampaignDoc; job?: undefined } | { campaign?: undefined; job: CoreJob; degraded: DegradedAction };

/** The campaign of the URL; for pause, resume and cancel while MongoDB is down, its Core job. */
async function loadTarget(ctx: Ctx<unknown>, degraded: DegradedAction | undefined): Promise<Target> {
  try {
    return { campaign: await loadCampaign(ctx) };
  } catch (err) {
    if (!degraded || !isDatabaseUnavailable(err)) throw err;
    return { job: await coreJobOfWorkspace(ctx.app, ctx.ws, ctx.params.external_id.toLowerCase(), ctx.requestId), degraded };
  }
}

const creatorOf = (target: Target) => (target.campaign ? target.campaign.created_by.toHexString() : target.job.created_by);

/** Pause, resume and cancel while MongoDB is down: Core's job stands in for the campaign. */
async function degradedAction(ctx: Ctx<Target>, job: CoreJob, action: DegradedAction) {
  const after = await degradedCoreCall(ctx.app, action, job, ctx.requestId);
  await ctx.audit({ workspaceId: ctx.ws.workspaceId, resource: { type: 'campaign', id: job.external_id }, before: { core_status: job.status }, after: { core_status: after.status } });
  return { campaign: degradedCampaign(after) };
}

async function transition(ctx: Ctx<CampaignDoc> | Ctx<Target>, campaign: CampaignDoc, action: CampaignAction, reason?: string) {
  const updated = await runTransition(ctx.app, campaign, action, {
    ...transitionContext(ctx),
    expectedVersion: ctx.body.version,
    ...(reason === undefined ? {} : { reason }),
  });
  await ctx.audit({
    workspaceId: campaign.workspace_id,
    resource: { type: 'campaign', id: campaign.external_id },
    before: { status: campaign.status, version: campaign.version },
    after: { status: updated!.status, version: updated!.version, ...(reason === undefined ? {} : { rejection_reason: reason }) },
  });
  return { campaign: publicCampaign(updated!) };
}

export const campaignActionRoutes = [
  ...ACTIONS.map((spec) =>
    route({
      method: 'POST',
      url: `/api/w/:slug/campaigns/:external_id/${spec.action}`,
      summary: spec.summary,
      access: { kind: 'workspace', capability: ACTION_CAPABILITY[spec.action] },
      audit: spec.audit,
      params: campaignParams,
      body: transitionBody,
      load: (ctx) => loadTarget(ctx, spec.degraded),
      owner: creatorOf,
      handler: async (ctx) => {
        const target = ctx.resource;
        if (target.campaign) return transition(ctx, target.campaign, spec.action);
        return degradedAction(ctx, target.job, target.degraded);
      },
    }),
  ),
  route({
    method: 'POST',
    url: '/api/w/:slug/campaigns/:external_id/reject',
    summary: 'Reject a submitted campaign with a reason (never your own): it is Cancelled',
    access: { kind: 'workspace', capability: ACTION_CAPABILITY.reject },
    audit: 'campaign.rejected',
    params: campaignParams,
    body: rejectBody,
    load: loadCampaign,
    owner: (campaign) => campaign.created_by.toHexString(),
    handler: async (ctx) => transition(ctx, ctx.resource, 'reject', ctx.body.reason),
  }),
];
