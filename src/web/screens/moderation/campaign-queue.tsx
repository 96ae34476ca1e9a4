import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../../contract/campaigns.js';
import { CampaignCost } from '../../components/campaign-cost.js';
import { campaignAction } from '../../components/campaign-actions.js';
import { DataTable } from '../../components/data-table.js';
import { formatDateTime, formatNumber } from '../../components/format.js';
import { useCoreStatus } from '../../core/core-status.js';
import { useCan } from '../../session/permissions.js';
import { DecisionButtons } from './decision-buttons.js';

export function CampaignQueue({ slug, items, onDone }: { slug: string; items: Campaign[]; onDone(): void }) {
  const { t } = useTranslation();
  const allowed = useCan();
  const { coreDown } = useCoreStatus();
  return (
    <DataTable
      testId="moderation-campaigns"
      empty={t('moderation.emptyCampaigns')}
      rows={items}
      rowKey={(c) => c.external_id}
      rowAttributes={(c) => ({ 'data-campaign': c.external_id })}
      columns={[
        { header: t('campaigns.name'), cell: (c) => <Link to={`/w/${slug}/campaigns/${c.external_id}`}>{c.name}</Link> },
        { header: t('campaigns.mode'), cell: (c) => t(`mode.${c.mode}`) },
        { header: t('campaigns.sender'), cell: (c) => c.sender?.saddr ?? '—' },
        { header: t('campaigns.recipients'), numeric: true, cell: (c) => (c.mode === 'Trigger' ? '—' : formatNumber(c.recipients?.accepted ?? null)) },
        { header: t('cost.label'), cell: (c) => <CampaignCost campaign={c} /> },
        { header: t('wizard.text'), cellClassName: 'clip', cell: (c) => c.text },
        { header: t('campaign.submittedAt'), cell: (c) => formatDateTime(c.submitted_at) },
        {
          header: t('common.actions'),
          cell: (c) => (
            <DecisionButtons
              allowed={allowed('campaign.moderate', c.created_by)}
              disabled={coreDown}
              approve={() => campaignAction(slug, c, 'approve')}
              reject={(reason) => campaignAction(slug, c, 'reject', { reason })}
              onDone={onDone}
            />
          ),
        },
      ]}
    />
  );
}
