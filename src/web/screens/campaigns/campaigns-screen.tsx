import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiFailure, query, wsPath } from '../../api/client.js';
import type { Campaign, campaignSchema } from '../../../contract/campaigns.js';
import type { memberPage } from '../../../contract/workspaces.js';
import { campaignAction } from '../../components/campaign-actions.js';
import { CampaignTable } from '../../components/campaign-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { Pager } from '../../components/pager.js';
import { campaignBadge } from '../../components/status-badge.js';
import { useApi } from '../../components/use-api.js';
import { useDebounced } from '../../components/use-debounced.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useCoreStatus } from '../../core/core-status.js';
import { useCan } from '../../session/permissions.js';
import { CampaignFilters, emptyFilters } from './campaign-filters.js';

export function CampaignsScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const allowed = useCan();
  const { coreDown } = useCoreStatus();
  const [filters, setFilters] = useState(emptyFilters);
  const [actionError, setActionError] = useState<ApiFailure | null>(null);
  const debounced = useDebounced(filters);
  const params = query({ limit: 25, q: debounced.q, status: debounced.status, mode: debounced.mode, author: debounced.author, from: debounced.from ? new Date(`${debounced.from}T00:00:00`).toISOString() : '', to: debounced.to ? new Date(`${debounced.to}T23:59:59.999`).toISOString() : '' });
  const list = usePagedList<typeof campaignSchema>(wsPath(slug, '/campaigns'), params);
  // The author filter offers the first page of members (the list is paged; 200 is its maximum).
  const members = useApi<typeof memberPage>(wsPath(slug, '/members?limit=200'));

  async function start(c: Campaign) {
    setActionError(null);
    try {
      await campaignAction(slug, c, 'start');
      list.reload();
    } catch (err) {
      if (err instanceof ApiFailure) setActionError(err);
    }
  }

  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        actions={
          allowed('campaign.create') && (
            <Link to={`/w/${slug}/campaigns/new`} className={`btn btn-primary${coreDown ? ' disabled' : ''}`} aria-disabled={coreDown} onClick={(e) => coreDown && e.preventDefault()} data-testid="new-campaign">
              {t('campaigns.new')}
            </Link>
          )
        }
      />
      <CampaignFilters value={filters} onChange={setFilters} members={members.data?.items ?? []} />
      <ErrorNotice error={list.error ?? actionError} />
      <section className="card card-flush">
        <CampaignTable
          items={list.items}
          loading={list.loading}
          slugOf={() => slug}
          actions={(c) =>
            campaignBadge(c) === 'approved_start' && allowed('campaign.control', c.created_by) ? (
              <button type="button" className="btn btn-primary btn-small" disabled={coreDown} onClick={() => void start(c)}>
                {t('actions.start')}
              </button>
            ) : null
          }
        />
      </section>
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </>
  );
}
