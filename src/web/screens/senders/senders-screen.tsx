import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { senderSchema } from '../../../contract/senders.js';
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
  const list = usePagedList<typeof senderSchema>(wsPath(slug, '/senders'), '');
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
            { header: t('senders.saddr'), cellClassName: 'mono', cell: (s) => s.current_revision?.saddr ?? '—' },
            { header: t('campaigns.status'), cell: (s) => <SenderStatusBadge status={s.status} /> },
            { header: t('campaigns.created'), cell: (s) => formatDateTime(s.created_at) },
          ]}
        />
      </section>
      <Pager {...list} />
    </>
  );
}
