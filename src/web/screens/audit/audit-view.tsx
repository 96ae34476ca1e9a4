import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../../api/client.js';
import type { AuditEvent } from '../../api/types.js';
import { AUDIT_ACTION_NAMES, auditActionLabel } from '../../components/audit-timeline.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { useDebounced } from '../../components/use-debounced.js';
import { usePagedList } from '../../components/use-paged-list.js';

/** The audit log of one workspace (`/api/w/{slug}/audit`) or of all (`/api/audit`), with its CSV export. */
export function AuditView({ basePath }: { basePath: string }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ action: '', actor_email: '', from: '', to: '' });
  const f = useDebounced(filters);
  const params = query({ action: f.action, actor_email: f.actor_email.trim(), from: f.from ? new Date(f.from).toISOString() : '', to: f.to ? new Date(`${f.to}T23:59:59`).toISOString() : '' });
  const list = usePagedList<AuditEvent>(basePath, query({ limit: 50 }) + (params ? `&${params.slice(1)}` : ''));
  const set = (key: keyof typeof filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('audit.action')}</span>
          <select value={filters.action} onChange={set('action')}>
            <option value="">{t('common.all')}</option>
            {AUDIT_ACTION_NAMES.map((a) => (
              <option key={a} value={a}>{auditActionLabel(a, t)}</option>
            ))}
          </select>
        </label>
        <label><span>{t('audit.actorEmail')}</span><input type="email" value={filters.actor_email} onChange={set('actor_email')} /></label>
        <label><span>{t('campaigns.from')}</span><input type="date" value={filters.from} onChange={set('from')} /></label>
        <label><span>{t('campaigns.to')}</span><input type="date" value={filters.to} onChange={set('to')} /></label>
        <a className="btn btn-secondary" href={`${basePath}.csv${params}`} download data-testid="audit-csv">{t('audit.exportCsv')}</a>
      </form>
      <ErrorNotice error={list.error} />
      <section className="card card-flush">
        {list.items.length === 0 ? (
          <p className="empty">{t('audit.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.resource')}</th>
                  <th scope="col">{t('audit.ip')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.ts)}</td>
                    <td>{auditActionLabel(e.action, t)}</td>
                    <td>{e.actor.email ?? t(`actorType.${e.actor.type}`, { defaultValue: e.actor.type })}</td>
                    <td>
                      {e.resource ? t(`resourceType.${e.resource.type}`, { defaultValue: e.resource.type }) : ''}
                      <div className="mono small muted">{e.resource?.id ?? ''}</div>
                    </td>
                    <td className="mono small">{e.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </>
  );
}
