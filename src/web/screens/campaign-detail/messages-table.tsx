import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import type { messageSchema } from '../../../contract/campaigns.js';
import { DataTable } from '../../components/data-table.js';
import { DownloadButton } from '../../components/download-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { usePagedList } from '../../components/use-paged-list.js';

/** Delivery reports from Core (cursor-paged) with the CSV export link. */
export function MessagesTable({ slug, externalId }: { slug: string; externalId: string }) {
  const { t } = useTranslation();
  const list = usePagedList<typeof messageSchema>(wsPath(slug, `/campaigns/${externalId}/messages`), '?limit=50');
  return (
    <div className="stack">
      <div className="row row-between">
        <h2>{t('campaign.reports')}</h2>
        <DownloadButton href={wsPath(slug, `/campaigns/${externalId}/report.csv`)} label={t('campaign.downloadCsv')} testId="report-csv" small />
      </div>
      <ErrorNotice error={list.error} />
      <DataTable
        testId="reports-table"
        empty={t('campaign.noReports')}
        rows={list.items}
        rowKey={(m) => m.message_id}
        columns={[
          { header: t('campaign.number'), cellClassName: 'mono', cell: (m) => m.number },
          { header: t('campaigns.status'), cell: (m) => t(`messageStatus.${m.status}`, { defaultValue: m.status }) },
          { header: t('wizard.parts'), numeric: true, cell: (m) => m.parts },
          { header: t('campaign.updatedAt'), cell: (m) => formatDateTime(m.updated_at) },
          { header: t('campaign.error'), cell: (m) => m.error ?? '' },
        ]}
      />
      <Pager {...list} />
    </div>
  );
}
