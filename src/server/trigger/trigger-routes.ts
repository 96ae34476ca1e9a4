import { triggerAcceptedAnswer } from '../../contract/campaigns.js';
import { z } from 'zod';
import { limiterFor } from '../app-context.js';
import { campaignsCollection } from '../campaigns/campaign-store.js';
import { asWorkspaceId } from '../db/tenant.js';
import { forbidden, notFound, rateLimited } from '../http/errors.js';
import { route } from '../http/route.js';
import { idempotencyKeyOf, requestHash, startIdempotent } from './idempotency.js';
import { countTokenUse } from './token-usage.js';
import { acceptingJob, triggerMessage } from './trigger-message.js';

const params = z.strictObject({ external_id: z.string().max(64) });
// Values are checked in code points by fillTemplate (≤ 160); this bounds the raw strings.
const body = z.strictObject({
  number: z.string().min(1).max(64),
  vars: z.record(z.string().max(32), z.string().max(640)).refine((v) => Object.keys(v).length <= 64, 'at most 64 variables').default({}),
});

export const triggerRoutes = [
  route({
    method: 'POST',
    url: '/api/v1/campaigns/:external_id/numbers',
    summary: 'Trigger API: send one message of an approved Trigger campaign to a number, with its template variables',
    // The chain authenticates the Bearer token (and rate-limits failed attempts per IP) before validation.
    access: { kind: 'api_token' },
    params,
    body,
    responses: { 202: triggerAcceptedAnswer },
    handler: async (ctx) => {
      const { app } = ctx;
      const { token } = ctx.apiToken;
      if (!token.scopes.includes('trigger:send')) throw forbidden('token_scope');
      // The token's workspace is the tenant: another workspace's campaign is simply not found.
      const workspaceId = asWorkspaceId(token.workspace_id);
      const externalId = ctx.params.external_id.toLowerCase();
      const key = idempotencyKeyOf(ctx.req.headers['idempotency-key']);
      const once = key ? await startIdempotent(app.db, workspaceId, token._id, key, requestHash([externalId, ctx.body])) : null;
      if (once?.kind === 'replay') {
        ctx.reply.header('idempotent-replayed', 'true');
        ctx.status(once.status);
        return once.body;
      }
      try {
        const wait = await limiterFor(app, 'trigger-token', app.config.TRIGGER_RATE_PER_SEC, 1000).hit(token._id.toHexString());
        if (wait) throw rateLimited(wait);
        const campaign = await campaignsCollection(app.db).findOne({ workspace_id: workspaceId, external_id: externalId });
        if (!campaign) throw notFound();
        const jobId = acceptingJob(campaign);
        const message = triggerMessage(
          campaign,
          ctx.body,
          { defaultCountryCode: app.config.DEFAULT_COUNTRY_CODE, localNumberLength: app.config.LOCAL_NUMBER_LENGTH },
        );
        const { message_id } = await app.core.core.pushNumber(jobId, message, ctx.requestId);
        countTokenUse(app.db, app.logger, workspaceId, token._id);
        const answer = { accepted: true as const, message_id };
        await once?.finish({ status: 202, body: answer });
        ctx.status(202);
        return answer;
      } catch (err) {
        // Only an accepted number is replayed: a refused or failed call lets a retry run again.
        if (once) await once.abandon().catch((e: unknown) => app.logger.warn({ err: e }, 'could not release an idempotency key'));
        throw err;
      }
    },
  }),
];
