import { useTranslation } from 'react-i18next';
import { CAMPAIGN_STATUSES } from '../../../domain/campaign-lifecycle.js';
import type { Overview } from '../../../contract/campaigns.js';
import { formatNumber } from '../../components/format.js';

export function StatusFunnel({ funnel }: { funnel: Partial<Overview['funnel']> }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...CAMPAIGN_STATUSES.map((s) => funnel[s] ?? 0));
  return (
    <ul className="funnel">
      {CAMPAIGN_STATUSES.map((status) => {
        const count = funnel[status] ?? 0;
        return (
          <li key={status}>
            <span className="funnel-label">{t(`campaignStatus.${status}`)}</span>
            <span className="funnel-bar">
              <span className="funnel-fill" style={{ width: `${(count / max) * 100}%` }} />
            </span>
            <span className="funnel-count">{formatNumber(count)}</span>
          </li>
        );
      })}
    </ul>
  );
}
