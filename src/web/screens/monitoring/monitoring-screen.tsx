import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header.js';
import { useCoreStatus } from '../../core/core-status.js';

/** Grafana, embedded when the server reports GRAFANA_PUBLIC_URL (the CSP's frame-src allows only that origin). */
export function MonitoringScreen() {
  const { t } = useTranslation();
  const { diagnostics } = useCoreStatus();
  const url = diagnostics?.grafanaUrl;
  return (
    <>
      <PageHeader title={t('monitoring.title')} />
      {url ? (
        <iframe className="grafana" src={url} title={t('monitoring.title')} data-testid="grafana" />
      ) : (
        <section className="card empty-state" data-testid="grafana-missing">
          <p>{diagnostics ? t('monitoring.notConfigured') : t('common.loading')}</p>
        </section>
      )}
    </>
  );
}
