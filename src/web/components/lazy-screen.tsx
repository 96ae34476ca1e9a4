import { lazy, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

export function PageLoading() {
  const { t } = useTranslation();
  return <p className="loading-page">{t('common.loading')}</p>;
}

/** A screen from its own module, fetched the first time it is shown (React.lazy over a named export). */
export function screen<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}
