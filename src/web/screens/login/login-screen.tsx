import { useDocumentTitle } from '../../components/document-title.js';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post } from '../../api/client.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import { useSession } from '../../session/session-context.js';

export function LoginScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.submit'));
  const errorMessages = useErrorMessage();
  const { refresh, ended } = useSession();
  const navigate = useNavigate();
  const form = useRef<HTMLFormElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!email.trim()) found.email = t('forms.required');
    if (!password) found.password = t('forms.required');
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return focusFirstError(form.current);
    setBusy(true);
    try {
      await post('/api/auth/login', { email: email.trim(), password });
      const me = await refresh();
      navigate(me?.user.must_change_password ? '/change-password' : '/', { replace: true });
    } catch (err) {
      setFailure(errorMessages.message(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err))));
      window.requestAnimationFrame(() => form.current?.querySelector<HTMLInputElement>('input[name="password"]')?.focus());
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form ref={form} className="card auth-card" onSubmit={submit} noValidate>
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">MC</span>
          <h1>{t('app.name')}</h1>
        </div>
        <p className="muted">{t('login.subtitle')}</p>
        <Field label={t('login.email')} error={errors.email}>
          {(p) => <input {...p} name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('login.password')} error={errors.password}>
          {(p) => <input {...p} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {/* Why a session in use ended (signed out elsewhere, role changed): until the person tries again. */}
        {!failure && <ErrorNotice error={ended} />}
        {failure && (
          <p className="notice notice-error" role="alert" data-testid="login-error">
            {failure}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
