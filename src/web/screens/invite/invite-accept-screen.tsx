// /invite/:token — the e-mailed link. Existing users sign in and accept; new users choose a name and password.
import { useRef, useState, type FormEvent } from 'react';
import { useDocumentTitle } from '../../components/document-title.js';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post } from '../../api/client.js';
import type { invitationPreviewAnswer } from '../../../contract/workspaces.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { useApi } from '../../components/use-api.js';
import { useSession } from '../../session/session-context.js';

export function InviteAcceptScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('invite.title'));
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { me, refresh } = useSession();
  const form = useRef<HTMLFormElement>(null);
  const preview = useApi<typeof invitationPreviewAnswer>(`/api/invitations/${encodeURIComponent(token)}`);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});
  const [error, setError] = useState<ApiFailure | null>(null);
  const inv = preview.data?.invitation;
  const needsAccount = inv ? !inv.account_exists : false;
  const mustSignIn = inv?.account_exists && (!me || me.user.email.toLowerCase() !== inv.email.toLowerCase());

  async function accept(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const found: typeof errors = {};
    if (needsAccount && !name.trim()) found.name = t('forms.required');
    if (needsAccount && (password.length < 8 || password.length > 128)) found.password = t('password.lengthRule');
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(form.current);
    try {
      await post(`/api/invitations/${encodeURIComponent(token)}/accept`, needsAccount ? { name: name.trim(), password } : {});
      await refresh();
      navigate(inv ? `/w/${inv.workspace.slug}/overview` : '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <main className="auth-page">
      <form ref={form} className="card auth-card stack" onSubmit={accept} noValidate>
        <h1>{t('invite.title')}</h1>
        <ErrorNotice error={preview.error} />
        {inv && (
          <>
            <p data-testid="invite-summary">{t('invite.summary', { workspace: inv.workspace.name, role: t(`roles.${inv.role}`), email: inv.email })}</p>
            {mustSignIn ? (
              <p>
                {t('invite.signInFirst')} <Link to="/login" state={{ from: `/invite/${token}` }}>{t('login.submit')}</Link>
              </p>
            ) : (
              <>
                {needsAccount && (
                  <>
                    <Field label={t('admin.name')} error={errors.name}>{(p) => <input {...p} name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}</Field>
                    <Field label={t('password.new')} error={errors.password} hint={t('password.lengthRule')}>
                      {(p) => <input {...p} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
                    </Field>
                  </>
                )}
                <ErrorNotice error={error} />
                <button type="submit" className="btn btn-primary btn-block">{t('invite.accept')}</button>
              </>
            )}
          </>
        )}
      </form>
    </main>
  );
}
