import type { Filter } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { findKeyPage, type IdPage, type PageRequest } from '../db/id-page.js';
import type { AppContext } from '../app-context.js';
import type { UserDoc } from '../users/user-store.js';
import { publicWorkspace, workspacesCollection, type MembershipDoc, type WorkspaceDoc } from './workspace-store.js';

type MyWorkspace = ReturnType<typeof publicWorkspace> & { role: MembershipDoc['role'] | null; is_moderator: boolean };

/** The caller's memberships by workspace and the filter of the workspaces they see (every one, archived included, for a super admin). */
async function visible(app: AppContext, user: UserDoc): Promise<{ filter: Filter<WorkspaceDoc>; view: (w: WorkspaceDoc) => MyWorkspace }> {
  // Memberships by user id span workspaces, so this is the one unkeyed membership read.
  const memberships = await app.db.collection<MembershipDoc>(COLLECTIONS.memberships).find({ user_id: user._id }).toArray();
  const byWorkspace = new Map(memberships.map((m) => [m.workspace_id.toHexString(), m]));
  const filter: Filter<WorkspaceDoc> = user.is_super_admin ? {} : { _id: { $in: memberships.map((m) => m.workspace_id) }, archived_at: null };
  const view = (w: WorkspaceDoc) => {
    const m = byWorkspace.get(w._id.toHexString());
    return { ...publicWorkspace(w), role: m?.role ?? null, is_moderator: m?.is_moderator ?? false };
  };
  return { filter, view };
}

/** All of the caller's workspaces with their role, by name (the session's workspace switcher). */
export async function myWorkspaces(app: AppContext, user: UserDoc): Promise<MyWorkspace[]> {
  const { filter, view } = await visible(app, user);
  const workspaces = await workspacesCollection(app.db).find(filter).toArray();
  return workspaces.sort((a, b) => a.name.localeCompare(b.name)).map(view);
}

/** One page of the same list in name order (`GET /api/workspaces`). */
export async function myWorkspacesPage(app: AppContext, user: UserDoc, page: PageRequest): Promise<IdPage<MyWorkspace>> {
  const { filter, view } = await visible(app, user);
  const found = await findKeyPage<WorkspaceDoc>(
    (bound, sort, limit) => workspacesCollection(app.db).find({ ...filter, ...bound } as Filter<WorkspaceDoc>).sort(sort).limit(limit).toArray(),
    'name',
    1,
    page,
  );
  return { items: found.items.map(view), next_cursor: found.next_cursor };
}
