import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { JoinRequest, joinRequestSchema } from '../../../contract/workspaces.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { useApiAction } from '../../components/use-api-action.js';
import { usePagedList } from '../../components/use-paged-list.js';

export function JoinRequestsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const list = usePagedList<typeof joinRequestSchema>(wsPath(slug, '/join-requests'), '?limit=50');
  const { error, run } = useApiAction(list.reload);
  const decide = (r: JoinRequest, decision: 'approve' | 'reject') =>
    run(() => post(wsPath(slug, `/join-requests/${r.id}/${decision}`), decision === 'approve' ? { role: 'author', is_moderator: false } : {}));
  return (
    <section className="card card-flush">
      <ErrorNotice error={list.error ?? error} />
      <DataTable
        empty={t('settings.noJoinRequests')}
        rows={list.items}
        rowKey={(r) => r.id}
        columns={[
          { header: t('settings.person'), cell: (r) => <>{r.user_name ?? r.user_id}<div className="muted small">{r.user_email}</div></> },
          { header: t('settings.message'), cell: (r) => r.message },
          { header: t('campaigns.created'), cell: (r) => formatDateTime(r.created_at) },
          {
            header: t('common.actions'),
            cell: (r) =>
              r.status === 'pending' ? (
                <div className="row">
                  <button type="button" className="btn btn-primary btn-small" onClick={() => void decide(r, 'approve')}>{t('actions.approve')}</button>
                  <button type="button" className="btn btn-danger btn-small" onClick={() => void decide(r, 'reject')}>{t('actions.reject')}</button>
                </div>
              ) : (
                t(`joinStatus.${r.status}`)
              ),
          },
        ]}
      />
      <Pager {...list} />
    </section>
  );
}
