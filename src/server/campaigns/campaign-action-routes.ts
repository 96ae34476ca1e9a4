import { campaignActionAnswer, campaignAnswer } from '../../contract/campaigns.js';
import type { Capability } from '../../domain/permissions.js';
import type { CampaignAction } from '../../domain/campaign-lifecycle.js';
import type { AuditAction } from '../audit/actions.js';
import { requireFourEyes } from '../auth/four-eyes.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { route, type HandlerContext } from '../http/route.js';
import { coreJobOfWorkspace, degradedCampaign, degradedCoreCall, type DegradedAction } from './campaign-degraded.js';
import { loadCampaign, transitionContext } from './campaign-load.js';
import { actionPrecondition } from './campaign-rules.js';
import { campaignParams, rejectBody, transitionBody } from './campaign-schemas.js';
import { contentEditorsOf, publicCampaign, type CampaignDoc } from './campaign-store.js';
import { runTransition } from './campaign-transitions.js';

interface ActionSpec {
  action: Exclude<CampaignAction, 'edit' | 'delete' | 'reject'>;
  capability: Capability;
  audit: AuditAction;
  summary: string;
  /** The action works from Core alone while the database is unreachable. */
  degraded?: DegradedAction;
}

const ACTIONS: ActionSpec[] = [
  { action: 'submit', capability: 'campaign.submit', audit: 'campaign.submitted', summary: 'Submit a draft for moderation' },
  { action: 'approve', capability: 'campaign.moderate', audit: 'campaign.approved', summary: 'Approve a submitted campaign (never your own): Core releases the job' },
  { action: 'start', capability: 'campaign.control', audit: 'campaign.started', summary: 'Start an approved campaign' },
  { action: 'pause', capability: 'campaign.control', audit: 'campaign.paused', summary: 'Pause a sending campaign', degraded: 'pause' },
  { action: 'resume', capability: 'campaign.control', audit: 'campaign.resumed', summary: 'Resume a paused campaign', degraded: 'resume' },
  { action: 'cancel', capability: 'campaign.control', audit: 'campaign.cancelled', summary: 'Cancel a campaign that has not finished', degraded: 'cancel' },
  { action: 'archive', capability: 'campaign.archive', audit: 'campaign.archived', summary: 'Archive a stopped campaign' },
  { action: 'restore', capability: 'campaign.archive', audit: 'campaign.restored', summary: 'Restore an archived campaign' },
];

type Ctx = HandlerContext<{ slug: string; external_id: string }, unknown, { version?: number | undefined; reason?: string }>;

/** Pause, resume and cancel while MongoDB is down: Core's job stands in for the campaign. */
async function degradedAction(ctx: Ctx, spec: ActionSpec & { degraded: DegradedAction }) {
  const job = await coreJobOfWorkspace(ctx.app, ctx.ws!, ctx.params.external_id.toLowerCase(), ctx.requestId);
  await ctx.authorize(spec.capability, job.created_by);
  const after = await degradedCoreCall(ctx.app, spec.degraded, job, ctx.requestId);
  await ctx.audit({ action: spec.audit, workspaceId: ctx.ws!.workspaceId, resource: { type: 'campaign', id: job.external_id }, before: { core_status: job.status }, after: { core_status: after.status } });
  return { campaign: degradedCampaign(after) };
}

async function transition(ctx: Ctx, campaign: CampaignDoc, spec: { action: CampaignAction; capability: Capability; audit: AuditAction }, reason?: string) {
  const resource = { type: 'campaign', id: campaign.external_id };
  const moderation = spec.capability === 'campaign.moderate' ? requireFourEyes(ctx, contentEditorsOf(campaign)) : null;
  await ctx.authorize(spec.capability, campaign.created_by.toHexString());
  const refused = actionPrecondition(campaign, spec.action);
  if (refused) throw refused;
  const updated = await runTransition(ctx.app, campaign, spec.action, {
    ...transitionContext(ctx),
    expectedVersion: ctx.body.version,
    ...(reason === undefined ? {} : { reason }),
  });
  await ctx.audit({
    action: spec.audit,
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
      access: { kind: 'workspace', capability: spec.capability },
      responses: { 200: campaignActionAnswer },
      params: campaignParams,
      body: transitionBody,
      handler: async (ctx) => {
        let campaign: CampaignDoc;
        try {
          campaign = await loadCampaign(ctx);
        } catch (err) {
          if (spec.degraded && isDatabaseUnavailable(err)) return degradedAction(ctx, { ...spec, degraded: spec.degraded });
          throw err;
        }
        return transition(ctx, campaign, spec);
      },
    }),
  ),
  route({
    method: 'POST',
    url: '/api/w/:slug/campaigns/:external_id/reject',
    summary: 'Reject a submitted campaign with a reason (never your own): it is Cancelled',
    access: { kind: 'workspace', capability: 'campaign.moderate' },
    responses: { 200: campaignAnswer },
    params: campaignParams,
    body: rejectBody,
    handler: async (ctx) => transition(ctx, await loadCampaign(ctx), { action: 'reject', capability: 'campaign.moderate', audit: 'campaign.rejected' }, ctx.body.reason),
  }),
];
