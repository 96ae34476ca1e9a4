import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import type { campaignSchema } from '../../../contract/campaigns.js';
import type { queuedRevisionSchema } from '../../../contract/senders.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { Pager } from '../../components/pager.js';
import { usePagedList } from '../../components/use-paged-list.js';
import { CampaignQueue } from './campaign-queue.js';
import { RevisionQueue } from './revision-queue.js';

export function ModerationScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [tab, setTab] = useState<'campaigns' | 'revisions'>('campaigns');
  // Each queue pages on its own (oldest first); a tab's count says "+" when more pages follow.
  const campaigns = usePagedList<typeof campaignSchema>(wsPath(slug, '/moderation'), '?kind=campaigns&limit=50');
  const revisions = usePagedList<typeof queuedRevisionSchema>(wsPath(slug, '/moderation'), '?kind=sender_revisions&limit=50');
  const count = (list: { items: unknown[]; hasNext: boolean }) => `${list.items.length}${list.hasNext ? '+' : ''}`;
  return (
    <>
      <PageHeader title={t('moderation.title')} />
      <ErrorNotice error={campaigns.error ?? revisions.error} />
      <Tabs
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'campaigns', label: `${t('moderation.campaigns')} (${count(campaigns)})` },
          { id: 'revisions', label: `${t('moderation.revisions')} (${count(revisions)})` },
        ]}
        panelClassName="card card-flush"
      >
        {tab === 'campaigns' ? <CampaignQueue slug={slug} items={campaigns.items} onDone={campaigns.reload} /> : <RevisionQueue slug={slug} items={revisions.items} onDone={revisions.reload} />}
        <Pager {...(tab === 'campaigns' ? campaigns : revisions)} />
      </Tabs>
    </>
  );
}
