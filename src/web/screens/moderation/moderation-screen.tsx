import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import type { ModerationQueue, moderationQueueAnswer } from '../../../contract/campaigns.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { Tabs } from '../../components/tabs.js';
import { useApi } from '../../components/use-api.js';
import { CampaignQueue } from './campaign-queue.js';
import { RevisionQueue } from './revision-queue.js';

export function ModerationScreen() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const [tab, setTab] = useState<'campaigns' | 'revisions'>('campaigns');
  const queue = useApi<typeof moderationQueueAnswer>(wsPath(slug, '/moderation'));
  const campaigns = queue.data?.campaigns ?? [];
  const revisions = queue.data?.sender_revisions ?? [];
  return (
    <>
      <PageHeader title={t('moderation.title')} />
      <ErrorNotice error={queue.error} />
      <Tabs
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'campaigns', label: `${t('moderation.campaigns')} (${campaigns.length})` },
          { id: 'revisions', label: `${t('moderation.revisions')} (${revisions.length})` },
        ]}
      />
      <section className="card card-flush" role="tabpanel">
        {tab === 'campaigns' ? <CampaignQueue slug={slug} items={campaigns} onDone={queue.reload} /> : <RevisionQueue slug={slug} items={revisions} onDone={queue.reload} />}
      </section>
    </>
  );
}
