import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { SenderRevision } from '../../api/types.js';
import { formatDateTime } from '../../components/format.js';
import { useCan } from '../../session/permissions.js';
import { DecisionButtons } from './decision-buttons.js';

export function RevisionQueue({ slug, items, onDone }: { slug: string; items: SenderRevision[]; onDone(): void }) {
  const { t } = useTranslation();
  const allowed = useCan();
  if (items.length === 0) return <p className="empty">{t('moderation.emptyRevisions')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="moderation-revisions">
        <thead>
          <tr>
            <th scope="col">{t('senders.name')}</th>
            <th scope="col">{t('senders.revision')}</th>
            <th scope="col">{t('senders.saddr')}</th>
            <th scope="col">{t('senders.tonNpi')}</th>
            <th scope="col">{t('senders.reason')}</th>
            <th scope="col">{t('campaigns.created')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-revision={r.id}>
              <td><Link to={`/w/${slug}/senders/${r.sender_name_id}`}>{r.sender_name ?? r.saddr}</Link></td>
              <td>#{r.revision_number}</td>
              <td className="mono">{r.saddr}</td>
              <td className="mono">{r.ston}/{r.snpi} → {r.dton}/{r.dnpi}</td>
              <td>{r.reason ?? ''}</td>
              <td>{formatDateTime(r.created_at)}</td>
              <td>
                <DecisionButtons
                  allowed={allowed('sender.moderate_revision', r.created_by)}
                  approve={() => post(wsPath(slug, `/sender-revisions/${r.id}/approve`), {})}
                  reject={(note) => post(wsPath(slug, `/sender-revisions/${r.id}/reject`), { note })}
                  onDone={onDone}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
