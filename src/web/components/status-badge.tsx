import { useTranslation } from 'react-i18next';
import type { Campaign } from '../api/types.js';

/** New campaigns are told apart by where they are in moderation (product.md §3). */
export function newCampaignStage(c: Pick<Campaign, 'status' | 'submitted_at' | 'approved_at'>): 'draft' | 'waiting' | 'approved' | null {
  if (c.status !== 'New') return null;
  if (c.approved_at) return 'approved';
  return c.submitted_at ? 'waiting' : 'draft';
}

const tone: Record<string, string> = {
  New: 'neutral', Pending: 'info', Building: 'info', Sending: 'info', Paused: 'warning',
  Done: 'success', Failed: 'danger', Expired: 'danger', Cancelled: 'muted',
  draft: 'neutral', waiting: 'warning', approved: 'success',
};

export function CampaignStatusBadge({ campaign }: { campaign: Pick<Campaign, 'status' | 'submitted_at' | 'approved_at'> }) {
  const { t } = useTranslation();
  const stage = newCampaignStage(campaign);
  const key = stage ?? campaign.status;
  const label = stage ? t(`campaignStage.${stage}`) : t(`campaignStatus.${campaign.status}`);
  return (
    <span className={`badge badge-${tone[key] ?? 'neutral'}`} data-status={key}>
      {label}
    </span>
  );
}

export function Badge({ tone: kind, children }: { tone: 'neutral' | 'info' | 'warning' | 'success' | 'danger' | 'muted'; children: React.ReactNode }) {
  return <span className={`badge badge-${kind}`}>{children}</span>;
}

const senderTone: Record<string, 'neutral' | 'warning' | 'success' | 'danger' | 'muted'> = {
  pending_approval: 'warning', approved: 'success', rejected: 'danger', archived: 'muted',
};

export function SenderStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={senderTone[status] ?? 'neutral'}>{t(`senderStatus.${status}`)}</Badge>;
}
