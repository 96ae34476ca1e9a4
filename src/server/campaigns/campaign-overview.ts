import type { Db } from 'mongodb';
import type { WorkspaceId } from '../db/tenant.js';
import { ACTIVE_STATUSES, CAMPAIGN_STATUSES, type CampaignStatus } from '../../domain/campaign-lifecycle.js';
import { campaignsCollection } from './campaign-store.js';

const HOUR = 3600_000;

/**
 * The Overview KPIs, from the campaign documents only: every query is equality on
 * (workspace_id, status) or (workspace_id, moderation_queue). Messages are attributed to the
 * hour of a campaign's last progress update (MC keeps no per-message history), so "sent today"
 * and the 24-hour series count the campaigns that progressed in that time.
 */
export async function workspaceOverview(db: Db, workspaceId: WorkspaceId, now = new Date()) {
  const coll = campaignsCollection(db);
  const counts = await Promise.all(CAMPAIGN_STATUSES.map((status) => coll.countDocuments({ workspace_id: workspaceId, status })));
  const funnel = Object.fromEntries(CAMPAIGN_STATUSES.map((s, i) => [s, counts[i] ?? 0])) as Record<CampaignStatus, number>;
  const awaitingModeration = await coll.countDocuments({ workspace_id: workspaceId, moderation_queue: true });

  const since = now.getTime() - 24 * HOUR;
  const startOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const progressed = (
    await Promise.all(
      CAMPAIGN_STATUSES.filter((s) => s !== 'New').map((status) =>
        coll.find({ workspace_id: workspaceId, status }, { projection: { progress: 1 } }).toArray(),
      ),
    )
  )
    .flat()
    .map((c) => c.progress)
    .filter((p) => p.updated_at !== null && p.updated_at.getTime() >= since);

  const series = Array.from({ length: 24 }, (_, i) => ({ hour: new Date(Math.floor(since / HOUR) * HOUR + (i + 1) * HOUR), sent: 0, delivered: 0, failed: 0 }));
  let sentToday = 0;
  let delivered = 0;
  let failed = 0;
  for (const p of progressed) {
    const at = p.updated_at!.getTime();
    if (at >= startOfDay) sentToday += p.sent;
    delivered += p.delivered;
    failed += p.failed;
    const bucket = series[Math.min(23, Math.max(0, Math.floor((at - since) / HOUR)))]!;
    bucket.sent += p.sent;
    bucket.delivered += p.delivered;
    bucket.failed += p.failed;
  }
  return {
    active_campaigns: ACTIVE_STATUSES.reduce((sum, s) => sum + funnel[s], 0),
    sent_today: sentToday,
    delivery_rate: delivered + failed === 0 ? null : delivered / (delivered + failed),
    awaiting_moderation: awaitingModeration,
    funnel,
    last_24_hours: series,
  };
}
