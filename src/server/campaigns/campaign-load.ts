import type { WorkspaceContext } from '../http/route.js';
import { notFound } from '../http/errors.js';
import { findCampaign, type CampaignDoc } from './campaign-store.js';

type CampaignCtx = Pick<WorkspaceContext<{ external_id: string }>, 'app' | 'ws' | 'params'>;

/** The campaign of the URL in the URL's workspace; other tenants' and malformed ids are 404. */
export async function loadCampaign(ctx: CampaignCtx): Promise<CampaignDoc> {
  const campaign = await findCampaign(ctx.app.db, ctx.ws.workspaceId, ctx.params.external_id.toLowerCase());
  if (!campaign) throw notFound();
  return campaign;
}

/** The options every transition of a request shares. */
export function transitionContext(ctx: Pick<WorkspaceContext, 'user' | 'requestId' | 'ws'>) {
  return { actorId: ctx.user._id, requestId: ctx.requestId, workspaceWindow: ctx.ws.workspace.sending_window };
}
