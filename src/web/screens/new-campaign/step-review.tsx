import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import { DetailsList } from '../../components/details-list.js';
import { formatDateTime, formatNumber } from '../../components/format.js';
import { windowLabel } from '../../components/window-label.js';

export function StepReview({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    [t('wizard.name'), campaign.name],
    [t('wizard.mode'), t(`mode.${campaign.mode}`)],
    [t('wizard.sender'), campaign.sender?.saddr ?? '—'],
    [t('wizard.esme'), campaign.esme ?? '—'],
    [t('wizard.strategy'), campaign.strategy ?? t('wizard.noStrategy')],
    [t('wizard.parts'), `${campaign.parts} / ${campaign.sms_limit} · ${campaign.encoding}`],
    [t('recipients.accepted'), formatNumber(campaign.recipients?.accepted ?? null)],
    [t('wizard.startAt'), formatDateTime(campaign.start_at)],
    [t('wizard.endAt'), formatDateTime(campaign.end_at)],
    [t('wizard.sendingWindow'), windowLabel(campaign.sending_window, t)],
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
