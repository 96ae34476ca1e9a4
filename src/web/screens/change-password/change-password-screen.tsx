import { useDocumentTitle } from '../../components/document-title.js';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession, useMe } from '../../session/session-context.js';
import { PasswordForm } from './password-form.js';

/** Shown right after sign-in while `must_change_password` is set: nothing else works until then. */
export function ChangePasswordScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('password.requiredTitle'));
  const me = useMe();
  const { refresh, logout } = useSession();
  const navigate = useNavigate();
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <h1>{t('password.requiredTitle')}</h1>
        <p className="muted">{t('password.requiredHelp')}</p>
        <PasswordForm
          email={me.user.email}
          onChanged={async () => {
            await refresh();
            navigate('/', { replace: true });
          }}
        />
        <button type="button" className="btn btn-ghost" onClick={() => void logout().then(() => navigate('/login'))}>
          {t('nav.signOut')}
        </button>
      </div>
    </main>
  );
}
