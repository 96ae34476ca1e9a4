// Campaign transitions (api.md): POST …/campaigns/{external_id}/{action}.
import { post, wsPath } from '../api/client.js';
import type { Campaign } from '../api/types.js';
import type { CampaignAction as LifecycleAction } from '../../domain/campaign-lifecycle.js';

/** The actions posted as `…/{action}` (edit is a PATCH, delete a DELETE). */
export type CampaignAction = Exclude<LifecycleAction, 'edit' | 'delete'>;

/** Sends the version it read, so an action on a campaign that changed meanwhile answers 409. */
export async function campaignAction(slug: string, campaign: Pick<Campaign, 'external_id' | 'version'>, action: CampaignAction, extra: Record<string, unknown> = {}): Promise<Campaign> {
  const answer = await post<{ campaign: Campaign }>(wsPath(slug, `/campaigns/${campaign.external_id}/${action}`), { version: campaign.version, ...extra });
  return answer.campaign;
}
