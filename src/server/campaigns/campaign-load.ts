import type { HandlerContext } from '../http/route.js';
import { notFound } from '../http/errors.js';
import { findCampaign, type CampaignDoc } from './campaign-store.js';

type CampaignCtx = Pick<HandlerContext<{ external_id: string }, unknown, unknown>, 'app' | 'ws' | 'params'>;

/** The campaign of the URL in the URL's workspace; other tenants' and malformed ids are 404. */
export async function loadCampaign(ctx: CampaignCtx): Promise<CampaignDoc> {
  const campaign = await findCampaign(ctx.app.db, ctx.ws!.workspaceId, ctx.params.external_id.toLowerCase());
  if (!campaign) throw notFound();
  return campaign;
}

/** The options every transition of a request shares. */
export function transitionContext(ctx: Pick<HandlerContext<unknown, unknown, unknown>, 'user' | 'requestId' | 'ws'>) {
  return { actorId: ctx.user!._id, requestId: ctx.requestId, workspaceWindow: ctx.ws!.workspace.sending_window };
}
