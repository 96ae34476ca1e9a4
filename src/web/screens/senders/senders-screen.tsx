import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { senderListItemSchema, SenderListItem } from '../../../contract/senders.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { PageHeader } from '../../components/page-header.js';
import { Pager } from '../../components/pager.js';
import { SenderStatusBadge } from '../../components/status-badge.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useCan } from '../../session/permissions.js';
import { AddressForm, addressBody } from './address-form.js';

export function SendersScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const allowed = useCan();
  const [creating, setCreating] = useState(false);
  const list = usePagedList<typeof senderListItemSchema>(wsPath(slug, '/senders'), '');
  return (
    <>
      <PageHeader
        title={t('senders.title')}
        actions={allowed('sender.manage') && !creating && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>{t('senders.new')}</button>
        )}
      />
      {creating && (
        <AddressForm
          withName
          submitLabel={t('senders.create')}
          onCancel={() => setCreating(false)}
          onSubmit={async (v) => {
            await post(wsPath(slug, '/senders'), { name: v.name.trim(), ...addressBody(v) });
            setCreating(false);
            list.reload();
          }}
        />
      )}
      <ErrorNotice error={list.error} />
      <section className="card card-flush">
        <DataTable
          testId="senders-table"
          empty={t('senders.empty')}
          rows={list.items}
          rowKey={(s) => s.id}
          columns={[
            { header: t('senders.name'), cell: (s) => <Link to={`/w/${slug}/senders/${s.id}`}>{s.name}</Link> },
            { header: t('senders.saddr'), cellClassName: 'mono', cell: (s) => <SenderAddresses sender={s} /> },
            { header: t('campaigns.status'), cell: (s) => <SenderStatusBadge status={s.status} /> },
            { header: t('campaigns.created'), cell: (s) => formatDateTime(s.created_at) },
          ]}
        />
      </section>
      <Pager {...list} />
    </>
  );
}

/** The approved address, and the one waiting for approval marked as such (a new sender has only that one). */
function SenderAddresses({ sender: s }: { sender: SenderListItem }) {
  const { t } = useTranslation();
  const current = s.current_revision?.saddr ?? null;
  const pending = s.pending_saddr !== null && s.pending_saddr !== current ? s.pending_saddr : null;
  if (current === null && pending === null) return <>—</>;
  return (
    <>
      {current}
      {current !== null && pending !== null && ' → '}
      {pending !== null && (
        <span data-testid="saddr-pending">
          {pending} <span className="badge badge-warning">{t('senders.saddrPending')}</span>
        </span>
      )}
    </>
  );
}
