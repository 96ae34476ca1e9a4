// Campaign transitions (api.md): POST …/campaigns/{external_id}/{action}.
import { post, wsPath } from '../api/client.js';
import type { Campaign, campaignActionAnswer, DegradedCampaign } from '../../contract/campaigns.js';
import type { CampaignAction as LifecycleAction } from '../../domain/campaign-lifecycle.js';

/** The actions posted as `…/{action}` (edit is a PATCH, delete a DELETE). */
export type CampaignAction = Exclude<LifecycleAction, 'edit' | 'delete'>;

/**
 * While the database is down the server answers from Core alone (a `degraded` campaign): keep
 * what was known and take Core's status and progress. Without a known campaign there is nothing to show.
 */
export function mergeCampaign(known: Campaign | null, answer: Campaign | DegradedCampaign): Campaign | null {
  if (!('degraded' in answer)) return answer;
  return known && { ...known, status: answer.status, pause_reason: answer.pause_reason, core_error: answer.core_error, progress: answer.progress };
}

/** Sends the version it read, so an action on a campaign that changed meanwhile answers 409. */
export async function campaignAction(slug: string, campaign: Campaign, action: CampaignAction, extra: Record<string, unknown> = {}): Promise<Campaign> {
  const url = wsPath(slug, `/campaigns/${campaign.external_id}/${action}`);
  const answer = await post<typeof campaignActionAnswer>(url, { version: campaign.version, ...extra });
  return mergeCampaign(campaign, answer.campaign) ?? campaign;
}
