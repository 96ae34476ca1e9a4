import { useTranslation } from 'react-i18next';
import type { ApiFailure } from '../api/client.js';

/** A failed request as a sentence in the UI language (known codes are translated; others show the server's text). */
export function ErrorNotice({ error }: { error: ApiFailure | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {t(`errors.${error.code}`, { defaultValue: t('errors.generic') })}
    </p>
  );
}
