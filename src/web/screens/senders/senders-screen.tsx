import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { Sender } from '../../api/types.js';
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
  const list = usePagedList<Sender>(wsPath(slug, '/senders'), '');
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
        {list.items.length === 0 ? (
          <p className="empty">{t('senders.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="senders-table">
              <thead>
                <tr>
                  <th scope="col">{t('senders.name')}</th>
                  <th scope="col">{t('senders.saddr')}</th>
                  <th scope="col">{t('campaigns.status')}</th>
                  <th scope="col">{t('campaigns.created')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((s) => (
                  <tr key={s.id}>
                    <td><Link to={`/w/${slug}/senders/${s.id}`}>{s.name}</Link></td>
                    <td className="mono">{s.current_revision?.saddr ?? '—'}</td>
                    <td><SenderStatusBadge status={s.status} /></td>
                    <td>{formatDateTime(s.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </>
  );
}
