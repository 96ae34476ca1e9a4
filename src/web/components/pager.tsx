import { useTranslation } from 'react-i18next';

export function Pager({ hasPrev, hasNext, prev, next }: { hasPrev: boolean; hasNext: boolean; prev(): void; next(): void }) {
  const { t } = useTranslation();
  if (!hasPrev && !hasNext) return null;
  return (
    <nav className="pager" aria-label={t('common.pagination')}>
      <button type="button" className="btn btn-secondary btn-small" disabled={!hasPrev} onClick={prev}>
        {t('common.previous')}
      </button>
      <button type="button" className="btn btn-secondary btn-small" disabled={!hasNext} onClick={next}>
        {t('common.next')}
      </button>
    </nav>
  );
}
