import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, del, post, wsPath, type Page } from '../../api/client.js';
import type { ApiToken } from '../../api/types.js';
import { OnceSecret } from '../../components/copy-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { useApi } from '../../components/use-api.js';

/** Workspace API tokens for the trigger endpoint: the token is shown once, at creation. */
export function ApiTokensSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const list = useApi<Page<ApiToken>>(wsPath(slug, '/api-tokens'));
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setCreated(null);
    if (!name.trim()) return setNameError(t('forms.required'));
    setNameError(undefined);
    try {
      const answer = await post<{ api_token: ApiToken; token: string }>(wsPath(slug, '/api-tokens'), { name: name.trim() });
      setCreated(answer.token);
      setName('');
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  async function revoke(token: ApiToken) {
    try {
      await del(wsPath(slug, `/api-tokens/${token.id}`));
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
    }
  }

  return (
    <div className="stack">
      <form className="card stack" onSubmit={submit} noValidate>
        <h2>{t('settings.newToken')}</h2>
        <Field label={t('settings.tokenName')} error={nameError}>
          {(p) => <input {...p} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <ErrorNotice error={error} />
        <div><button type="submit" className="btn btn-primary">{t('settings.createToken')}</button></div>
        {created && <OnceSecret label={t('settings.tokenCreated')} value={created} testId="api-token" />}
      </form>
      <section className="card card-flush">
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('settings.tokenName')}</th>
                <th scope="col">{t('settings.prefix')}</th>
                <th scope="col">{t('settings.lastUsed')}</th>
                <th scope="col">{t('campaigns.status')}</th>
                <th scope="col"><span className="sr-only">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.items ?? []).map((tok) => (
                <tr key={tok.id}>
                  <td>{tok.name}</td>
                  <td className="mono">{tok.prefix}…</td>
                  <td>{formatDateTime(tok.last_used_at)}</td>
                  <td>{tok.revoked_at ? t('settings.revoked') : t('settings.active')}</td>
                  <td>{!tok.revoked_at && <button type="button" className="btn btn-ghost btn-small" onClick={() => void revoke(tok)}>{t('settings.revoke')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
