import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../../api/client.js';
import type { auditEventSchema } from '../../../contract/operations.js';
import { AUDIT_ACTION_NAMES, AuditChangeList, auditActionLabel } from '../../components/audit-timeline.js';
import { DataTable } from '../../components/data-table.js';
import { DownloadButton } from '../../components/download-button.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { FilterSelect } from '../../components/filter-select.js';
import { formatDateTime } from '../../components/format.js';
import { Pager } from '../../components/pager.js';
import { useDebounced } from '../../components/use-debounced.js';
import { usePagedList } from '../../components/use-paged-list.js';
import en from '../../i18n/en.json' with { type: 'json' };
import { AuditObject } from './audit-object.js';

/** The kinds of object events are about (the message file names them all). */
const RESOURCE_TYPES = Object.keys(en.resourceType);

/** The audit log of one workspace (`/api/w/{slug}/audit`) or of all (`/api/audit`), with its CSV export. */
export function AuditView({ basePath }: { basePath: string }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ action: '', actor_email: '', resource_type: '', resource_id: '', from: '', to: '' });
  const f = useDebounced(filters);
  const params = query({
    action: f.action,
    actor_email: f.actor_email.trim(),
    resource_type: f.resource_type,
    resource_id: f.resource_id.trim(),
    from: f.from ? new Date(f.from).toISOString() : '',
    to: f.to ? new Date(`${f.to}T23:59:59`).toISOString() : '',
  });
  const list = usePagedList<typeof auditEventSchema>(basePath, query({ limit: 50 }) + (params ? `&${params.slice(1)}` : ''));
  const set = (key: keyof typeof filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
  return (
    <>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect label={t('audit.action')} value={filters.action} onChange={(action) => setFilters({ ...filters, action })} options={AUDIT_ACTION_NAMES.map((a) => ({ value: a, label: auditActionLabel(a, t) }))} />
        <label><span>{t('audit.actorEmail')}</span><input type="email" value={filters.actor_email} onChange={set('actor_email')} data-testid="audit-filter-actor" /></label>
        <FilterSelect
          label={t('audit.resourceType')}
          value={filters.resource_type}
          onChange={(resource_type) => setFilters({ ...filters, resource_type })}
          options={RESOURCE_TYPES.map((r) => ({ value: r, label: t(`resourceType.${r}`) }))}
        />
        <label><span>{t('audit.resourceId')}</span><input type="text" value={filters.resource_id} onChange={set('resource_id')} data-testid="audit-filter-resource-id" /></label>
        <label><span>{t('campaigns.from')}</span><input type="date" value={filters.from} onChange={set('from')} /></label>
        <label><span>{t('campaigns.to')}</span><input type="date" value={filters.to} onChange={set('to')} /></label>
        <DownloadButton href={`${basePath}.csv${params}`} label={t('audit.exportCsv')} testId="audit-csv" />
      </form>
      <ErrorNotice error={list.error} />
      <section className="card card-flush">
        <DataTable
          testId="audit-table"
          empty={t('audit.empty')}
          rows={list.items}
          rowKey={(e) => e.id}
          columns={[
            { header: t('audit.time'), cell: (e) => formatDateTime(e.ts) },
            { header: t('audit.action'), cell: (e) => auditActionLabel(e.action, t) },
            { header: t('audit.actor'), cell: (e) => e.actor.email ?? t(`actorType.${e.actor.type}`, { defaultValue: e.actor.type }) },
            { header: t('audit.resource'), cell: (e) => <AuditObject event={e} /> },
            { header: t('audit.changes'), cell: (e) => <AuditChangeList event={e} /> },
            { header: t('audit.ip'), cellClassName: 'mono small', cell: (e) => e.ip ?? '' },
          ]}
        />
      </section>
      <Pager {...list} />
    </>
  );
}
