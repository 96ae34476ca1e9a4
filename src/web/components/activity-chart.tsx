// A small line chart as inline SVG (no chart library; CSP allows no inline styles, SVG attributes are fine).
import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.js';

export interface Series {
  key: string;
  label: string;
  className: string;
  values: number[];
}

const W = 600;
const H = 180;
const PAD = 28;

export function LineChart({ labels, series, title }: { labels: string[]; series: Series[]; title: string }) {
  const { t } = useTranslation();
  const count = Math.max(labels.length, 1);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => PAD + (count === 1 ? 0 : (i * (W - 2 * PAD)) / (count - 1));
  const y = (v: number) => H - PAD - (v * (H - 2 * PAD)) / max;
  const tickEvery = Math.max(1, Math.ceil(count / 6));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} preserveAspectRatio="none">
        <line className="chart-axis" x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} />
        <text className="chart-label" x={PAD - 4} y={PAD} textAnchor="end">{formatNumber(max)}</text>
        <text className="chart-label" x={PAD - 4} y={H - PAD} textAnchor="end">0</text>
        {labels.map((label, i) =>
          i % tickEvery === 0 ? (
            <text key={label + i} className="chart-label" x={x(i)} y={H - 8} textAnchor="middle">{label}</text>
          ) : null,
        )}
        {series.map((s) => (
          <polyline key={s.key} className={`chart-line ${s.className}`} fill="none" points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
        ))}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s) => (
          <span key={s.key} className={`legend-item ${s.className}`}>{s.label}</span>
        ))}
        {labels.length === 0 && <span className="muted">{t('common.noData')}</span>}
      </figcaption>
    </figure>
  );
}
