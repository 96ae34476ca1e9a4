import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../domain/roles.js';
import { ApiFailure, del, post, wsPath, type Page } from '../../api/client.js';
import type { Invitation } from '../../api/types.js';
import { OnceSecret } from '../../components/copy-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Badge } from '../../components/status-badge.js';
import { useApi } from '../../components/use-api.js';
import { RoleSelect } from './role-select.js';

export function InvitationsSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const list = useApi<Page<Invitation>>(wsPath(slug, '/invitations'));
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('author');
  const [isModerator, setIsModerator] = useState(false);
  const [emailError, setEmailError] = useState<string | undefined>();
  const [error, setError] = useState<ApiFailure | null>(null);
  const [link, setLink] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setLink(null);
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) {
      setEmailError(t('forms.email'));
      return focusFirstError(form.current);
    }
    setEmailError(undefined);
    try {
      // Without SMTP the server returns the link, to be handed over by the admin (shown once).
      const created = await post<{ invitation: Invitation; mailed: boolean; invite_url: string | null }>(wsPath(slug, '/invitations'), { email: email.trim(), role, is_moderator: role === 'author' && isModerator });
      setLink(created.invite_url ?? t('settings.invitationMailed'));
      setEmail('');
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  async function revoke(inv: Invitation) {
    try {
      await del(wsPath(slug, `/invitations/${inv.id}`));
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <div className="stack">
      <form ref={form} className="card stack" onSubmit={submit} noValidate data-testid="invite-form">
        <h2>{t('settings.inviteMember')}</h2>
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
        <div><button type="submit" className="btn btn-primary">{t('settings.sendInvitation')}</button></div>
        {link && <OnceSecret label={t('settings.invitationLink')} value={link} testId="invitation-link" />}
      </form>
      <section className="card card-flush">
        <div className="table-wrap">
          <table className="table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">{t('login.email')}</th>
                <th scope="col">{t('settings.role')}</th>
                <th scope="col">{t('campaigns.status')}</th>
                <th scope="col">{t('settings.expires')}</th>
                <th scope="col"><span className="sr-only">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.items ?? []).map((inv) => (
                <tr key={inv.id}>
                  <td>{inv.email}</td>
                  <td>{t(`roles.${inv.role}`)}{inv.is_moderator ? ` ${t('settings.plusModerator')}` : ''}</td>
                  <td><Badge tone={inv.status === 'pending' ? 'info' : 'muted'}>{t(`invitationStatus.${inv.status}`)}</Badge></td>
                  <td>{formatDateTime(inv.expires_at)}</td>
                  <td>
                    {inv.status === 'pending' && (
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void revoke(inv)}>{t('settings.revoke')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
