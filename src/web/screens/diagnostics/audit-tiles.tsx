import { useTranslation } from 'react-i18next';
import type { auditFallbackAnswer } from '../../../contract/operations.js';
import type { z } from 'zod';
import { formatBytes, formatDateTime, formatNumber } from '../../components/format.js';

/** Audit retention and the fallback file (`/api/diagnostics/audit`), each its own tile. */
export function AuditTiles({ audit }: { audit: z.infer<typeof auditFallbackAnswer> }) {
  const { t } = useTranslation();
  return (
    <div className="kpi-grid" data-testid="diag-audit">
      <div className="card kpi" data-testid="diag-retention">
        <div className="kpi-label">{t('diagnostics.retention')}</div>
        <div className="kpi-value">{t('diagnostics.days', { count: audit.retentionDays })}</div>
      </div>
      <div className="card kpi" data-testid="diag-fallback-size">
        <div className="kpi-label">{t('diagnostics.fallbackSize')}</div>
        <div className={`kpi-value ${audit.fallbackFileSize + audit.drainingFileSize > 0 ? 'text-danger' : ''}`}>{formatBytes(audit.fallbackFileSize)}</div>
        {audit.drainingFileSize > 0 && <div className="muted small">{t('diagnostics.draining', { size: formatBytes(audit.drainingFileSize) })}</div>}
      </div>
      <div className="card kpi" data-testid="diag-fallback-lines">
        <div className="kpi-label">{t('diagnostics.fallbackLines')}</div>
        <div className="kpi-value">{formatNumber(audit.fallbackLines)}</div>
        <div className="muted small">{t('diagnostics.lastDrain', { time: formatDateTime(audit.lastDrainAt) })}</div>
        {audit.rejectedLines > 0 && <div className="small text-danger">{t('diagnostics.rejected', { count: audit.rejectedLines })}</div>}
      </div>
    </div>
  );
}
