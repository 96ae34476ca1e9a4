import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, post, wsPath } from '../../api/client.js';
import type { Workspace } from '../../api/types.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { Field, focusFirstError } from '../../components/field.js';
import { formatDateTime } from '../../components/format.js';
import { Badge } from '../../components/status-badge.js';
import { useApi } from '../../components/use-api.js';
import { useSession } from '../../session/session-context.js';

const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

export function WorkspacesSection() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const form = useRef<HTMLFormElement>(null);
  const list = useApi<{ items: Workspace[] }>('/api/workspaces');
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [errors, setErrors] = useState<{ name?: string; slug?: string }>({});
  const [error, setError] = useState<ApiFailure | null>(null);
  const items = list.data?.items ?? [];

  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      list.reload();
      await refresh();
      return true;
    } catch (err) {
      if (err instanceof ApiFailure) setError(err);
      return false;
    }
  }

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
      <form ref={form} className="card stack" onSubmit={create} noValidate data-testid="create-workspace-form">
        <h2>{t('admin.newWorkspace')}</h2>
        <div className="grid-2">
          <Field label={t('admin.workspaceName')} error={errors.name}>
            {(p) => <input {...p} name="workspace_name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t('admin.slug')} error={errors.slug} hint={t('admin.slugRule')}>
            {(p) => <input {...p} name="workspace_slug" value={slug} maxLength={40} onChange={(e) => setSlug(e.target.value.toLowerCase())} />}
          </Field>
        </div>
        <div><button type="submit" className="btn btn-primary">{t('admin.createWorkspace')}</button></div>
      </form>
      <ErrorNotice error={list.error ?? error} />
      <section className="card card-flush">
        <div className="table-wrap">
          <table className="table" data-testid="workspaces-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.workspaceName')}</th>
                <th scope="col">{t('admin.slug')}</th>
                <th scope="col">{t('campaigns.status')}</th>
                <th scope="col">{t('campaigns.created')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.id} data-workspace={w.slug}>
                  <td>{w.archived_at ? w.name : <Link to={`/w/${w.slug}/overview`}>{w.name}</Link>}</td>
                  <td className="mono">{w.slug}</td>
                  <td>{w.archived_at ? <Badge tone="muted">{t('admin.archived')}</Badge> : <Badge tone="success">{t('settings.active')}</Badge>}</td>
                  <td>{formatDateTime(w.created_at)}</td>
                  <td>
                    {!w.is_system && (
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => void run(() => post(wsPath(w.slug, w.archived_at ? '/restore' : '/archive')))}>
                        {w.archived_at ? t('actions.restore') : t('actions.archive')}
                      </button>
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
