import type { AppContext } from '../app-context.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { asWorkspaceId, type WorkspaceId } from '../db/tenant.js';
import { databaseUnavailable, notFound } from '../http/errors.js';
import type { UserDoc } from '../users/user-store.js';
import { membershipsCollection, SLUG_PATTERN, workspacesCollection, type MembershipDoc, type WorkspaceDoc } from './workspace-store.js';

export interface WorkspaceAccess {
  workspace: WorkspaceDoc;
  workspaceId: WorkspaceId;
  membership: MembershipDoc | null;
}

/**
 * Finds the workspace of `/api/w/{slug}` and the caller's membership. Unknown slugs and
 * workspaces the caller does not belong to are both 404, so tenants cannot probe each other.
 */
export async function resolveWorkspace(app: AppContext, slug: string, user: UserDoc): Promise<WorkspaceAccess> {
  if (!SLUG_PATTERN.test(slug)) throw notFound();
  let workspace: WorkspaceDoc | null | undefined;
  let membership: MembershipDoc | null | undefined;
  const memberKey = `${slug}:${user._id.toHexString()}`;
  try {
    workspace = await workspacesCollection(app.db).findOne({ slug });
    if (workspace) {
      app.lastKnown.workspaces.remember(slug, workspace);
      membership = await membershipsCollection(app.db).findOne({ workspace_id: asWorkspaceId(workspace._id), user_id: user._id });
      app.lastKnown.memberships.remember(memberKey, membership);
    }
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    workspace = app.lastKnown.workspaces.recall(slug);
    membership = app.lastKnown.memberships.recall(memberKey);
    if (!workspace || membership === undefined) throw databaseUnavailable();
  }
  if (!workspace) throw notFound();
  if (!membership && !user.is_super_admin) throw notFound();
  if (workspace.archived_at && !user.is_super_admin) throw notFound();
  return { workspace, workspaceId: asWorkspaceId(workspace._id), membership: membership ?? null };
}
