import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import type { Message } from '../../api/types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { usePagedList } from '../../components/use-paged-list.js';

/** Delivery reports from Core (cursor-paged) with the CSV export link. */
export function MessagesTable({ slug, externalId }: { slug: string; externalId: string }) {
  const { t } = useTranslation();
  const list = usePagedList<Message>(wsPath(slug, `/campaigns/${externalId}/messages`), '?limit=50');
  return (
    <div className="stack">
      <div className="row row-between">
        <h2>{t('campaign.reports')}</h2>
        <a className="btn btn-secondary btn-small" href={wsPath(slug, `/campaigns/${externalId}/report.csv`)} download data-testid="report-csv">
          {t('campaign.downloadCsv')}
        </a>
      </div>
      <ErrorNotice error={list.error} />
      {list.items.length === 0 ? (
        <p className="empty">{t('campaign.noReports')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="reports-table">
            <thead>
              <tr>
                <th scope="col">{t('campaign.number')}</th>
                <th scope="col">{t('campaigns.status')}</th>
                <th scope="col" className="num">{t('wizard.parts')}</th>
                <th scope="col">{t('campaign.updatedAt')}</th>
                <th scope="col">{t('campaign.error')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((m) => (
                <tr key={m.message_id}>
                  <td className="mono">{m.number}</td>
                  <td>{t(`messageStatus.${m.status}`, { defaultValue: m.status })}</td>
                  <td className="num">{m.parts}</td>
                  <td>{formatDateTime(m.updated_at)}</td>
                  <td>{m.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </div>
  );
}
