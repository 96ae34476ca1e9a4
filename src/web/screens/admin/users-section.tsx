import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post, query } from '../../api/client.js';
import type { Locale, User } from '../../api/types.js';
import { OnceSecret } from '../../components/copy-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { Badge } from '../../components/status-badge.js';
import { useDebounced } from '../../components/use-debounced.js';
import { usePagedList } from '../../components/use-paged-list.js';

export function UsersSection() {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const list = usePagedList<User>('/api/admin/users', query({ limit: 50, q: search }));
  const [draft, setDraft] = useState({ email: '', name: '', locale: 'en' as Locale, is_super_admin: false });
  const [errors, setErrors] = useState<{ email?: string; name?: string }>({});
  const [error, setError] = useState<ApiFailure | null>(null);
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);

  async function act(action: () => Promise<{ user: User; temporary_password?: string }>) {
    setError(null);
    setSecret(null);
    try {
      const answer = await action();
      if (answer.temporary_password) setSecret({ email: answer.user.email, password: answer.temporary_password });
      list.reload();
      return true;
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
      return false;
    }
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(draft.email.trim())) found.email = t('forms.email');
    if (!draft.name.trim()) found.name = t('forms.required');
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(form.current);
    if (await act(() => post('/api/admin/users', { ...draft, email: draft.email.trim(), name: draft.name.trim() }))) setDraft({ email: '', name: '', locale: 'en', is_super_admin: false });
  }

  return (
    <div className="stack">
      <form ref={form} className="card stack" onSubmit={create} noValidate data-testid="create-user-form">
        <h2>{t('admin.newUser')}</h2>
        <div className="grid-3">
          <Field label={t('login.email')} error={errors.email}>{(p) => <input {...p} name="new_user_email" type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />}</Field>
          <Field label={t('admin.name')} error={errors.name}>{(p) => <input {...p} name="new_user_name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
          <Field label={t('account.language')}>
            {(p) => (
              <select {...p} value={draft.locale} onChange={(e) => setDraft({ ...draft, locale: e.target.value as Locale })}>
                <option value="en">English</option>
                <option value="ru">Русский</option>
                <option value="uz">Oʻzbekcha</option>
              </select>
            )}
          </Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.is_super_admin} onChange={(e) => setDraft({ ...draft, is_super_admin: e.target.checked })} />
          {t('admin.superAdmin')}
        </label>
        <div><button type="submit" className="btn btn-primary">{t('admin.createUser')}</button></div>
        {secret && <OnceSecret label={t('admin.temporaryPassword', { email: secret.email })} value={secret.password} testId="temporary-password" />}
      </form>
      <ErrorNotice error={list.error ?? error} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label><span>{t('common.search')}</span><input type="search" value={q} onChange={(e) => setQ(e.target.value)} /></label>
      </form>
      <section className="card card-flush">
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.person')}</th>
                <th scope="col">{t('campaigns.status')}</th>
                <th scope="col">{t('admin.lastLogin')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((u) => (
                <tr key={u.id} data-user={u.email}>
                  <td>
                    {u.name} {u.is_super_admin && <Badge tone="info">{t('admin.superAdmin')}</Badge>}
                    <div className="muted small">{u.email}</div>
                  </td>
                  <td><Badge tone={u.status === 'active' ? 'success' : 'danger'}>{t(`userStatus.${u.status}`)}</Badge></td>
                  <td>{formatDateTime(u.last_login_at)}</td>
                  <td className="row">
                    {u.status === 'active' ? (
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void act(() => post(`/api/admin/users/${u.id}/block`))}>{t('admin.block')}</button>
                    ) : (
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void act(() => post(`/api/admin/users/${u.id}/restore`))}>{t('actions.restore')}</button>
                    )}
                    <button type="button" className="btn btn-ghost btn-small" onClick={() => void act(() => post(`/api/admin/users/${u.id}/reset-password`))}>{t('admin.resetPassword')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </div>
  );
}
