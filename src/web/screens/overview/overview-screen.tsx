import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import type { overviewAnswer } from '../../../contract/campaigns.js';
import { LineChart } from '../../components/activity-chart.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatNumber, formatPercent, formatTime, formatDateTime } from '../../components/format.js';
import { PageHeader } from '../../components/page-header.js';
import { useApi } from '../../components/use-api.js';
import { useCoreStatus } from '../../core/core-status.js';
import { KpiTile } from './kpi-tile.js';
import { StatusFunnel } from './status-funnel.js';

/** This browser's local midnight today, as an instant (the path stays the same all day). */
function localDayStart(): string {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  return midnight.toISOString();
}

export function OverviewScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  // "Today" and the chart's hours are the browser's: the server sums from its local midnight.
  const { data, error } = useApi<typeof overviewAnswer>(wsPath(slug, `/overview?day_start=${encodeURIComponent(localDayStart())}`));
  const { coreDown, diagnostics } = useCoreStatus();
  const activity = data?.last_24_hours ?? [];
  return (
    <>
      <PageHeader title={t('overview.title')} />
      <ErrorNotice error={error} />
      <div className="kpi-grid">
        <KpiTile label={t('overview.activeCampaigns')} value={formatNumber(data?.active_campaigns)} testId="kpi-active" />
        <KpiTile label={t('overview.sentToday')} value={formatNumber(data?.sent_today)} testId="kpi-sent-today" />
        <KpiTile label={t('overview.deliveryRate')} value={formatPercent(data?.delivery_rate)} />
        <KpiTile label={t('overview.awaitingModeration')} value={formatNumber(data?.awaiting_moderation)} />
      </div>
      <div className="grid-2">
        <section className="card">
          <h2>{t('overview.activity')}</h2>
          <p className="muted">{t('overview.activityHint')}</p>
          <LineChart
            title={t('overview.activity')}
            labels={activity.map((a) => formatTime(a.hour))}
            series={[
              { key: 'sent', label: t('progress.sent'), className: 'series-sent', values: activity.map((a) => a.sent) },
              { key: 'delivered', label: t('progress.delivered'), className: 'series-delivered', values: activity.map((a) => a.delivered) },
              { key: 'failed', label: t('progress.failed'), className: 'series-failed', values: activity.map((a) => a.failed) },
            ]}
          />
        </section>
        <section className="card">
          <h2>{t('overview.funnel')}</h2>
          <StatusFunnel funnel={data?.funnel ?? {}} />
        </section>
      </div>
      <section className="card core-card">
        <h2>{t('overview.coreStatus')}</h2>
        <p data-testid="core-status">
          <span className={`dot ${coreDown ? 'dot-danger' : diagnostics?.core.status === 'ok' ? 'dot-success' : 'dot-muted'}`} aria-hidden="true" />
          {diagnostics && diagnostics.core.status !== 'unknown' ? (coreDown ? t('diagnostics.down') : t('diagnostics.ok')) : t('common.unknown')}
          {diagnostics?.core.checkedAt && <span className="muted"> · {t('overview.checkedAt', { time: formatDateTime(diagnostics.core.checkedAt) })}</span>}
        </p>
      </section>
    </>
  );
}
