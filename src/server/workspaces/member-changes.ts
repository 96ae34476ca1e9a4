import type { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import type { WorkspaceId } from '../db/tenant.js';
import { conflict, notFound } from '../http/errors.js';
import { exclusively } from './exclusive.js';
import { membershipsCollection, workspacesCollection } from './workspace-store.js';

/**
 * Runs a role change or removal as the one change of the workspace's current `members_version`,
 * so two demotions that each counted two admins cannot both apply (the loser answers 409).
 * The winner re-checks the version after claiming and bumps it when `change` succeeds; a refusal
 * thrown by `change` leaves it as it was.
 */
export async function changeMembersExclusively<T>(app: AppContext, workspaceId: WorkspaceId, change: () => Promise<T>): Promise<T> {
  const version = await membersVersion(app, workspaceId);
  return exclusively(app.db, `workspaces:members:${workspaceId.toHexString()}:${version}`, async () => {
    if ((await membersVersion(app, workspaceId)) !== version) throw conflict('members_changed');
    const result = await change();
    await workspacesCollection(app.db).updateOne({ _id: workspaceId }, { $set: { members_version: version + 1 } });
    return result;
  }, 'members_changed');
}

async function membersVersion(app: AppContext, workspaceId: ObjectId): Promise<number> {
  const ws = await workspacesCollection(app.db).findOne({ _id: workspaceId }, { projection: { members_version: 1 } });
  if (!ws) throw notFound();
  return ws.members_version ?? 0;
}

export const countAdmins = (app: AppContext, workspaceId: WorkspaceId) =>
  membershipsCollection(app.db).countDocuments({ workspace_id: workspaceId, role: 'admin' });
