import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post, wsPath } from '../../api/client.js';
import type { apiTokenSchema, createdApiTokenAnswer } from '../../../contract/workspaces.js';
import { OnceSecret } from '../../components/copy-button.js';
import { CreateForm } from '../../components/create-form.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { useApiAction } from '../../components/use-api-action.js';
import { usePagedList } from '../../components/use-paged-list.js';

/** Workspace API tokens for the trigger endpoint: the token is shown once, at creation. */
export function ApiTokensSection({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const list = usePagedList<typeof apiTokenSchema>(wsPath(slug, '/api-tokens'), '?limit=50');
  const { error, run, clearError } = useApiAction(list.reload);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [created, setCreated] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    clearError();
    setCreated(null);
    if (!name.trim()) return setNameError(t('forms.required'));
    setNameError(undefined);
    await run(async () => {
      const answer = await post<typeof createdApiTokenAnswer>(wsPath(slug, '/api-tokens'), { name: name.trim() });
      setCreated(answer.token);
      setName('');
    });
  }

  return (
    <div className="stack">
      <CreateForm title={t('settings.newToken')} submitLabel={t('settings.createToken')} onSubmit={submit} result={created && <OnceSecret label={t('settings.tokenCreated')} value={created} testId="api-token" />}>
        <Field label={t('settings.tokenName')} error={nameError}>
          {(p) => <input {...p} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <ErrorNotice error={error} />
      </CreateForm>
      <section className="card card-flush">
        <DataTable
          rows={list.items}
          rowKey={(tok) => tok.id}
          columns={[
            { header: t('settings.tokenName'), cell: (tok) => tok.name },
            { header: t('settings.prefix'), cellClassName: 'mono', cell: (tok) => `${tok.prefix}…` },
            { header: t('settings.lastUsed'), cell: (tok) => formatDateTime(tok.last_used_at) },
            { header: t('campaigns.status'), cell: (tok) => (tok.revoked_at ? t('settings.revoked') : t('settings.active')) },
            {
              header: <span className="sr-only">{t('common.actions')}</span>,
              cell: (tok) => !tok.revoked_at && <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => del(wsPath(slug, `/api-tokens/${tok.id}`)))}>{t('settings.revoke')}</button>,
            },
          ]}
        />
        <Pager {...list} />
      </section>
    </div>
  );
}
