import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../api/types.js';
import { formatDateTime, formatNumber } from './format.js';
import { CampaignStatusBadge } from './status-badge.js';

/** The campaign columns shared by the Campaigns list, Archive and Master views. */
export function CampaignTable({ items, loading = false, slugOf, actions, showWorkspace = false }: { items: Campaign[]; loading?: boolean; slugOf(c: Campaign): string; actions?: (c: Campaign) => ReactNode; showWorkspace?: boolean }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="empty">{loading ? t('common.loading') : t('campaigns.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="campaign-table">
        <thead>
          <tr>
            <th scope="col">{t('campaigns.name')}</th>
            {showWorkspace && <th scope="col">{t('campaigns.workspace')}</th>}
            <th scope="col">{t('campaigns.status')}</th>
            <th scope="col">{t('campaigns.mode')}</th>
            <th scope="col">{t('campaigns.sender')}</th>
            <th scope="col" className="num">{t('campaigns.recipients')}</th>
            <th scope="col" className="num">{t('progress.delivered')}</th>
            <th scope="col">{t('campaigns.created')}</th>
            {actions && <th scope="col"><span className="sr-only">{t('common.actions')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.external_id} data-campaign={c.external_id}>
              <td>
                <Link to={`/w/${slugOf(c)}/campaigns/${c.external_id}`}>{c.name}</Link>
                <div className="muted small mono">{c.external_id.slice(0, 8)}</div>
              </td>
              {showWorkspace && <td>{slugOf(c)}</td>}
              <td><CampaignStatusBadge campaign={c} /></td>
              <td>{t(`mode.${c.mode}`)}</td>
              <td>{c.sender?.saddr ?? '—'}</td>
              <td className="num">{formatNumber(c.recipients?.accepted ?? c.progress?.total ?? null)}</td>
              <td className="num">{formatNumber(c.progress?.delivered ?? null)}</td>
              <td>{formatDateTime(c.created_at)}</td>
              {actions && <td className="row-actions">{actions(c)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
