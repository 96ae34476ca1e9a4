import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { senderAnswer, senderRevisionSchema } from '../../../contract/senders.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime, formatTonNpi } from '../../components/format.js';
import { PageHeader } from '../../components/page-header.js';
import { SenderStatusBadge } from '../../components/status-badge.js';
import { Pager } from '../../components/pager.js';
import { useApi } from '../../components/use-api.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useApiAction } from '../../components/use-api-action.js';
import { useCan } from '../../session/permissions.js';
import { AddressForm, addressBody } from './address-form.js';

export function SenderDetailScreen() {
  const { t } = useTranslation();
  const { slug = '', senderId = '' } = useParams();
  const allowed = useCan();
  const sender = useApi<typeof senderAnswer>(wsPath(slug, `/senders/${senderId}`));
  const revisions = usePagedList<typeof senderRevisionSchema>(wsPath(slug, `/senders/${senderId}/revisions`), '?limit=50');
  const [proposing, setProposing] = useState(false);
  const reload = () => {
    sender.reload();
    revisions.reload();
  };
  const { error, run } = useApiAction(reload);
  const s = sender.data?.sender;
  if (!s) return <ErrorNotice error={sender.error} />;

  return (
    <>
      <PageHeader
        title={s.name}
        subtitle={<SenderStatusBadge status={s.status} />}
        actions={
          <>
            {allowed('sender.propose_revision') && s.status !== 'archived' && !proposing && (
              <button type="button" className="btn btn-primary" onClick={() => setProposing(true)}>{t('senders.newRevision')}</button>
            )}
            {allowed('sender.manage') && s.status !== 'archived' && (
              <button type="button" className="btn btn-secondary" onClick={() => void run(() => post(wsPath(slug, `/senders/${senderId}/archive`), {}))}>{t('actions.archive')}</button>
            )}
          </>
        }
      />
      <ErrorNotice error={error} />
      {proposing && (
        <AddressForm
          withName={false}
          submitLabel={t('senders.propose')}
          onCancel={() => setProposing(false)}
          onSubmit={async (v) => {
            await post(wsPath(slug, `/senders/${senderId}/revisions`), addressBody(v));
            setProposing(false);
            reload();
          }}
        />
      )}
      <section className="card card-flush">
        <h2 className="card-title">{t('senders.revisions')}</h2>
        <DataTable
          testId="revisions-table"
          rows={revisions.items}
          rowKey={(r) => r.id}
          rowAttributes={(r) => ({ className: r.id === s.current_revision_id ? 'row-current' : undefined })}
          columns={[
            { header: '#', cell: (r) => r.revision_number },
            { header: t('senders.saddr'), cellClassName: 'mono', cell: (r) => r.saddr },
            { header: t('senders.tonNpi'), cellClassName: 'mono', cell: formatTonNpi },
            { header: t('campaigns.status'), cell: (r) => <SenderStatusBadge status={r.status} /> },
            { header: t('senders.reason'), cell: (r) => r.reason ?? '' },
            { header: t('senders.decisionNote'), cell: (r) => r.decision_note ?? '' },
            { header: t('campaigns.created'), cell: (r) => formatDateTime(r.created_at) },
          ]}
        />
        <ErrorNotice error={revisions.error} />
        <Pager {...revisions} />
      </section>
    </>
  );
}
