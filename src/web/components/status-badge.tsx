import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { badgeFor, type CampaignBadge } from '../../domain/campaign-lifecycle.js';
import type { Campaign } from '../../contract/campaigns.js';

/** New campaigns are told apart by where they are in moderation (product.md §3); the domain decides. */
export function campaignBadge(c: Pick<Campaign, 'status' | 'submitted_at' | 'approved_at'>): CampaignBadge {
  return badgeFor({
    status: c.status,
    submittedAt: c.submitted_at ? new Date(c.submitted_at) : null,
    approvedAt: c.approved_at ? new Date(c.approved_at) : null,
  });
}

type Tone = 'neutral' | 'info' | 'warning' | 'success' | 'danger' | 'muted';

const tone: Record<CampaignBadge, Tone> = {
  draft: 'neutral', awaiting_approval: 'warning', approved_start: 'success',
  New: 'neutral', Pending: 'info', Building: 'info', Sending: 'info', Paused: 'warning',
  Done: 'success', Failed: 'danger', Expired: 'danger', Cancelled: 'muted',
};

export function CampaignStatusBadge({ campaign }: { campaign: Pick<Campaign, 'status' | 'submitted_at' | 'approved_at'> }) {
  const { t } = useTranslation();
  const badge = campaignBadge(campaign);
  return (
    <span className={`badge badge-${tone[badge]}`} data-status={badge}>
      {t(`campaignBadge.${badge}`)}
    </span>
  );
}

export function Badge({ tone: kind, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}

const senderTone: Record<string, Tone> = { pending_approval: 'warning', approved: 'success', rejected: 'danger', archived: 'muted' };

export function SenderStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={senderTone[status] ?? 'neutral'}>{t(`senderStatus.${status}`)}</Badge>;
}
