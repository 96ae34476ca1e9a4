// The actions the campaign's status and the user's role allow: Accept/Reject while awaiting moderation,
// else Start/Pause/Resume/Cancel/Archive (the lifecycle table and the permission table decide).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ACTION_CAPABILITY, planTransition, type CampaignAction as LifecycleAction } from '../../../domain/campaign-lifecycle.js';
import { ApiFailure, del, wsPath } from '../../api/client.js';
import type { Campaign } from '../../../contract/campaigns.js';
import { campaignAction, type CampaignAction } from '../../components/campaign-actions.js';
import { ErrorNotice } from '../../components/error-notice.js';
import { ReasonForm } from '../../components/reason-form.js';
import { useCoreStatus } from '../../core/core-status.js';
import { useCan } from '../../session/permissions.js';

const JOB_ACTIONS: { action: CampaignAction & LifecycleAction; needsCore: boolean; tone: string }[] = [
  { action: 'submit', needsCore: false, tone: 'btn-primary' },
  { action: 'start', needsCore: true, tone: 'btn-primary' },
  { action: 'pause', needsCore: true, tone: 'btn-secondary' },
  { action: 'resume', needsCore: true, tone: 'btn-primary' },
  { action: 'cancel', needsCore: true, tone: 'btn-danger' },
  { action: 'archive', needsCore: false, tone: 'btn-secondary' },
  { action: 'restore', needsCore: false, tone: 'btn-secondary' },
];

export function ActionBar({ slug, campaign, onChanged }: { slug: string; campaign: Campaign; onChanged(c: Campaign): void }) {
  const { t } = useTranslation();
  const allowed = useCan();
  const { coreDown } = useCoreStatus();
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const state = {
    status: campaign.status,
    submittedAt: campaign.submitted_at ? new Date(campaign.submitted_at) : null,
    approvedAt: campaign.approved_at ? new Date(campaign.approved_at) : null,
    archivedAt: campaign.archived_at ? new Date(campaign.archived_at) : null,
    autoStart: campaign.auto_start,
    mode: campaign.mode,
  };
  const possible = (action: LifecycleAction) => planTransition(state, action).ok;

  async function remove() {
    setError(null);
    setBusy(true);
    try {
      await del(wsPath(slug, `/campaigns/${campaign.external_id}`));
      navigate(`/w/${slug}/campaigns`);
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err)));
      setBusy(false);
    }
  }

  async function run(action: CampaignAction, extra: Record<string, unknown> = {}) {
    if (action === 'archive' && !window.confirm(t('campaign.archiveConfirm'))) return;
    setError(null);
    setBusy(true);
    try {
      onChanged(await campaignAction(slug, campaign, action, extra));
      setRejecting(false);
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'generic', String(err)));
    } finally {
      setBusy(false);
    }
  }

  const moderating = possible('approve') && allowed(ACTION_CAPABILITY.approve, campaign.created_by);
  const editable = possible('edit') && allowed(ACTION_CAPABILITY.edit, campaign.created_by);
  // Core resumes a window-paused job when the window opens; the API refuses a manual resume (paused_by_window).
  const waitsForWindow = campaign.status === 'Paused' && campaign.pause_reason === 'sending_window';
  const jobActions = JOB_ACTIONS.filter((a) => possible(a.action) && allowed(ACTION_CAPABILITY[a.action], campaign.created_by));
  return (
    <div className="action-bar-wrap">
      <div className="action-bar" data-testid="action-bar">
        {moderating ? (
          <>
            <button type="button" className="btn btn-primary" disabled={busy || coreDown} onClick={() => void run('approve')}>
              {t('actions.accept')}
            </button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setRejecting(true)}>
              {t('actions.reject')}
            </button>
          </>
        ) : (
          jobActions.map((a) => (
            <button
              key={a.action}
              type="button"
              className={`btn ${a.tone}`}
              disabled={busy || (a.needsCore && coreDown) || (a.action === 'resume' && waitsForWindow)}
              aria-describedby={a.action === 'resume' && waitsForWindow ? 'resume-waits' : undefined}
              onClick={() => void run(a.action)}
            >
              {t(`actions.${a.action}`)}
            </button>
          ))
        )}
        {editable && (
          <Link className="btn btn-secondary" to={`/w/${slug}/campaigns/${campaign.external_id}/edit`} data-testid="edit-campaign">
            {t('actions.edit')}
          </Link>
        )}
        {possible('delete') && allowed(ACTION_CAPABILITY.delete) && (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setDeleting(true)}>
            {t('actions.delete')}
          </button>
        )}
      </div>
      {waitsForWindow && jobActions.some((a) => a.action === 'resume') && (
        <p className="muted small" id="resume-waits" data-testid="resume-waits">{t('campaign.resumeWaits')}</p>
      )}
      {deleting && (
        <div className="box stack" role="alertdialog" aria-labelledby="delete-question" data-testid="delete-confirm">
          <p id="delete-question">{t('campaign.deleteQuestion', { name: campaign.name })}</p>
          <div className="row">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
              {t('campaign.deleteConfirm')}
            </button>
            <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setDeleting(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      )}
      {rejecting && <ReasonForm onSubmit={(reason) => run('reject', { reason })} onCancel={() => setRejecting(false)} />}
      <ErrorNotice error={error} />
    </div>
  );
}
