import type { AppContext } from '../app-context.js';
import { workspacesCollection } from '../workspaces/workspace-store.js';
import { ensureCoreJob } from './campaign-core-job.js';
import { campaignsCollection } from './campaign-store.js';
import { writeSystemAudit } from './campaign-system-audit.js';
import { resyncWorkspaceWindows } from './campaign-window-sync.js';

/** A create that is still in flight is left alone this long before the reconciler steps in. */
export const RECONCILE_AFTER_MS = 60_000;
const BATCH = 100;

/**
 * Links, or creates, the Core job of every New campaign whose job_id is still null a minute after
 * it was created (a create that failed between its steps), then repeats the workspace window
 * changes Core has not taken yet (campaign-window-sync.ts). Runs on every replica: the link is an
 * idempotent `job_id: null` → id update, and Core's 409 on a second create finds the same job.
 */
export async function reconcileOnce(app: AppContext, requestId: string, now = new Date()): Promise<number> {
  const orphans = await campaignsCollection(app.db).raw.find({ job_id: null }).limit(BATCH).toArray();
  let linked = 0;
  for (const c of orphans) {
    if (c.status !== 'New' || c.archived || now.getTime() - c.created_at.getTime() < RECONCILE_AFTER_MS) continue;
    try {
      const workspace = await workspacesCollection(app.db).findOne({ _id: c.workspace_id });
      const { campaign, outcome } = await ensureCoreJob(app, c, workspace?.sending_window ?? null, requestId);
      if (outcome === null) continue;
      linked++;
      await writeSystemAudit(
        app,
        { action: 'campaign.core_job_linked', workspaceId: c.workspace_id, resource: { type: 'campaign', id: c.external_id }, after: { job_id: campaign.job_id, outcome } },
        requestId,
      );
    } catch (err) {
      app.logger.warn({ err, externalId: c.external_id }, 'reconciler could not link the Core job');
    }
  }
  // A workspace window change that did not reach every Core job (Core was down): its next pass.
  await resyncWorkspaceWindows(app, { requestId, audit: (input) => writeSystemAudit(app, input, requestId) }, now).catch((err: unknown) =>
    app.logger.warn({ err }, 'reconciler could not send the workspace sending window to Core'),
  );
  return linked;
}
