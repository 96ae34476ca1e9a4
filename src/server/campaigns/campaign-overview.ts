import type { Db } from 'mongodb';
import type { WorkspaceId } from '../db/tenant.js';
import { ACTIVE_STATUSES, CAMPAIGN_STATUSES, type CampaignStatus } from '../../domain/campaign-lifecycle.js';
import { overviewFigures, type OverviewPeriod } from '../../domain/overview-figures.js';
import { campaignsCollection } from './campaign-store.js';
import { progressStepsRecordedSince } from './progress-steps.js';
import { progressSummariesBetween, summarisedUntil } from './progress-summaries.js';

/**
 * The Overview KPIs. The funnel and moderation count are counts on (workspace_id, status) and
 * (workspace_id, moderation_queue); no campaign document is read. "Sent today", the delivery rate
 * and the 24-hour series are sums of the progress the status poller recorded in the period (Core's
 * clock): the quarter-hour summaries, by (workspace_id, at), and the few minutes of steps recorded
 * since the last summary, by (workspace_id, recorded_at).
 */
export async function workspaceOverview(db: Db, workspaceId: WorkspaceId, period: OverviewPeriod) {
  const coll = campaignsCollection(db);
  const summarised = await summarisedUntil(db);
  const [counts, awaitingModeration, summaries, steps] = await Promise.all([
    Promise.all(CAMPAIGN_STATUSES.map((status) => coll.countDocuments({ workspace_id: workspaceId, status }))),
    coll.countDocuments({ workspace_id: workspaceId, moderation_queue: true }),
    progressSummariesBetween(db, workspaceId, summarised, period.from, period.until),
    progressStepsRecordedSince(db, workspaceId, summarised, period.from, period.until),
  ]);
  const funnel = Object.fromEntries(CAMPAIGN_STATUSES.map((s, i) => [s, counts[i] ?? 0])) as Record<CampaignStatus, number>;
  const { sentToday, delivered, failed, hours } = overviewFigures([...summaries, ...steps], period);
  return {
    active_campaigns: ACTIVE_STATUSES.reduce((sum, s) => sum + funnel[s], 0),
    sent_today: sentToday,
    delivery_rate: delivered + failed === 0 ? null : delivered / (delivered + failed),
    awaiting_moderation: awaitingModeration,
    funnel,
    last_24_hours: hours,
  };
}
