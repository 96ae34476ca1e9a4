import type { DegradedCampaign } from '../../contract/campaigns.js';
import type { AppContext } from '../app-context.js';
import type { CoreJob } from '../core/core-types.js';
import { notFound } from '../http/errors.js';
import type { WorkspaceAccess } from '../workspaces/membership.js';
import { mapCoreStatus } from '../../domain/campaign-lifecycle.js';

// While MongoDB is unreachable (operations.md §3) a campaign is found in Core by its external_id,
// and Core's copy of its workspace and author stands in for the shadow document.

/** The Core job of a campaign of this workspace; 404 for an unknown id or another tenant's job. */
export async function coreJobOfWorkspace(app: AppContext, ws: WorkspaceAccess, externalId: string, requestId: string): Promise<CoreJob> {
  const job = await app.core.core.getJobByExternalId(externalId, requestId);
  if (!job || job.workspace_id !== ws.workspaceId.toHexString()) throw notFound();
  return job;
}

/** What the detail page can show from Core alone. */
export function degradedCampaign(job: CoreJob): DegradedCampaign {
  const mapped = mapCoreStatus(job.status);
  return {
    external_id: job.external_id,
    job_id: job.job_id,
    workspace_id: job.workspace_id,
    mode: job.mode,
    status: mapped.status,
    pause_reason: job.pause_reason ?? null,
    core_error: job.error,
    created_by: job.created_by,
    progress: { total: job.total, sent: job.sent, delivered: job.delivered, failed: job.failed, updated_at: job.updated_at },
    degraded: true as const,
  };
}

export type DegradedAction = 'pause' | 'resume' | 'cancel';

export async function degradedCoreCall(app: AppContext, action: DegradedAction, job: CoreJob, requestId: string) {
  const core = app.core.core;
  const call = { pause: core.pauseJob, resume: core.resumeJob, cancel: core.cancelJob }[action];
  const answer = await call(job.job_id, requestId);
  return { ...job, status: answer.status };
}
