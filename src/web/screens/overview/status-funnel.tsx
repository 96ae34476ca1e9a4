import { useTranslation } from 'react-i18next';
import { CAMPAIGN_STATUSES, type Overview } from '../../api/types.js';
import { formatNumber } from '../../components/format.js';

export function StatusFunnel({ funnel }: { funnel: Overview['funnel'] }) {
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
