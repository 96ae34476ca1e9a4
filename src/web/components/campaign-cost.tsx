import { useTranslation } from 'react-i18next';
import { campaignCost } from '../../domain/message-text.js';
import type { Campaign } from '../../contract/campaigns.js';
import { formatNumber } from './format.js';

/** What the campaign will send, so the author and the moderator see the bill they approve. */
export function CampaignCost({ campaign: c }: { campaign: Pick<Campaign, 'mode' | 'text' | 'sms_limit' | 'recipients'> }) {
  const { t } = useTranslation();
  const trigger = c.mode === 'Trigger';
  const numbers = c.recipients?.accepted ?? 0;
  const cost = campaignCost(c.text, trigger ? null : numbers);
  if (cost.totalParts === null)
    return <span data-testid="campaign-cost">{t('cost.perMessage', { parts: cost.partsPerMessage, limit: c.sms_limit })}</span>;
  return (
    <span data-testid="campaign-cost">
      <strong>{t('cost.total', { total: formatNumber(cost.totalParts), count: cost.totalParts })}</strong>{' '}
      <span className="muted">
        {t('cost.breakdown', {
          numbers: t('cost.numbers', { numbers: formatNumber(numbers), count: numbers }),
          parts: t('cost.parts', { count: cost.partsPerMessage }),
        })}
      </span>
    </span>
  );
}
