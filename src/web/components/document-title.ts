import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser tab names the screen, in the current language: "Campaigns — Message Center". */
export function useDocumentTitle(screen: string | undefined): void {
  const { t } = useTranslation();
  const app = t('app.name');
  useEffect(() => {
    document.title = screen && screen !== app ? `${screen} — ${app}` : app;
  }, [screen, app]);
}
