import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import type { SendingWindow } from '../../../contract/common.js';
import { CampaignCost } from '../../components/campaign-cost.js';
import { DetailsList } from '../../components/details-list.js';
import { EsmeName } from '../../components/esme-name.js';
import { formatDateTime } from '../../components/format.js';
import { scheduleRows } from '../../components/schedule-rows.js';

export function ParametersCard({ campaign: c, workspaceWindow }: { campaign: Campaign; workspaceWindow: SendingWindow | null }) {
  const { t } = useTranslation();
  const rows: (readonly [string, ReactNode])[] = [
    [t('wizard.mode'), t(`mode.${c.mode}`)],
    [t('wizard.sender'), c.sender ? `${c.sender.saddr} (TON ${c.sender.ston}/NPI ${c.sender.snpi})` : '—'],
    [t('wizard.esme'), <EsmeName esme={c.esme} />],
    [t('wizard.strategy'), c.strategy ?? t('wizard.noStrategy')],
    [t('wizard.parts'), `${c.parts} / ${c.sms_limit} · ${c.encoding}`],
    [t('cost.label'), <CampaignCost campaign={c} />],
    ...scheduleRows(c, workspaceWindow, t),
    [t('wizard.autoStart'), c.auto_start ? t('common.yes') : t('common.no')],
    [t('campaign.submittedAt'), formatDateTime(c.submitted_at)],
    [t('campaign.approvedAt'), formatDateTime(c.approved_at)],
    [t('campaigns.created'), formatDateTime(c.created_at)],
  ];
  return (
    <div className="stack">
      <DetailsList rows={rows} testId="campaign-parameters" />
      <pre className="message-text">{c.text}</pre>
    </div>
  );
}
