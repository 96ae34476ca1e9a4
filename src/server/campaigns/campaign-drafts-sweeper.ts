import type { AppContext } from '../app-context.js';
import { workspacesCollection } from '../workspaces/workspace-store.js';
import { campaignsCollection } from './campaign-store.js';
import { writeSystemAudit } from './campaign-system-audit.js';
import { runTransition } from './campaign-transitions.js';

/** A draft nobody touched for this long is cancelled, with its held Core job (product.md §3). */
export const DRAFT_IDLE_MS = 30 * 86_400_000;
const BATCH = 100;

/**
 * Cancels drafts (New, never submitted, not archived) untouched for 30 days: the usual versioned
 * cancel transition (Core cancels the held job), audited as `system`. Every replica may run it: a
 * loser of the version claim skips that draft.
 */
export async function sweepIdleDrafts(app: AppContext, requestId: string, now = new Date()): Promise<number> {
  const idle = await campaignsCollection(app.db)
    .raw.find({ status: 'New', submitted_at: null, archived_at: null, updated_at: { $lt: new Date(now.getTime() - DRAFT_IDLE_MS) } })
    .limit(BATCH)
    .toArray();
  let cancelled = 0;
  for (const c of idle) {
    try {
      const workspace = await workspacesCollection(app.db).findOne({ _id: c.workspace_id });
      // A cancel records no actor field on the campaign; the audit event below names `system`.
      const updated = await runTransition(app, c, 'cancel', { actorId: c.created_by, requestId, workspaceWindow: workspace?.sending_window ?? null, expectedVersion: c.version });
      cancelled++;
      await writeSystemAudit(
        app,
        {
          action: 'campaign.cancelled',
          workspaceId: c.workspace_id,
          resource: { type: 'campaign', id: c.external_id },
          before: { status: c.status, version: c.version, updated_at: c.updated_at },
          after: { status: updated!.status, version: updated!.version, reason: 'draft_idle' },
        },
        requestId,
      );
    } catch (err) {
      app.logger.warn({ err, externalId: c.external_id }, 'drafts sweeper could not cancel an idle draft');
    }
  }
  return cancelled;
}
