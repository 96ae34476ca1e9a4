import { useTranslation } from 'react-i18next';
import type { RecoveryCheck as DiagnosticCheck } from '../../../contract/operations.js';

/** `detail` is free-form: numbers and short facts are shown as "key: value". */
function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

export function CheckTile({ check }: { check: DiagnosticCheck }) {
  const { t } = useTranslation();
  // Certificate checks carry daysLeft, as a field or inside the detail sentence.
  const fromObject = typeof check.detail === 'object' && check.detail !== null ? (check.detail as { daysLeft?: unknown }).daysLeft : undefined;
  const fromText = typeof check.detail === 'string' ? /daysLeft\D{0,3}(-?\d+)/.exec(check.detail)?.[1] : undefined;
  const daysLeft = typeof fromObject === 'number' ? fromObject : fromText !== undefined ? Number(fromText) : undefined;
  return (
    <div className={`card diag-check ${check.ok ? 'check-ok' : 'check-bad'}`} data-check={check.id} data-ok={check.ok}>
      <div className="check-head">
        <span className="check-mark" aria-hidden="true">{check.ok ? '✓' : '✗'}</span>
        <h3>{t(`diagnostics.checks.${check.id}`, { defaultValue: check.id })}</h3>
      </div>
      <p className="check-state">{check.ok ? t('diagnostics.ok') : t('diagnostics.problem')}</p>
      {typeof daysLeft === 'number' && <p>{t('diagnostics.daysLeft', { count: daysLeft })}</p>}
      {check.id === 'audit_fallback' && check.ok && <p>{t('diagnostics.fileEmpty')}</p>}
      <p className="muted small mono">{detailText(check.detail)}</p>
      {!check.ok && check.fix && <p className="small">{t('diagnostics.fix')}: {check.fix}</p>}
    </div>
  );
}
