import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../../api/client.js';
import type { Campaign, campaignSchema } from '../../../contract/campaigns.js';
import { CampaignTable } from '../../components/campaign-table.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { Pager } from '../../components/pager.js';
import { useDebounced } from '../../components/use-debounced.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { useMe } from '../../session/session-context.js';

/** Super admins: every workspace's campaigns, read-only. */
export function MasterScreen() {
  const { t } = useTranslation();
  const me = useMe();
  const [q, setQ] = useState('');
  const search = useDebounced(q);
  const list = usePagedList<typeof campaignSchema>(me.user.is_super_admin ? '/api/master/campaigns' : null, query({ limit: 50, q: search }));
  const slugOf = (c: Campaign) => me.workspaces.find((w) => w.id === c.workspace_id)?.slug ?? '';
  return (
    <>
      <PageHeader title={t('master.title')} subtitle={t('master.subtitle')} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('common.search')}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('campaigns.searchPlaceholder')} />
        </label>
      </form>
      <ErrorNotice error={list.error} />
      <section className="card card-flush">
        <CampaignTable items={list.items}
          loading={list.loading} slugOf={slugOf} showWorkspace />
      </section>
      <Pager hasPrev={list.hasPrev} hasNext={list.hasNext} prev={list.prev} next={list.next} />
    </>
  );
}
