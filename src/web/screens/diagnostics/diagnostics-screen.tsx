import { useTranslation } from 'react-i18next';
import type { auditFallbackAnswer, diagnosticsAnswer } from '../../../contract/operations.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { PageHeader } from '../../components/page-header.js';
import { useApi } from '../../components/use-api.js';
import { AuditTiles } from './audit-tiles.js';
import { CheckTile } from './check-tile.js';

export function DiagnosticsScreen() {
  const { t } = useTranslation();
  const { data, error, reload } = useApi<typeof diagnosticsAnswer>('/api/diagnostics');
  // Read on opening and on Refresh only (not polled): it counts the fallback file's lines.
  const audit = useApi<typeof auditFallbackAnswer>(data?.checks ? '/api/diagnostics/audit' : null);
  const refresh = () => {
    reload();
    audit.reload();
  };
  return (
    <>
      <PageHeader title={t('diagnostics.title')} actions={<button type="button" className="btn btn-secondary" onClick={refresh}>{t('common.refresh')}</button>} />
      <ErrorNotice error={error ?? audit.error} />
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
          {audit.data && <AuditTiles audit={audit.data} />}
          {data.checks ? (
            <>
              <p className="muted small" data-testid="diag-checked-at">{t('diagnostics.checkedAt', { time: formatDateTime(data.checksComputedAt) })}</p>
              <div className="check-grid" data-testid="diag-checks">
                {data.checks.map((c) => (
                  <CheckTile key={c.id} check={c} />
                ))}
              </div>
            </>
          ) : (
            <p className="muted">{t('diagnostics.notAllowed')}</p>
          )}
        </>
      )}
    </>
  );
}
