import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import type { SendingWindow } from '../../../contract/common.js';
import { formatDateTime } from '../../components/format.js';
import { effectiveWindow } from '../../components/schedule-rows.js';
import { windowLabel } from '../../components/window-label.js';

/** Why the campaign is where it is: who paused it (the window's hours and zone), Core's error, Core's last report. */
export function CampaignReasons({ campaign: c, workspaceWindow }: { campaign: Campaign; workspaceWindow: SendingWindow | null }) {
  const { t } = useTranslation();
  const paused = c.status === 'Paused' ? pauseText(c, workspaceWindow, t) : null;
  return (
    <div className="stack" data-testid="campaign-reasons">
      {paused && <p className="notice notice-warning" data-testid="pause-reason">{paused}</p>}
      {c.core_error && <p className="notice notice-error" data-testid="core-error">{t('campaign.coreError', { error: c.core_error })}</p>}
      {c.rejection_reason && <p className="notice notice-error" data-testid="rejection-reason">{t('campaign.rejectedBecause', { reason: c.rejection_reason })}</p>}
      {c.progress?.updated_at && c.job_id && <p className="muted small" data-testid="core-reported">{t('campaign.coreReported', { at: formatDateTime(c.progress.updated_at) })}</p>}
    </div>
  );
}

export function pauseText(c: Campaign, workspaceWindow: SendingWindow | null, t: (k: string, o?: Record<string, string>) => string): string {
  if (c.pause_reason === 'sending_window') return t('campaign.pausedByWindow', { window: windowLabel(effectiveWindow(c, workspaceWindow).window, t) });
  if (c.pause_reason === 'user') return t('campaign.pausedByUser');
  return t('campaign.pausedByCore');
}
