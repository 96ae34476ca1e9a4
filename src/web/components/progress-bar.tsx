import { formatPercent } from './format.js';

/** A native <progress> (accessible as a progressbar) with its percentage. */
export function ProgressBar({ label, value, max, testId }: { label: string; value: number; max: number; testId?: string }) {
  const share = max > 0 ? Math.min(1, value / max) : 0;
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-head">
        <span>{label}</span>
        <span data-testid={testId ? `${testId}-percent` : undefined}>{formatPercent(share)}</span>
      </div>
      <progress value={value} max={max} aria-label={label} />
    </div>
  );
}
