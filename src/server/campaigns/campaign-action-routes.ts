import { campaignActionAnswer, campaignAnswer } from '../../contract/campaigns.js';
import { ACTION_CAPABILITY, type CampaignAction } from '../../domain/campaign-lifecycle.js';
import type { AuditAction } from '../audit/actions.js';
import { requireFourEyes } from '../auth/four-eyes.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import type { CoreJob } from '../core/core-types.js';
import { route, type WorkspaceContext } from '../http/route.js';
import { coreJobOfWorkspace, degradedCampaign, degradedCoreCall, type DegradedAction } from './campaign-degraded.js';
import { loadCampaign, transitionContext } from './campaign-load.js';
import { actionPrecondition } from './campaign-rules.js';
import { campaignParams, rejectBody, transitionBody } from './campaign-schemas.js';
import { contentEditorsOf, publicCampaign, type CampaignDoc } from './campaign-store.js';
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

/** The campaign of the URL and, for a moderation decision, whether it is a super admin's self-approval. */
interface Loaded {
  campaign: CampaignDoc;
  job?: undefined;
  moderation: { selfApproval: boolean } | null;
}

/** What an action acts on: the campaign, or Core's job standing in for it while the database is down. */
type Target = Loaded | { campaign?: undefined; job: CoreJob; degraded: DegradedAction };

/** The campaign of the URL; a moderation decision checks four eyes first (403 `four_eyes`, before the ownership rule). */
async function loadForAction(ctx: Ctx<unknown>, action: CampaignAction): Promise<Loaded> {
  const campaign = await loadCampaign(ctx);
  const moderation = ACTION_CAPABILITY[action] === 'campaign.moderate' ? requireFourEyes(ctx, contentEditorsOf(campaign)) : null;
  return { campaign, moderation };
}

/** The campaign of the URL; for pause, resume and cancel while MongoDB is down, its Core job. */
async function loadTarget(ctx: Ctx<unknown>, action: CampaignAction, degraded: DegradedAction | undefined): Promise<Target> {
  try {
    return await loadForAction(ctx, action);
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

async function transition(ctx: Ctx<Loaded> | Ctx<Target>, { campaign, moderation }: Loaded, action: CampaignAction, reason?: string) {
  const resource = { type: 'campaign', id: campaign.external_id };
  const refused = actionPrecondition(campaign, action);
  if (refused) throw refused;
  const updated = await runTransition(ctx.app, campaign, action, {
    ...transitionContext(ctx),
    expectedVersion: ctx.body.version,
    ...(reason === undefined ? {} : { reason }),
  });
  await ctx.audit({
    workspaceId: campaign.workspace_id,
    resource,
    before: { status: campaign.status, version: campaign.version },
    after: {
      status: updated!.status,
      version: updated!.version,
      ...(reason === undefined ? {} : { rejection_reason: reason }),
      ...(moderation ? { self_approval: moderation.selfApproval } : {}),
    },
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
      responses: { 200: campaignActionAnswer },
      params: campaignParams,
      body: transitionBody,
      load: (ctx) => loadTarget(ctx, spec.action, spec.degraded),
      owner: creatorOf,
      handler: async (ctx) => {
        const target = ctx.resource;
        if (target.campaign) return transition(ctx, target, spec.action);
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
    responses: { 200: campaignAnswer },
    params: campaignParams,
    body: rejectBody,
    load: (ctx) => loadForAction(ctx, 'reject'),
    owner: ({ campaign }) => campaign.created_by.toHexString(),
    handler: async (ctx) => transition(ctx, ctx.resource, 'reject', ctx.body.reason),
  }),
];
