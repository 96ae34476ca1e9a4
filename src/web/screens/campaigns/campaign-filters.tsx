import { useTranslation } from 'react-i18next';
import { CAMPAIGN_MODES, CAMPAIGN_STATUSES, type MemberRow } from '../../api/types.js';

export interface CampaignFilterValues {
  q: string;
  status: string;
  mode: string;
  author: string;
  from: string;
  to: string;
}

export const emptyFilters: CampaignFilterValues = { q: '', status: '', mode: '', author: '', from: '', to: '' };

export function CampaignFilters({ value, onChange, members }: { value: CampaignFilterValues; onChange(v: CampaignFilterValues): void; members: MemberRow[] }) {
  const { t } = useTranslation();
  const set = (key: keyof CampaignFilterValues) => (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value });
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>{t('common.search')}</span>
        <input type="search" value={value.q} onChange={set('q')} placeholder={t('campaigns.searchPlaceholder')} />
      </label>
      <label>
        <span>{t('campaigns.status')}</span>
        <select value={value.status} onChange={set('status')}>
          <option value="">{t('common.all')}</option>
          {CAMPAIGN_STATUSES.map((s) => (
            <option key={s} value={s}>{t(`campaignStatus.${s}`)}</option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('campaigns.mode')}</span>
        <select value={value.mode} onChange={set('mode')}>
          <option value="">{t('common.all')}</option>
          {CAMPAIGN_MODES.map((m) => (
            <option key={m} value={m}>{t(`mode.${m}`)}</option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('campaigns.author')}</span>
        <select value={value.author} onChange={set('author')}>
          <option value="">{t('common.all')}</option>
          {members.map((m) => (
            <option key={m.user_id} value={m.user_id}>{m.name || m.email}</option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('campaigns.from')}</span>
        <input type="date" value={value.from} onChange={set('from')} />
      </label>
      <label>
        <span>{t('campaigns.to')}</span>
        <input type="date" value={value.to} onChange={set('to')} />
      </label>
    </form>
  );
}
