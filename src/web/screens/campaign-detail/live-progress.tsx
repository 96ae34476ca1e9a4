import { useTranslation } from 'react-i18next';
import type { Progress } from '../../../contract/campaigns.js';
import { LineChart } from '../../components/activity-chart.js';
import { formatNumber, formatTime } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';

export interface ProgressPoint extends Progress {
  at: string;
}

/** Progress as it arrives over the event stream, with a delivered/failed chart of the points seen. */
export function LiveProgress({ progress, history, withCore }: { progress: Progress | null; history: ProgressPoint[]; withCore: boolean }) {
  const { t } = useTranslation();
  const p = progress ?? { total: 0, sent: 0, delivered: 0, failed: 0, updated_at: null };
  // "loading" only while Core has the campaign and has not reported yet; a draft or a reported zero has nothing to load.
  const empty = p.total === 0 ? t(withCore && p.updated_at === null ? 'progress.loading' : 'progress.none') : null;
  return (
    <div className="stack">
      {empty && <p className="muted" data-testid="progress-none">{empty}</p>}
      {/* Core counts a failed message as processed, not sent: the bar shows both. */}
      <ProgressBar label={t('progress.processed')} value={p.sent + p.failed} max={p.total || 1} testId="campaign-progress" />
      <dl className="stats">
        <div><dt>{t('progress.total')}</dt><dd>{formatNumber(p.total)}</dd></div>
        <div><dt>{t('progress.sent')}</dt><dd data-testid="progress-sent">{formatNumber(p.sent)}</dd></div>
        <div><dt>{t('progress.delivered')}</dt><dd data-testid="progress-delivered">{formatNumber(p.delivered)}</dd></div>
        <div><dt>{t('progress.failed')}</dt><dd data-testid="progress-failed">{formatNumber(p.failed)}</dd></div>
      </dl>
      {history.length > 1 && (
        <LineChart
          title={t('progress.chart')}
          labels={history.map((h) => formatTime(h.at))}
          series={[
            { key: 'delivered', label: t('progress.delivered'), className: 'series-delivered', values: history.map((h) => h.delivered) },
            { key: 'failed', label: t('progress.failed'), className: 'series-failed', values: history.map((h) => h.failed) },
          ]}
        />
      )}
    </div>
  );
}
