import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, query } from '../../api/client.js';
import type { z } from 'zod';
import type { Locale, temporaryPasswordAnswer, User, userAnswer, userSchema } from '../../../contract/users.js';
import { OnceSecret } from '../../components/copy-button.js';
import { CreateForm } from '../../components/create-form.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import { Field, focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { LanguageSelect } from '../../components/language-select.js';
import { Pager } from '../../components/pager.js';
import { Badge } from '../../components/status-badge.js';
import { useApiAction } from '../../components/use-api-action.js';
import { useDebounced } from '../../components/use-debounced.js';
import { usePagedList } from '../../components/use-paged-list.js';

type UserAnswer = z.infer<typeof userAnswer> | z.infer<typeof temporaryPasswordAnswer>;

export function UsersSection() {
  const { t } = useTranslation();
  const errorMessages = useErrorMessage();
  const form = useRef<HTMLFormElement>(null);
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const list = usePagedList<typeof userSchema>('/api/admin/users', query({ limit: 50, q: search }));
  const { error, run } = useApiAction(list.reload);
  const [draft, setDraft] = useState({ email: '', name: '', locale: 'en' as Locale, is_super_admin: false });
  const [errors, setErrors] = useState<{ email?: string; name?: string }>({});
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);

  function act(action: () => Promise<UserAnswer>) {
    setSecret(null);
    return run(async () => {
      const answer = await action();
      if ('temporary_password' in answer) setSecret({ email: answer.user.email, password: answer.temporary_password });
    });
  }
  const userAction = (u: User, what: 'block' | 'restore' | 'reset-password') => () => void act(() => post<typeof userAnswer | typeof temporaryPasswordAnswer>(`/api/admin/users/${u.id}/${what}`));

  async function create(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(draft.email.trim())) found.email = t('forms.email');
    if (!draft.name.trim()) found.name = t('forms.required');
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(form.current);
    if (await act(() => post<typeof temporaryPasswordAnswer>('/api/admin/users', { ...draft, email: draft.email.trim(), name: draft.name.trim() }))) setDraft({ email: '', name: '', locale: 'en', is_super_admin: false });
  }

  return (
    <div className="stack">
      <CreateForm formRef={form} testId="create-user-form" title={t('admin.newUser')} submitLabel={t('admin.createUser')} onSubmit={create} result={secret && <OnceSecret label={t('admin.temporaryPassword', { email: secret.email })} value={secret.password} testId="temporary-password" />}>
        <div className="grid-3">
          <Field label={t('login.email')} error={errors.email ?? (error ? errorMessages.fields(error).email : undefined)}>{(p) => <input {...p} name="new_user_email" type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />}</Field>
          <Field label={t('admin.name')} error={errors.name}>{(p) => <input {...p} name="new_user_name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</Field>
          <Field label={t('account.language')}>{(p) => <LanguageSelect {...p} value={draft.locale} onChange={(locale) => setDraft({ ...draft, locale })} />}</Field>
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.is_super_admin} onChange={(e) => setDraft({ ...draft, is_super_admin: e.target.checked })} />
          {t('admin.superAdmin')}
        </label>
      </CreateForm>
      <ErrorNotice error={list.error ?? error} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label><span>{t('common.search')}</span><input type="search" value={q} onChange={(e) => setQ(e.target.value)} /></label>
      </form>
      <section className="card card-flush">
        <DataTable
          testId="users-table"
          rows={list.items}
          rowKey={(u) => u.id}
          rowAttributes={(u) => ({ 'data-user': u.email })}
          columns={[
            {
              header: t('settings.person'),
              cell: (u) => <>{u.name} {u.is_super_admin && <Badge tone="info">{t('admin.superAdmin')}</Badge>}<div className="muted small">{u.email}</div></>,
            },
            { header: t('campaigns.status'), cell: (u) => <Badge tone={u.status === 'active' ? 'success' : 'danger'}>{t(`userStatus.${u.status}`)}</Badge> },
            { header: t('admin.lastLogin'), cell: (u) => formatDateTime(u.last_login_at) },
            {
              header: t('common.actions'),
              cellClassName: 'row',
              cell: (u) => (
                <>
                  {u.status === 'active' ? (
                    <button type="button" className="btn btn-ghost btn-small" onClick={userAction(u, 'block')}>{t('admin.block')}</button>
                  ) : (
                    <button type="button" className="btn btn-ghost btn-small" onClick={userAction(u, 'restore')}>{t('actions.restore')}</button>
                  )}
                  <button type="button" className="btn btn-ghost btn-small" onClick={userAction(u, 'reset-password')}>{t('admin.resetPassword')}</button>
                </>
              ),
            },
          ]}
        />
      </section>
      <Pager {...list} />
    </div>
  );
}
