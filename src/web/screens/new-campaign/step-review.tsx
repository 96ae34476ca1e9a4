import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import type { SendingWindow } from '../../../contract/common.js';
import { CampaignCost } from '../../components/campaign-cost.js';
import { DetailsList } from '../../components/details-list.js';
import { EsmeName } from '../../components/esme-name.js';
import { formatNumber } from '../../components/format.js';
import { scheduleRows } from '../../components/schedule-rows.js';
import type { ReactNode } from 'react';

export function StepReview({ campaign, workspaceWindow }: { campaign: Campaign; workspaceWindow: SendingWindow | null }) {
  const { t } = useTranslation();
  const rows: (readonly [string, ReactNode])[] = [
    [t('wizard.name'), campaign.name],
    [t('wizard.mode'), t(`mode.${campaign.mode}`)],
    [t('wizard.sender'), campaign.sender?.saddr ?? '—'],
    [t('wizard.esme'), <EsmeName esme={campaign.esme} />],
    [t('wizard.strategy'), campaign.strategy ?? t('wizard.noStrategy')],
    [t('wizard.parts'), `${campaign.parts} / ${campaign.sms_limit} · ${campaign.encoding}`],
    ...(campaign.mode === 'Trigger' ? [] : ([[t('recipients.accepted'), formatNumber(campaign.recipients?.accepted ?? null)]] as const)),
    [t('cost.label'), <CampaignCost campaign={campaign} />],
    ...scheduleRows(campaign, workspaceWindow, t),
    [t('wizard.autoStart'), campaign.auto_start ? t('common.yes') : t('common.no')],
  ];
  return (
    <div className="stack">
      <DetailsList rows={rows} testId="review" />
      <div>
        <div className="muted small">{t('wizard.text')}</div>
        <pre className="message-text">{campaign.text}</pre>
      </div>
    </div>
  );
}
