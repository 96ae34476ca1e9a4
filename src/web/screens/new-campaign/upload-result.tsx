import { useTranslation } from 'react-i18next';
import type { RecipientsSummary } from '../../api/types.js';
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
        <div className="table-wrap">
          <table className="table" data-testid="invalid-lines">
            <caption>{t('recipients.invalidLines')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">{t('recipients.line')}</th>
                <th scope="col">{t('recipients.value')}</th>
                <th scope="col">{t('recipients.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.sample_errors.map((e) => (
                <tr key={e.line}>
                  <td className="num">{e.line}</td>
                  <td className="mono">{e.value}</td>
                  <td>{t(`recipients.reasons.${e.reason}`, { defaultValue: e.reason })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
