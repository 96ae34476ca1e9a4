import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/roles.js';
import { del, patch, wsPath } from '../../api/client.js';
import type { Member as MemberRow, memberSchema } from '../../../contract/workspaces.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { useApiAction } from '../../components/use-api-action.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useMe } from '../../session/session-context.js';
import { RoleSelect } from './role-select.js';

export function MembersSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const list = usePagedList<typeof memberSchema>(wsPath(slug, '/members'), '?limit=50');
  const { error, run } = useApiAction(list.reload);
  const change = (m: MemberRow, role: Role, isModerator: boolean) => run(() => patch(wsPath(slug, `/members/${m.user_id}`), { role, is_moderator: isModerator }));
  const isSelf = (m: MemberRow) => m.user_id === me.user.id;

  return (
    <section className="card card-flush">
      <ErrorNotice error={list.error ?? error} />
      <DataTable
        testId="members-table"
        rows={list.items}
        rowKey={(m) => m.user_id}
        columns={[
          { header: t('settings.person'), cell: (m) => <>{m.name}<div className="muted small">{m.email}</div></> },
          { header: t('settings.role'), cell: (m) => <RoleSelect label={t('settings.roleOf', { name: m.name })} value={m.role} disabled={isSelf(m)} onChange={(r) => void change(m, r, m.is_moderator)} /> },
          {
            header: t('settings.moderatorFlag'),
            cell: (m) => <input type="checkbox" aria-label={t('settings.moderatorFlag')} checked={m.is_moderator} disabled={isSelf(m) || m.role !== 'author'} onChange={(e) => void change(m, m.role, e.target.checked)} />,
          },
          { header: t('settings.since'), cell: (m) => formatDateTime(m.created_at) },
          {
            header: <span className="sr-only">{t('common.actions')}</span>,
            cell: (m) => !isSelf(m) && <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => del(wsPath(slug, `/members/${m.user_id}`)))}>{t('settings.remove')}</button>,
          },
        ]}
      />
      <Pager {...list} />
    </section>
  );
}
