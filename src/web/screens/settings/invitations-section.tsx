import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/roles.js';
import { del, post, wsPath } from '../../api/client.js';
import type { createdInvitationAnswer, invitationSchema } from '../../../contract/workspaces.js';
import { OnceSecret } from '../../components/copy-button.js';
import { CreateForm } from '../../components/create-form.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { Badge } from '../../components/status-badge.js';
import { useApiAction } from '../../components/use-api-action.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { RoleSelect } from './role-select.js';

export function InvitationsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const list = usePagedList<typeof invitationSchema>(wsPath(slug, '/invitations'), '?limit=50');
  const { error, run, clearError } = useApiAction(list.reload);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('author');
  const [isModerator, setIsModerator] = useState(false);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [link, setLink] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    clearError();
    setLink(null);
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) {
      setEmailError(t('forms.email'));
      return focusFirstError(form.current);
    }
    setEmailError(undefined);
    await run(async () => {
      // Without SMTP the server returns the link, to be handed over by the admin (shown once).
      const created = await post<typeof createdInvitationAnswer>(wsPath(slug, '/invitations'), { email: email.trim(), role, is_moderator: role === 'author' && isModerator });
      setLink(created.invite_url ?? t('settings.invitationMailed'));
      setEmail('');
    });
  }

  return (
    <div className="stack">
      <CreateForm formRef={form} testId="invite-form" title={t('settings.inviteMember')} submitLabel={t('settings.sendInvitation')} onSubmit={submit} result={link && <OnceSecret label={t('settings.invitationLink')} value={link} testId="invitation-link" />}>
        <div className="grid-3">
          <Field label={t('login.email')} error={emailError}>
            {(p) => <input {...p} name="invite_email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label={t('settings.role')}>{(p) => <RoleSelect id={p.id} value={role} onChange={setRole} />}</Field>
          <label className="check check-inline">
            <input type="checkbox" checked={isModerator} disabled={role !== 'author'} onChange={(e) => setIsModerator(e.target.checked)} />
            {t('settings.plusModerator')}
          </label>
        </div>
        <ErrorNotice error={error} />
      </CreateForm>
      <section className="card card-flush">
        <DataTable
          testId="invitations-table"
          rows={list.items}
          rowKey={(inv) => inv.id}
          columns={[
            { header: t('login.email'), cell: (inv) => inv.email },
            { header: t('settings.role'), cell: (inv) => <>{t(`roles.${inv.role}`)}{inv.is_moderator ? ` ${t('settings.plusModerator')}` : ''}</> },
            { header: t('campaigns.status'), cell: (inv) => <Badge tone={inv.status === 'pending' ? 'info' : 'muted'}>{t(`invitationStatus.${inv.status}`)}</Badge> },
            { header: t('settings.expires'), cell: (inv) => formatDateTime(inv.expires_at) },
            {
              header: <span className="sr-only">{t('common.actions')}</span>,
              cell: (inv) => inv.status === 'pending' && <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => del(wsPath(slug, `/invitations/${inv.id}`)))}>{t('settings.revoke')}</button>,
            },
          ]}
        />
        <Pager {...list} />
      </section>
    </div>
  );
}
