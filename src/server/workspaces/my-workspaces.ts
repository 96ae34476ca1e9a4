import { COLLECTIONS } from '../db/collections.js';
import type { AppContext } from '../app-context.js';
import type { UserDoc } from '../users/user-store.js';
import { publicWorkspace, workspacesCollection, type MembershipDoc } from './workspace-store.js';

/** The caller's workspaces with their role; all active workspaces for a super admin. */
export async function myWorkspaces(app: AppContext, user: UserDoc) {
  // Memberships by user id span workspaces, so this is the one unkeyed membership read.
  const memberships = await app.db.collection<MembershipDoc>(COLLECTIONS.memberships).find({ user_id: user._id }).toArray();
  const byWorkspace = new Map(memberships.map((m) => [m.workspace_id.toHexString(), m]));
  const workspaces = user.is_super_admin
    ? await workspacesCollection(app.db).find({}).toArray()
    : await workspacesCollection(app.db).find({ _id: { $in: memberships.map((m) => m.workspace_id) } }).toArray();
  return workspaces
    .filter((w) => user.is_super_admin || !w.archived_at)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((w) => {
      const m = byWorkspace.get(w._id.toHexString());
      return { ...publicWorkspace(w), role: m?.role ?? null, is_moderator: m?.is_moderator ?? false };
    });
}
