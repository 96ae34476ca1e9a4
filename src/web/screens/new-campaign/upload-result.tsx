import { useTranslation } from 'react-i18next';
import type { RecipientsSummary } from '../../../contract/campaigns.js';
import { DataTable } from '../../components/data-table.js';
import { formatBytes, formatNumber } from '../../components/format.js';

/** Counts of an upload and its first invalid lines (the server keeps up to 100). */
export function UploadResult({ summary }: { summary: RecipientsSummary }) {
  const { t } = useTranslation();
  return (
    <div className="stack" data-testid="upload-result">
      <dl className="stats">
        <div><dt>{t('recipients.file')}</dt><dd>{summary.file_name} · {formatBytes(summary.bytes)}</dd></div>
        <div><dt>{t('recipients.accepted')}</dt><dd data-testid="accepted-count">{formatNumber(summary.accepted)}</dd></div>
        <div><dt>{t('recipients.invalid')}</dt><dd data-testid="invalid-count">{formatNumber(summary.invalid)}</dd></div>
        <div><dt>{t('recipients.duplicates')}</dt><dd>{formatNumber(summary.duplicates)}</dd></div>
      </dl>
      {summary.sample_errors.length > 0 && (
        <DataTable
          testId="invalid-lines"
          caption={t('recipients.invalidLines')}
          rows={summary.sample_errors}
          rowKey={(e) => e.line}
          columns={[
            { header: t('recipients.line'), numeric: true, cell: (e) => e.line },
            { header: t('recipients.value'), cellClassName: 'mono', cell: (e) => e.value },
            { header: t('recipients.reason'), cell: (e) => t(`recipients.reasons.${e.reason}`, { defaultValue: e.reason }) },
          ]}
        />
      )}
    </div>
  );
}
