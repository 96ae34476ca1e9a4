import { messagePage } from '../../contract/campaigns.js';
import { csvBody } from '../http/responses.js';
import { z } from 'zod';
import { loadCampaign } from '../campaigns/campaign-load.js';
import { campaignParams } from '../campaigns/campaign-schemas.js';
import { route } from '../http/route.js';
import { deliveryReportCsv, EXPORT_PAGE_SIZE } from './delivery-report.js';

const messagesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Core's cursor, passed through as is. */
  cursor: z.string().min(1).max(300).optional(),
});

const emptyPage = { items: [], next_cursor: null };

export const reportRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/campaigns/:external_id/messages',
    summary: "Per-message delivery reports from Core, cursor-paged (Core's order)",
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: messagePage },
    params: campaignParams,
    query: messagesQuery,
    handler: async (ctx) => {
      const campaign = await loadCampaign(ctx);
      if (campaign.job_id === null) return emptyPage;
      return ctx.app.core.core.listMessages(campaign.job_id, ctx.query.cursor ?? null, ctx.query.limit, ctx.requestId);
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/campaigns/:external_id/report.csv',
    summary: 'All delivery reports as CSV (number, status, error, parts, time), streamed from Core',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: csvBody('One row per message: number, status, error, parts, time') },
    params: campaignParams,
    rateLimit: { name: 'report-csv', limit: 10, windowMs: 60_000, by: 'user' },
    handler: async (ctx) => {
      const campaign = await loadCampaign(ctx);
      const first = campaign.job_id === null ? emptyPage : await ctx.app.core.core.listMessages(campaign.job_id, null, EXPORT_PAGE_SIZE, ctx.requestId);
      ctx.reply.header('content-type', 'text/csv; charset=utf-8');
      ctx.reply.header('content-disposition', `attachment; filename="report-${campaign.external_id}.csv"`);
      ctx.reply.header('cache-control', 'no-store');
      return deliveryReportCsv(ctx.app, campaign.job_id ?? '', first, ctx.requestId);
    },
  }),
];
