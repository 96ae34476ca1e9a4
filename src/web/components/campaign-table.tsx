import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../contract/campaigns.js';
import { DataTable } from './data-table.js';
import { formatDateTime, formatNumber } from './format.js';
import { CampaignStatusBadge } from './status-badge.js';

/** The campaign columns shared by the Campaigns list, Archive and Master views. */
export function CampaignTable({ items, loading = false, slugOf, actions, showWorkspace = false }: {
  items: Campaign[];
  loading?: boolean;
  slugOf(c: Campaign): string;
  actions?: (c: Campaign) => ReactNode;
  showWorkspace?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <DataTable
      testId="campaign-table"
      empty={loading ? t('common.loading') : t('campaigns.empty')}
      rows={items}
      rowKey={(c) => c.external_id}
      rowAttributes={(c) => ({ 'data-campaign': c.external_id })}
      columns={[
        {
          header: t('campaigns.name'),
          cell: (c) => <><Link to={`/w/${slugOf(c)}/campaigns/${c.external_id}`}>{c.name}</Link><div className="muted small mono">{c.external_id.slice(0, 8)}</div></>,
        },
        showWorkspace && { header: t('campaigns.workspace'), cell: slugOf },
        { header: t('campaigns.status'), cell: (c) => <CampaignStatusBadge campaign={c} /> },
        { header: t('campaigns.mode'), cell: (c) => t(`mode.${c.mode}`) },
        { header: t('campaigns.sender'), cell: (c) => c.sender?.saddr ?? '—' },
        { header: t('campaigns.recipients'), numeric: true, cell: (c) => formatNumber(c.recipients?.accepted ?? c.progress?.total ?? null) },
        { header: t('progress.delivered'), numeric: true, cell: (c) => formatNumber(c.progress?.delivered ?? null) },
        { header: t('campaigns.created'), cell: (c) => formatDateTime(c.created_at) },
        actions !== undefined && { header: <span className="sr-only">{t('common.actions')}</span>, cellClassName: 'row-actions', cell: actions },
      ]}
    />
  );
}
