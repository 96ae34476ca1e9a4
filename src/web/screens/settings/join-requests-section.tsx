import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post, wsPath, type Page } from '../../api/client.js';
import type { JoinRequest } from '../../api/types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { useApi } from '../../components/use-api.js';

export function JoinRequestsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const list = useApi<Page<JoinRequest>>(wsPath(slug, '/join-requests'));
  const [error, setError] = useState<ApiFailure | null>(null);
  const decide = async (r: JoinRequest, decision: 'approve' | 'reject') => {
    setError(null);
    try {
      await post(wsPath(slug, `/join-requests/${r.id}/${decision}`), decision === 'approve' ? { role: 'author', is_moderator: false } : {});
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  };
  const items = list.data?.items ?? [];
  return (
    <section className="card card-flush">
      <ErrorNotice error={list.error ?? error} />
      {items.length === 0 ? (
        <p className="empty">{t('settings.noJoinRequests')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('settings.person')}</th>
                <th scope="col">{t('settings.message')}</th>
                <th scope="col">{t('campaigns.created')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>{r.user_name ?? r.user_id}<div className="muted small">{r.user_email}</div></td>
                  <td>{r.message}</td>
                  <td>{formatDateTime(r.created_at)}</td>
                  <td>
                    {r.status === 'pending' ? (
                      <div className="row">
                        <button type="button" className="btn btn-primary btn-small" onClick={() => void decide(r, 'approve')}>{t('actions.approve')}</button>
                        <button type="button" className="btn btn-danger btn-small" onClick={() => void decide(r, 'reject')}>{t('actions.reject')}</button>
                      </div>
                    ) : (
                      t(`joinStatus.${r.status}`)
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
