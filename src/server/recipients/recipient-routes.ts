import { recipientsStatusAnswer, recipientsUploadAnswer } from '../../contract/campaigns.js';
import type { Readable } from 'node:stream';
import { recipientsReplaceable } from '../../domain/campaign-lifecycle.js';
import { loadCampaign } from '../campaigns/campaign-load.js';
import { campaignParams } from '../campaigns/campaign-schemas.js';
import { publicCampaign } from '../campaigns/campaign-store.js';
import { closeAfterAnswer } from '../http/close-after-answer.js';
import { ApiError, conflict, invalidState, rateLimited } from '../http/errors.js';
import { route } from '../http/route.js';
import { sanitizeFileName } from './ingest/file-name.js';
import { payloadTooLarge, uploadRecipients } from './recipient-upload.js';
import { uploadStatus } from './upload-progress.js';
import { uploadSlotsOf } from './upload-slots.js';

/** security.md: the content types an upload may declare (the server streams these three). */
const UPLOAD_TYPES: ReadonlySet<string> = new Set(['text/plain', 'text/csv', 'application/octet-stream']);
/** What a 429 tells the client to wait when every upload slot is busy. */
const BUSY_RETRY_AFTER_S = 10;

function declaredLength(header: string | undefined): number | null {
  return header !== undefined && /^[0-9]{1,15}$/.test(header) ? Number(header) : null;
}

export const recipientRoutes = [
  route({
    method: 'PUT',
    url: '/api/w/:slug/campaigns/:external_id/recipients',
    summary: 'Upload the recipient list (.txt or .csv, streamed to Core; X-File-Name names it for display)',
    access: { kind: 'workspace', capability: 'campaign.edit' },
    responses: { 200: recipientsUploadAnswer },
    audit: 'campaign.recipients_uploaded',
    params: campaignParams,
    rawBody: true,
    load: loadCampaign,
    owner: (campaign) => campaign.created_by.toHexString(),
    handler: async (ctx) => {
      const { app, req, reply, resource: campaign } = ctx;
      // Whatever the answer, an unread rest of the body is not drained: the connection closes.
      closeAfterAnswer(req, reply);
      const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!UPLOAD_TYPES.has(mediaType))
        throw new ApiError('unsupported_media_type', { reason: 'upload' });
      const expectedBytes = declaredLength(req.headers['content-length']);
      if (expectedBytes !== null && expectedBytes > app.config.UPLOAD_MAX_BYTES) throw payloadTooLarge(app.config.UPLOAD_MAX_BYTES);

      const check = recipientsReplaceable({ status: campaign.status, approvedAt: campaign.approved_at, mode: campaign.mode });
      if (!check.ok) throw invalidState(check.reason, check.status === undefined ? {} : { status: check.status });
      const jobId = campaign.job_id;
      if (jobId === null) throw conflict('core_job_missing');

      const slot = await uploadSlotsOf(app, app.config.UPLOAD_CONCURRENCY).tryAcquire(campaign._id.toHexString());
      if (!slot.ok) {
        if (slot.reason === 'campaign_busy') throw conflict('upload_running');
        throw rateLimited(BUSY_RETRY_AFTER_S);
      }
      const gone = new AbortController();
      const onClose = () => {
        if (!reply.raw.writableFinished) gone.abort(new Error('the client closed the upload'));
      };
      reply.raw.on('close', onClose);
      const releaseSlot = () =>
        slot.release().catch((err: unknown) => app.logger.warn({ err }, 'could not release the upload lease; it expires within a minute'));
      try {
        const fileName = sanitizeFileName(typeof req.headers['x-file-name'] === 'string' ? req.headers['x-file-name'] : undefined);
        const outcome = await uploadRecipients({
          app,
          campaign: { ...campaign, job_id: jobId },
          body: req.body as Readable,
          expectedBytes,
          fileName,
          actorId: ctx.user._id,
          requestId: ctx.requestId,
          signal: gone.signal,
          releaseSlot,
        });
        const { recipients } = outcome;
        await ctx.audit({
          workspaceId: campaign.workspace_id,
          resource: { type: 'campaign', id: campaign.external_id },
          before: campaign.recipients ? { file_name: campaign.recipients.file_name, accepted: campaign.recipients.accepted } : null,
          after: {
            file_name: recipients.file_name,
            bytes: recipients.bytes,
            accepted: recipients.accepted,
            invalid: recipients.invalid,
            duplicates: recipients.duplicates,
          },
        });
        return { recipients, campaign: publicCampaign(outcome.campaign) };
      } finally {
        reply.raw.off('close', onClose);
        await releaseSlot();
      }
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/campaigns/:external_id/recipients/status',
    summary: "Progress of the campaign's running recipient upload (kept by the replica doing it) and the last recorded result",
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: recipientsStatusAnswer },
    params: campaignParams,
    handler: async (ctx) => {
      const campaign = await loadCampaign(ctx);
      return { upload: uploadStatus(campaign._id.toHexString()) ?? { state: 'idle' }, recipients: campaign.recipients };
    },
  }),
];
