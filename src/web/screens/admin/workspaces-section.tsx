import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { post, wsPath } from '../../api/client.js';
import type { myWorkspaceSchema } from '../../../contract/users.js';
import { CreateForm } from '../../components/create-form.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { useErrorMessage } from '../../components/use-error-message.js';
import { Field, focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Badge } from '../../components/status-badge.js';
import { Pager } from '../../components/pager.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useApiAction } from '../../components/use-api-action.js';
import { useSession } from '../../session/session-context.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

export function WorkspacesSection() {
  const { t } = useTranslation();
  const errorMessages = useErrorMessage();
  const { refresh } = useSession();
  const form = useRef<HTMLFormElement>(null);
  const list = usePagedList<typeof myWorkspaceSchema>('/api/workspaces', '?limit=50');
  // The workspace switcher lists workspaces from the session, so it is refreshed too.
  const { error, run } = useApiAction(async () => {
    list.reload();
    await refresh();
  });
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [errors, setErrors] = useState<{ name?: string; slug?: string }>({});

  async function create(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (!name.trim()) found.name = t('forms.required');
    if (!SLUG.test(slug) || slug === 'master' || slug === 'archive') found.slug = t('admin.slugRule');
    setErrors(found);
    if (Object.keys(found).length) return focusFirstError(form.current);
    if (await run(() => post('/api/workspaces', { name: name.trim(), slug }))) {
      setName('');
      setSlug('');
    }
  }

  return (
    <div className="stack">
      <CreateForm formRef={form} testId="create-workspace-form" title={t('admin.newWorkspace')} submitLabel={t('admin.createWorkspace')} onSubmit={create}>
        <div className="grid-2">
          <Field label={t('admin.workspaceName')} error={errors.name}>
            {(p) => <input {...p} name="workspace_name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('admin.slug')} error={errors.slug ?? (error ? errorMessages.fields(error).slug : undefined)} hint={t('admin.slugRule')}>
            {(p) => <input {...p} name="workspace_slug" value={slug} maxLength={40} onChange={(e) => setSlug(e.target.value.toLowerCase())} />}
          </Field>
        </div>
      </CreateForm>
      <ErrorNotice error={list.error ?? error} />
      <section className="card card-flush">
        <DataTable
          testId="workspaces-table"
          rows={list.items}
          rowKey={(w) => w.id}
          rowAttributes={(w) => ({ 'data-workspace': w.slug })}
          columns={[
            { header: t('admin.workspaceName'), cell: (w) => (w.archived_at ? w.name : <Link to={`/w/${w.slug}/overview`}>{w.name}</Link>) },
            { header: t('admin.slug'), cellClassName: 'mono', cell: (w) => w.slug },
            { header: t('campaigns.status'), cell: (w) => (w.archived_at ? <Badge tone="muted">{t('admin.archived')}</Badge> : <Badge tone="success">{t('settings.active')}</Badge>) },
            { header: t('campaigns.created'), cell: (w) => formatDateTime(w.created_at) },
            {
              header: t('common.actions'),
              cell: (w) =>
                !w.is_system && (
                  <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => post(wsPath(w.slug, w.archived_at ? '/restore' : '/archive')))}>
                    {w.archived_at ? t('actions.restore') : t('actions.archive')}
                  </button>
                ),
            },
          ]}
        />
        <Pager {...list} />
      </section>
    </div>
  );
}
