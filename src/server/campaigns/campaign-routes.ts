import { campaignAnswer, campaignDetailAnswer, campaignPage } from '../../contract/campaigns.js';
import { auditPage } from '../../contract/operations.js';
import { z } from 'zod';
import { ACTION_CAPABILITY } from '../../domain/campaign-lifecycle.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { AUDIT_PAGE_RATE_LIMIT, listAuditEvents } from '../audit/list-audit-events.js';
import { route } from '../http/route.js';
import { createCampaign } from './campaign-create.js';
import { coreJobOfWorkspace, degradedCampaign } from './campaign-degraded.js';
import { editCampaign } from './campaign-edit.js';
import { listCampaigns } from './campaign-list.js';
import { loadCampaign, transitionContext } from './campaign-load.js';
import { campaignParams, createCampaignBody, listCampaignsQuery, patchCampaignBody, transitionBody, workspaceParams } from './campaign-schemas.js';
import { publicCampaign, type CampaignDoc } from './campaign-store.js';
import { runTransition } from './campaign-transitions.js';

const auditQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(100), cursor: z.string().max(300).optional() });

export const campaignRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/campaigns',
    summary: 'Campaigns of the workspace (not archived), newest first, with filters and search',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: campaignPage },
    params: workspaceParams,
    query: listCampaignsQuery,
    handler: async ({ app, ws, query }) => {
      const { limit, cursor, ...filter } = query;
      const page = await listCampaigns(app.db, [ws.workspaceId], { ...filter, archived: false }, { limit, cursor });
      return { items: page.items.map(publicCampaign), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/campaigns',
    summary: 'Create a campaign and its held Core job; idempotent by external_id when the client chooses it, else the server generates one',
    access: { kind: 'workspace', capability: 'campaign.create' },
    responses: { 201: campaignAnswer, 200: campaignAnswer },
    audit: 'campaign.created',
    params: workspaceParams,
    body: createCampaignBody,
    handler: async (ctx) => {
      const { campaign, created } = await createCampaign(
        {
          app: ctx.app,
          workspaceId: ctx.ws.workspaceId,
          workspaceWindow: ctx.ws.workspace.sending_window,
          userId: ctx.user._id,
          requestId: ctx.requestId,
          audit: ctx.audit,
        },
        ctx.body,
      );
      ctx.status(created ? 201 : 200);
      return { campaign: publicCampaign(campaign) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/campaigns/:external_id',
    summary: 'A campaign with its badge and the Core status (from Core alone while the database is down)',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: campaignDetailAnswer },
    params: campaignParams,
    handler: async (ctx) => {
      const core = ctx.app.core.health.state();
      let campaign: CampaignDoc;
      try {
        campaign = await loadCampaign(ctx);
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        const job = await coreJobOfWorkspace(ctx.app, ctx.ws, ctx.params.external_id.toLowerCase(), ctx.requestId);
        return { campaign: degradedCampaign(job), core };
      }
      return { campaign: publicCampaign(campaign), core };
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/w/:slug/campaigns/:external_id',
    summary: 'Edit a New campaign (send the version you read); an edit after approval clears the approval',
    access: { kind: 'workspace', capability: ACTION_CAPABILITY.edit },
    audit: 'campaign.updated',
    responses: { 200: campaignAnswer },
    params: campaignParams,
    body: patchCampaignBody,
    load: loadCampaign,
    owner: (campaign) => campaign.created_by.toHexString(),
    handler: async (ctx) => {
      const campaign = ctx.resource;
      const { campaign: updated, changes } = await editCampaign(ctx.app, campaign, ctx.body, transitionContext(ctx));
      const changed = Object.keys(changes);
      await ctx.audit({
        workspaceId: campaign.workspace_id,
        resource: { type: 'campaign', id: campaign.external_id },
        before: Object.fromEntries(changed.map((k) => [k, campaign[k as keyof CampaignDoc]])),
        after: { ...changes, ...(campaign.approved_at && !updated.approved_at ? { approval_cleared: true } : {}) },
      });
      return { campaign: publicCampaign(updated) };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/w/:slug/campaigns/:external_id',
    summary: 'Delete a campaign and its Core job (super admin; New or finished only)',
    access: { kind: 'workspace', capability: ACTION_CAPABILITY.delete },
    audit: 'campaign.deleted',
    responses: { 204: null },
    params: campaignParams,
    body: transitionBody,
    handler: async (ctx) => {
      const campaign = await loadCampaign(ctx);
      await runTransition(ctx.app, campaign, 'delete', { ...transitionContext(ctx), expectedVersion: ctx.body?.version });
      await ctx.audit({
        workspaceId: campaign.workspace_id,
        resource: { type: 'campaign', id: campaign.external_id },
        before: { name: campaign.name, status: campaign.status, job_id: campaign.job_id },
      });
      ctx.status(204);
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/campaigns/:external_id/audit',
    summary: "The campaign's own audit events, newest first",
    access: { kind: 'workspace', capability: 'campaign.view_audit' },
    responses: { 200: auditPage },
    params: campaignParams,
    query: auditQuery,
    rateLimit: AUDIT_PAGE_RATE_LIMIT,
    handler: async (ctx) => {
      const campaign = await loadCampaign(ctx);
      return listAuditEvents(ctx.app.db, {
        workspaceId: campaign.workspace_id,
        resource: { type: 'campaign', id: campaign.external_id },
        // Nothing about it predates its creation (a day of margin for clocks): the walk stops there.
        from: new Date(campaign.created_at.getTime() - 86_400_000),
        lookbackDays: ctx.app.config.AUDIT_RETENTION_DAYS,
        cursor: ctx.query.cursor ?? null,
        limit: ctx.query.limit,
      });
    },
  }),
];
