import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../api/types.js';
import { campaignAction } from '../../components/campaign-actions.js';
import { formatDateTime, formatNumber } from '../../components/format.js';
import { useCoreStatus } from '../../core/core-status.js';
import { useCan } from '../../session/permissions.js';
import { DecisionButtons } from './decision-buttons.js';

export function CampaignQueue({ slug, items, onDone }: { slug: string; items: Campaign[]; onDone(): void }) {
  const { t } = useTranslation();
  const allowed = useCan();
  const { coreDown } = useCoreStatus();
  if (items.length === 0) return <p className="empty">{t('moderation.emptyCampaigns')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="moderation-campaigns">
        <thead>
          <tr>
            <th scope="col">{t('campaigns.name')}</th>
            <th scope="col">{t('campaigns.mode')}</th>
            <th scope="col">{t('campaigns.sender')}</th>
            <th scope="col" className="num">{t('campaigns.recipients')}</th>
            <th scope="col">{t('wizard.text')}</th>
            <th scope="col">{t('campaign.submittedAt')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.external_id} data-campaign={c.external_id}>
              <td><Link to={`/w/${slug}/campaigns/${c.external_id}`}>{c.name}</Link></td>
              <td>{t(`mode.${c.mode}`)}</td>
              <td>{c.sender?.saddr ?? '—'}</td>
              <td className="num">{formatNumber(c.recipients?.accepted ?? null)}</td>
              <td className="clip">{c.text}</td>
              <td>{formatDateTime(c.submitted_at)}</td>
              <td>
                <DecisionButtons
                  allowed={allowed('campaign.moderate', c.created_by)}
                  disabled={coreDown}
                  approve={() => campaignAction(slug, c, 'approve')}
                  reject={(reason) => campaignAction(slug, c, 'reject', { reason })}
                  onDone={onDone}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
