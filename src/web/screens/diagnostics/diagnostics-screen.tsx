import { useTranslation } from 'react-i18next';
import type { diagnosticsAnswer } from '../../../contract/operations.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { PageHeader } from '../../components/page-header.js';
import { useApi } from '../../components/use-api.js';
import { CheckTile } from './check-tile.js';

export function DiagnosticsScreen() {
  const { t } = useTranslation();
  const { data, error, reload } = useApi<typeof diagnosticsAnswer>('/api/diagnostics');
  return (
    <>
      <PageHeader title={t('diagnostics.title')} actions={<button type="button" className="btn btn-secondary" onClick={reload}>{t('common.refresh')}</button>} />
      <ErrorNotice error={error} />
      {data && (
        <>
          <div className="kpi-grid">
            <div className="card kpi" data-testid="diag-core">
              <div className="kpi-label">{t('diagnostics.core')}</div>
              <div className={`kpi-value ${data.core.status === 'ok' ? 'text-success' : 'text-danger'}`}>{data.core.status === 'ok' ? t('diagnostics.ok') : t('diagnostics.down')}</div>
              <div className="muted small">{formatDateTime(data.core.checkedAt)}</div>
            </div>
            <div className="card kpi">
              <div className="kpi-label">{t('diagnostics.database')}</div>
              <div className={`kpi-value ${data.database.status === 'ok' ? 'text-success' : 'text-danger'}`}>{data.database.status === 'ok' ? t('diagnostics.ok') : t('diagnostics.down')}</div>
            </div>
            <div className="card kpi" data-testid="diag-schema">
              <div className="kpi-label">{t('diagnostics.schema')}</div>
              <div className="kpi-value">{data.schemaVersion ?? '—'} / {data.expectedSchemaVersion}</div>
            </div>
          </div>
          {data.checks ? (
            <div className="check-grid" data-testid="diag-checks">
              {data.checks.map((c) => (
                <CheckTile key={c.id} check={c} />
              ))}
            </div>
          ) : (
            <p className="muted">{t('diagnostics.notAllowed')}</p>
          )}
        </>
      )}
    </>
  );
}
