import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { wsPath } from '../../api/client.js';
import type { Campaign, CampaignStatus, campaignDetailAnswer } from '../../../contract/campaigns.js';
import type { auditPage } from '../../../contract/operations.js';
import { AuditTimeline } from '../../components/audit-timeline.js';
import { mergeCampaign } from '../../components/campaign-actions.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { PageHeader } from '../../components/page-header.js';
import { CampaignStatusBadge } from '../../components/status-badge.js';
import { useApi } from '../../components/use-api.js';
import { useWorkspaceEvents } from '../../components/use-workspace-events.js';
import { UploadResult } from '../new-campaign/upload-result.js';
import { ActionBar } from './action-bar.js';
import { LiveProgress, type ProgressPoint } from './live-progress.js';
import { MessagesTable } from './messages-table.js';
import { isTerminal } from '../../../domain/campaign-lifecycle.js';
import { CampaignReasons } from './campaign-reasons.js';
import { ParametersCard } from './parameters-card.js';
import { TriggerExample } from './trigger-example.js';
import { useCurrentWorkspace } from '../../session/permissions.js';

const showTriggerExample = (c: Campaign) => c.mode === 'Trigger' && c.approved_at !== null && !isTerminal(c.status);

export function CampaignDetailScreen() {
  const { t } = useTranslation();
  const { slug = '', externalId = '' } = useParams();
  const loaded = useApi<typeof campaignDetailAnswer>(wsPath(slug, `/campaigns/${externalId}`));
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [history, setHistory] = useState<ProgressPoint[]>([]);
  const audit = useApi<typeof auditPage>(wsPath(slug, `/campaigns/${externalId}/audit?limit=200`));
  const reloadAudit = audit.reload;
  const workspaceWindow = useCurrentWorkspace()?.sending_window ?? null;

  useEffect(() => {
    const answer = loaded.data?.campaign;
    if (answer) setCampaign((known) => mergeCampaign(known, answer));
  }, [loaded.data]);

  useWorkspaceEvents(slug, (event) => {
    if (event.external_id !== externalId) return;
    // A status event carries its reasons: it may arrive before the poller's write, so it is not re-read.
    // (Progress events carry the status too, without the reasons.)
    const reasons = {
      ...(event.status ? { status: event.status as CampaignStatus } : {}),
      ...('pause_reason' in event ? { pause_reason: (event.pause_reason as string | null) ?? null } : {}),
      ...(event.core_error ? { core_error: event.core_error as string } : {}),
      ...(event.rejection_reason ? { rejection_reason: event.rejection_reason as string } : {}),
    };
    const progress = event.progress ? { progress: { ...event.progress, updated_at: event.progress.updated_at ?? null } } : {};
    setCampaign((c) => (c ? { ...c, ...reasons, ...progress } : c));
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
          <CampaignReasons campaign={campaign} workspaceWindow={workspaceWindow} />
          <ParametersCard campaign={campaign} workspaceWindow={workspaceWindow} />
        </section>
        <section className="card">
          <h2>{t('campaign.progress')}</h2>
          <LiveProgress progress={campaign.progress} history={history} withCore={campaign.status !== 'New' && !isTerminal(campaign.status)} />
          <h2 className="card-section">{t('campaign.recipients')}</h2>
          {campaign.recipients ? (
            <UploadResult summary={campaign.recipients} />
          ) : (
            <p className="empty">{t(campaign.mode === 'Trigger' ? 'campaign.triggerRecipients' : 'campaign.noRecipients')}</p>
          )}
        </section>
      </div>
      {showTriggerExample(campaign) && (
        <section className="card">
          <TriggerExample slug={slug} campaign={campaign} />
        </section>
      )}
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
