import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../components/format.js';
import { ProgressBar } from '../../components/progress-bar.js';
import type { ProcessingCounts } from './use-recipient-upload.js';

/**
 * What the server does after the last byte arrived, from its `upload` events: how far it has read the
 * file, and the lines read, accepted, invalid and duplicate so far, until the result table replaces it.
 */
export function UploadProcessing({ counts, fileBytes }: { counts: ProcessingCounts | null; fileBytes: number }) {
  const { t } = useTranslation();
  const live = counts ?? { bytes: 0, lines: 0, accepted: 0, invalid: 0, duplicates: 0, pendingDedupe: 0 };
  return (
    <div className="stack" data-testid="upload-processing">
      <p role="status">{t('recipients.processing')}</p>
      <ProgressBar label={t('recipients.processed')} value={live.bytes} max={fileBytes || 1} testId="processing-progress" />
      <dl className="stats">
        <div><dt>{t('recipients.linesRead')}</dt><dd data-testid="processing-lines">{formatNumber(live.lines)}</dd></div>
        <div><dt>{t('recipients.accepted')}</dt><dd data-testid="processing-accepted">{formatNumber(live.accepted)}</dd></div>
        <div><dt>{t('recipients.invalid')}</dt><dd>{formatNumber(live.invalid)}</dd></div>
        <div><dt>{t('recipients.duplicates')}</dt><dd data-testid="processing-duplicates">{formatNumber(live.duplicates)}</dd></div>
        {live.pendingDedupe > 0 && <div><dt>{t('recipients.pendingDedupe')}</dt><dd>{formatNumber(live.pendingDedupe)}</dd></div>}
      </dl>
    </div>
  );
}
