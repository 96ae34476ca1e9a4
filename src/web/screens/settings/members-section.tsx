import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/roles.js';
import { ApiFailure, del, patch, wsPath, type Page } from '../../api/client.js';
import type { MemberRow } from '../../api/types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { useApi } from '../../components/use-api.js';
import { useMe } from '../../session/session-context.js';
import { RoleSelect } from './role-select.js';

export function MembersSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const list = useApi<Page<MemberRow>>(wsPath(slug, '/members'));
  const [error, setError] = useState<ApiFailure | null>(null);

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }
  const change = (m: MemberRow, role: Role, isModerator: boolean) => run(() => patch(wsPath(slug, `/members/${m.user_id}`), { role, is_moderator: isModerator }));

  return (
    <section className="card card-flush">
      <ErrorNotice error={list.error ?? error} />
      <div className="table-wrap">
        <table className="table" data-testid="members-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.person')}</th>
              <th scope="col">{t('settings.role')}</th>
              <th scope="col">{t('settings.moderatorFlag')}</th>
              <th scope="col">{t('settings.since')}</th>
              <th scope="col"><span className="sr-only">{t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((m) => {
              const self = m.user_id === me.user.id;
              return (
                <tr key={m.user_id}>
                  <td>{m.name}<div className="muted small">{m.email}</div></td>
                  <td><RoleSelect value={m.role} disabled={self} onChange={(r) => void change(m, r, m.is_moderator)} /></td>
                  <td>
                    <input type="checkbox" aria-label={t('settings.moderatorFlag')} checked={m.is_moderator} disabled={self || m.role !== 'author'} onChange={(e) => void change(m, m.role, e.target.checked)} />
                  </td>
                  <td>{formatDateTime(m.created_at)}</td>
                  <td>
                    {!self && (
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => del(wsPath(slug, `/members/${m.user_id}`)))}>
                        {t('settings.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
