import type { AppContext } from '../app-context.js';
import { CoreConflictError } from '../core/errors.js';
import type { PatchCoreJobInput } from '../core/core-types.js';
import { conflict } from '../http/errors.js';
import { jobRateLimit } from '../presets/sending-options.js';
import type { SendingWindow } from '../workspaces/workspace-store.js';
import { campaignsCollection, type CampaignDoc } from './campaign-store.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The job parameters Core needs; the sending window is the campaign's override, else the
 * workspace's; the rate is the ESME's as lowered by its preset (jobRateLimit).
 */
export function coreJobParams(c: CampaignDoc, workspaceWindow: SendingWindow | null, rateLimit: number | null): Required<PatchCoreJobInput> {
  const { saddr, ston, snpi, dton, dnpi } = c.sender;
  return {
    mode: c.mode,
    sender: { saddr, ston, snpi, dton, dnpi },
    esme: c.esme,
    strategy: c.strategy,
    text: c.text,
    start_at: iso(c.start_at),
    end_at: iso(c.end_at),
    daily_time: c.daily_time,
    sending_window: c.sending_window ?? workspaceWindow,
    auto_start: c.auto_start,
    rate_limit_per_sec: rateLimit,
  };
}

export type LinkOutcome = 'created' | 'linked';

/**
 * Makes sure the campaign has its Core job: creates it (held), or, when Core already has a job for
 * this external_id (a create that failed after Core accepted it), links that job — but only when
 * it belongs to the same workspace and author (security.md), else 409 without data about it.
 */
export async function ensureCoreJob(
  app: AppContext,
  campaign: CampaignDoc,
  workspaceWindow: SendingWindow | null,
  requestId: string,
): Promise<{ campaign: CampaignDoc; outcome: LinkOutcome | null }> {
  if (campaign.job_id) return { campaign, outcome: null };
  let jobId: string;
  let outcome: LinkOutcome;
  try {
    const created = await app.core.core.createJob(
      {
        external_id: campaign.external_id,
        workspace_id: campaign.workspace_id.toHexString(),
        created_by: campaign.created_by.toHexString(),
        ...coreJobParams(campaign, workspaceWindow, await jobRateLimit(app, campaign.esme, requestId)),
      },
      requestId,
    );
    jobId = created.job_id;
    outcome = 'created';
  } catch (err) {
    if (!(err instanceof CoreConflictError)) throw err;
    const existing = await app.core.core.getJobByExternalId(campaign.external_id, requestId);
    if (!existing || existing.workspace_id !== campaign.workspace_id.toHexString() || existing.created_by !== campaign.created_by.toHexString())
      throw conflict('campaign_id_taken');
    jobId = existing.job_id;
    outcome = 'linked';
  }
  // `job_id: null` also matches a document whose job_id field is missing.
  const linked = await campaignsCollection(app.db).findOneAndUpdate(
    { _id: campaign._id, workspace_id: campaign.workspace_id, job_id: null },
    { $set: { job_id: jobId, updated_at: new Date() } },
  );
  return { campaign: linked ?? { ...campaign, job_id: jobId }, outcome };
}
