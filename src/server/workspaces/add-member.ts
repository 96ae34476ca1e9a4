import { ObjectId } from 'mongodb';
import type { Role } from '../../domain/roles.js';
import type { AppContext } from '../app-context.js';
import { isDuplicateKey } from '../db/connection.js';
import type { WorkspaceId } from '../db/tenant.js';
import { membershipsCollection, type MembershipDoc } from './workspace-store.js';

/**
 * Adds the user to the workspace (invitation accepted, join request approved). An existing
 * membership is kept as it is: a role change goes through the member guards, not through here.
 */
export async function addMember(
  app: AppContext,
  workspaceId: WorkspaceId,
  userId: ObjectId,
  role: Role,
  isModerator: boolean,
): Promise<{ membership: MembershipDoc; created: boolean }> {
  const memberships = membershipsCollection(app.db);
  const doc: MembershipDoc = { _id: new ObjectId(), workspace_id: workspaceId, user_id: userId, role, is_moderator: role === 'author' && isModerator, created_at: new Date() };
  try {
    await memberships.insertOne(doc);
    return { membership: doc, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await memberships.findOne({ workspace_id: workspaceId, user_id: userId });
    if (!existing) throw err;
    return { membership: existing, created: false };
  }
}

export const isMember = async (app: AppContext, workspaceId: WorkspaceId, userId: ObjectId) =>
  (await membershipsCollection(app.db).findOne({ workspace_id: workspaceId, user_id: userId }, { projection: { _id: 1 } })) !== null;
