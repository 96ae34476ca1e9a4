import { useTranslation } from 'react-i18next';
import { useCoreStatus } from '../core/core-status.js';

export function CoreBanner() {
  const { t } = useTranslation();
  const { coreDown } = useCoreStatus();
  if (!coreDown) return null;
  return (
    <div className="banner banner-danger" role="alert" data-testid="core-banner">
      {t('core.banner')}
    </div>
  );
}
