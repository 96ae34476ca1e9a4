import { useTranslation } from 'react-i18next';
import { CAMPAIGN_MODES, CAMPAIGN_STATUSES } from '../../../domain/campaign-lifecycle.js';
import type { Member as MemberRow } from '../../../contract/workspaces.js';
import { FilterSelect } from '../../components/filter-select.js';

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
  const setField = (key: keyof CampaignFilterValues) => (v: string) => onChange({ ...value, [key]: v });
  const set = (key: keyof CampaignFilterValues) => (e: { target: { value: string } }) => setField(key)(e.target.value);
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>{t('common.search')}</span>
        <input type="search" value={value.q} onChange={set('q')} placeholder={t('campaigns.searchPlaceholder')} />
      </label>
      <FilterSelect label={t('campaigns.status')} value={value.status} onChange={setField('status')} options={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`campaignStatus.${s}`) }))} />
      <FilterSelect label={t('campaigns.mode')} value={value.mode} onChange={setField('mode')} options={CAMPAIGN_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))} />
      <FilterSelect label={t('campaigns.author')} value={value.author} onChange={setField('author')} options={members.map((m) => ({ value: m.user_id, label: m.name || m.email }))} />
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
