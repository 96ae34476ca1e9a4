import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post, wsPath } from '../../api/client.js';
import type { Sender, SenderRevision } from '../../api/types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { PageHeader } from '../../components/page-header.js';
import { SenderStatusBadge } from '../../components/status-badge.js';
import { useApi } from '../../components/use-api.js';
import { useCan } from '../../session/permissions.js';
import { AddressForm, addressBody } from './address-form.js';

export function SenderDetailScreen() {
  const { t } = useTranslation();
  const { slug = '', senderId = '' } = useParams();
  const allowed = useCan();
  const sender = useApi<{ sender: Sender; revisions: SenderRevision[] }>(wsPath(slug, `/senders/${senderId}`));
  const [proposing, setProposing] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const s = sender.data?.sender;
  if (!s) return <ErrorNotice error={sender.error} />;
  const revisions = [...(sender.data?.revisions ?? [])].sort((a, b) => b.revision_number - a.revision_number);

  async function archive() {
    setError(null);
    try {
      await post(wsPath(slug, `/senders/${senderId}/archive`), {});
      sender.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

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
              <button type="button" className="btn btn-secondary" onClick={() => void archive()}>{t('actions.archive')}</button>
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
            sender.reload();
          }}
        />
      )}
      <section className="card card-flush">
        <h2 className="card-title">{t('senders.revisions')}</h2>
        <div className="table-wrap">
          <table className="table" data-testid="revisions-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('senders.saddr')}</th>
                <th scope="col">{t('senders.tonNpi')}</th>
                <th scope="col">{t('campaigns.status')}</th>
                <th scope="col">{t('senders.reason')}</th>
                <th scope="col">{t('senders.decisionNote')}</th>
                <th scope="col">{t('campaigns.created')}</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.id} className={r.id === s.current_revision_id ? 'row-current' : undefined}>
                  <td>{r.revision_number}</td>
                  <td className="mono">{r.saddr}</td>
                  <td className="mono">{r.ston}/{r.snpi} → {r.dton}/{r.dnpi}</td>
                  <td><SenderStatusBadge status={r.status} /></td>
                  <td>{r.reason ?? ''}</td>
                  <td>{r.decision_note ?? ''}</td>
                  <td>{formatDateTime(r.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
