import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import { PageHeader } from '../../components/page-header.js';
import { AuditView } from './audit-view.js';

export function AuditScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  return (
    <>
      <PageHeader title={t('audit.title')} />
      <AuditView basePath={wsPath(slug, '/audit')} />
    </>
  );
}
