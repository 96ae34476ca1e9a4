import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, patch } from '../../api/client.js';
import type { Locale, userAnswer } from '../../../contract/users.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field } from '../../components/field.js';
import { LanguageSelect } from '../../components/language-select.js';
import { PageHeader } from '../../components/page-header.js';
import { consoleLocale } from '../../i18n/languages.js';
import { useMe, useSession } from '../../session/session-context.js';
import { PasswordForm } from '../change-password/password-form.js';

export function AccountScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const { setMe } = useSession();
  const [name, setName] = useState(me.user.name);
  const [locale, setLocale] = useState<Locale>(consoleLocale(me.user.locale));
  const [error, setError] = useState<ApiFailure | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const answer = await patch<typeof userAnswer>('/api/me', { name: name.trim(), locale });
      setMe({ ...me, user: answer.user });
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <>
      <PageHeader title={t('account.title')} subtitle={me.user.email} />
      <div className="grid-2">
        <form className="card stack" onSubmit={submit} noValidate data-testid="profile-form">
          <h2>{t('account.profile')}</h2>
          <Field label={t('admin.name')}>{(p) => <input {...p} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}</Field>
          <Field label={t('account.language')}>
            {(p) => <LanguageSelect {...p} name="locale" value={locale} onChange={setLocale} />}
          </Field>
          <ErrorNotice error={error} />
          {saved && <p className="notice notice-success" role="status">{t('common.saved')}</p>}
          <div><button type="submit" className="btn btn-primary">{t('common.save')}</button></div>
        </form>
        <section className="card">
          <h2>{t('account.password')}</h2>
          <PasswordForm email={me.user.email} onChanged={(user) => setMe({ ...me, user })} />
        </section>
      </div>
    </>
  );
}
