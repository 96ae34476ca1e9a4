import { z } from 'zod';
import { limiterFor, type AppContext } from '../app-context.js';
import { authenticateApiToken } from '../api-tokens/authenticate.js';
import { campaignsCollection } from '../campaigns/campaign-store.js';
import { asWorkspaceId } from '../db/tenant.js';
import { ApiError, forbidden, notFound, rateLimited } from '../http/errors.js';
import { route } from '../http/route.js';
import { parseOrThrow } from '../http/validation.js';
import { BearerFailures } from './bearer-failures.js';
import { countTokenUse } from './token-usage.js';
import { acceptingJob, triggerMessage } from './trigger-message.js';

const params = z.strictObject({ external_id: z.string().max(64) });
// Checked in the handler after the token, not by the route chain: an unauthenticated caller gets
// 401 whatever it sends. Values are checked in code points by fillTemplate (≤ 160); this bounds the raw strings.
const body = z.strictObject({
  number: z.string().min(1).max(64),
  vars: z.record(z.string().max(32), z.string().max(640)).refine((v) => Object.keys(v).length <= 64, 'at most 64 variables').default({}),
});
const accepted = z.object({ accepted: z.literal(true), message_id: z.string() });

const failuresPerApp = new WeakMap<AppContext, BearerFailures>();
function bearerFailures(app: AppContext): BearerFailures {
  let f = failuresPerApp.get(app);
  if (!f) {
    f = new BearerFailures();
    failuresPerApp.set(app, f);
  }
  return f;
}

const invalidToken = () => new ApiError(401, 'unauthenticated', 'A valid workspace API token is required (Authorization: Bearer mct_…).');

export const triggerRoutes = [
  route({
    method: 'POST',
    url: '/api/v1/campaigns/:external_id/numbers',
    summary: 'Trigger API: send one message of an approved Trigger campaign to a number, with its template variables',
    access: { kind: 'api_token' },
    params,
    response: accepted,
    handler: async (ctx) => {
      const { app, req } = ctx;
      const failures = bearerFailures(app);
      const wait = failures.blockedFor(req.ip);
      if (wait) throw rateLimited(wait);
      const identity = await authenticateApiToken(app, req.headers.authorization);
      if (!identity) {
        failures.fail(req.ip);
        throw invalidToken();
      }
      const { token } = identity;
      if (!token.scopes.includes('trigger:send')) throw forbidden('This token may not send trigger messages.');
      const tokenWait = limiterFor(app, 'trigger-token', app.config.TRIGGER_RATE_PER_SEC, 1000).hit(token._id.toHexString());
      if (tokenWait) throw rateLimited(tokenWait);

      // The token's workspace is the tenant: another workspace's campaign is simply not found.
      const workspaceId = asWorkspaceId(token.workspace_id);
      const campaign = await campaignsCollection(app.db).findOne({ workspace_id: workspaceId, external_id: ctx.params.external_id.toLowerCase() });
      if (!campaign) throw notFound();
      const jobId = acceptingJob(campaign);
      const input = parseOrThrow(body, ctx.req.body, 'body');
      const message = triggerMessage(campaign, input, { defaultCountryCode: app.config.DEFAULT_COUNTRY_CODE, localNumberLength: app.config.LOCAL_NUMBER_LENGTH });
      const { message_id } = await app.core.core.pushNumber(jobId, message, ctx.requestId);
      countTokenUse(app.db, app.logger, workspaceId, token._id);
      ctx.status(202);
      return { accepted: true, message_id };
    },
  }),
];
