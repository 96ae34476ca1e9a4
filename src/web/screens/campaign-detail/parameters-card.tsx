import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import { DetailsList } from '../../components/details-list.js';
import { formatDateTime } from '../../components/format.js';
import { windowLabel } from '../../components/window-label.js';

export function ParametersCard({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('wizard.mode'), t(`mode.${c.mode}`)],
    [t('wizard.sender'), c.sender ? `${c.sender.saddr} (TON ${c.sender.ston}/NPI ${c.sender.snpi})` : '—'],
    [t('wizard.esme'), c.esme ?? '—'],
    [t('wizard.strategy'), c.strategy ?? t('wizard.noStrategy')],
    [t('wizard.parts'), `${c.parts} / ${c.sms_limit} · ${c.encoding}`],
    [t('wizard.startAt'), formatDateTime(c.start_at)],
    [t('wizard.endAt'), formatDateTime(c.end_at)],
    [t('wizard.sendingWindow'), windowLabel(c.sending_window, t)],
    [t('wizard.autoStart'), c.auto_start ? t('common.yes') : t('common.no')],
    [t('campaign.submittedAt'), formatDateTime(c.submitted_at)],
    [t('campaign.approvedAt'), formatDateTime(c.approved_at)],
    [t('campaigns.created'), formatDateTime(c.created_at)],
  ];
  return (
    <div className="stack">
      <DetailsList rows={rows} />
      {c.rejection_reason && <p className="notice notice-error">{t('campaign.rejectedBecause', { reason: c.rejection_reason })}</p>}
      <pre className="message-text">{c.text}</pre>
    </div>
  );
}
