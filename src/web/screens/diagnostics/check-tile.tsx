import { useTranslation } from 'react-i18next';
import type { RecoveryCheck } from '../../../contract/operations.js';
import { formatBytes, formatDateTime, formatNumber } from '../../components/format.js';

type T = ReturnType<typeof useTranslation>['t'];

/** The check's finding in the UI language, from its code and values (the English `detail` is `mc doctor`'s). */
function summaryText({ code, values }: RecoveryCheck['summary'], t: T): string {
  const v = values;
  switch (code) {
    case 'audit_fallback':
      return t('diagnostics.summary.audit_fallback', {
        size: formatBytes(Number(v.fallbackBytes ?? 0)),
        lines: formatNumber(Number(v.fallbackLines ?? 0)),
        draining: formatBytes(Number(v.drainingBytes ?? 0)),
        rejected: formatNumber(Number(v.rejectedLines ?? 0)),
      });
    case 'core_state':
      return t('diagnostics.summary.core_state', { status: t(`diagnostics.coreStatus.${String(v.status)}`, { defaultValue: String(v.status) }), time: formatDateTime(String(v.checkedAt ?? '')) });
    case 'certificate':
      return t('diagnostics.summary.certificate', { origin: String(v.origin), subject: String(v.subject), date: formatDateTime(String(v.notAfter)) });
    case 'super_admins':
      return t('diagnostics.summary.super_admins', { count: Number(v.count ?? 0) });
    default:
      return t(`diagnostics.summary.${code}`, Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])));
  }
}

export function CheckTile({ check }: { check: RecoveryCheck }) {
  const { t } = useTranslation();
  const daysLeft = check.summary.values.daysLeft;
  return (
    <div className={`card diag-check ${check.ok ? 'check-ok' : 'check-bad'}`} data-check={check.id} data-ok={check.ok}>
      <div className="check-head">
        <span className="check-mark" aria-hidden="true">{check.ok ? '✓' : '✗'}</span>
        <h3>{t(`diagnostics.checks.${check.id}`)}</h3>
      </div>
      <p className="check-state">{check.ok ? t('diagnostics.ok') : t('diagnostics.problem')}</p>
      {typeof daysLeft === 'number' && <p>{t('diagnostics.daysLeft', { count: daysLeft })}</p>}
      <p className="small" data-testid="check-summary">{summaryText(check.summary, t)}</p>
      {check.fixCode && <p className="small">{t('diagnostics.fix')}: {t(`diagnostics.fixes.${check.fixCode}`)}</p>}
    </div>
  );
}
