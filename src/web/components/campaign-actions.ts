// Campaign transitions (api.md): POST …/campaigns/{external_id}/{action}.
import { post, wsPath } from '../api/client.js';
import type { Campaign } from '../api/types.js';

export type CampaignAction = 'approve' | 'reject' | 'start' | 'pause' | 'resume' | 'cancel' | 'archive' | 'restore' | 'submit';

export function campaignAction(slug: string, campaign: Pick<Campaign, 'external_id' | 'version'>, action: CampaignAction, extra: Record<string, unknown> = {}): Promise<Campaign> {
  return post<Campaign>(wsPath(slug, `/campaigns/${campaign.external_id}/${action}`), { version: campaign.version, ...extra });
}
