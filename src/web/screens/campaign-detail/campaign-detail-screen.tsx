import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { wsPath, type Page } from '../../api/client.js';
import type { AuditEvent, Campaign, CampaignStatus } from '../../api/types.js';
import { AuditTimeline } from '../../components/audit-timeline.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { CampaignStatusBadge } from '../../components/status-badge.js';
import { useApi } from '../../components/use-api.js';
import { useWorkspaceEvents } from '../../components/use-workspace-events.js';
import { UploadResult } from '../new-campaign/upload-result.js';
import { ActionBar } from './action-bar.js';
import { LiveProgress, type ProgressPoint } from './live-progress.js';
import { MessagesTable } from './messages-table.js';
import { ParametersCard } from './parameters-card.js';

export function CampaignDetailScreen() {
  const { t } = useTranslation();
  const { slug = '', externalId = '' } = useParams();
  const loaded = useApi<{ campaign: Campaign }>(wsPath(slug, `/campaigns/${externalId}`));
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [history, setHistory] = useState<ProgressPoint[]>([]);
  const audit = useApi<Page<AuditEvent>>(wsPath(slug, `/campaigns/${externalId}/audit?limit=200`));
  const reloadAudit = audit.reload;

  useEffect(() => {
    if (loaded.data) setCampaign(loaded.data.campaign);
  }, [loaded.data]);

  useWorkspaceEvents(slug, (event) => {
    if (event.external_id !== externalId) return;
    const progress = event.progress ? { progress: { ...event.progress, updated_at: event.progress.updated_at ?? null } } : {};
    setCampaign((c) => (c ? { ...c, ...(event.status ? { status: event.status as CampaignStatus } : {}), ...progress } : c));
    if (event.progress) setHistory((h) => [...h.slice(-119), { ...event.progress!, updated_at: null, at: new Date().toISOString() }]);
    if (event.status) reloadAudit();
    if (event.state === 'done') loaded.reload(); // a finished upload changed the recipients summary
  }, () => {
    loaded.reload();
    reloadAudit();
  });

  if (!campaign) return <ErrorNotice error={loaded.error} />;
  return (
    <>
      <PageHeader
        title={campaign.name}
        subtitle={
          <>
            <CampaignStatusBadge campaign={campaign} /> <span className="mono small">{campaign.external_id}</span>
          </>
        }
      />
      <ActionBar
        slug={slug}
        campaign={campaign}
        onChanged={(c) => {
          setCampaign(c);
          reloadAudit();
        }}
      />
      <div className="grid-2">
        <section className="card">
          <h2>{t('campaign.parameters')}</h2>
          <ParametersCard campaign={campaign} />
        </section>
        <section className="card">
          <h2>{t('campaign.progress')}</h2>
          <LiveProgress progress={campaign.progress} history={history} />
          <h2>{t('campaign.recipients')}</h2>
          {campaign.recipients ? <UploadResult summary={campaign.recipients} /> : <p className="empty">{t('campaign.noRecipients')}</p>}
        </section>
      </div>
      <section className="card">
        {/* Remounted on each status change, so the reports reload when sending ends. */}
        <MessagesTable key={campaign.status} slug={slug} externalId={externalId} />
      </section>
      <section className="card">
        <h2>{t('campaign.timeline')}</h2>
        <ErrorNotice error={audit.error} />
        <AuditTimeline events={audit.data?.items ?? []} />
      </section>
    </>
  );
}
