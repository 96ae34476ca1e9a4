import type { Presented } from '../../contract/common.js';
import type { JoinRequest } from '../../contract/workspaces.js';
import type { Db, ObjectId } from 'mongodb';
import type { Role } from '../../domain/roles.js';
import { COLLECTIONS } from '../db/collections.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';

export interface JoinRequestDoc {
  _id: ObjectId;
  workspace_id: WorkspaceId;
  user_id: ObjectId;
  message: string;
  status: 'pending' | 'approved' | 'rejected';
  /** `${workspace_id}:${user_id}` while pending (unique: one pending per pair), `${_id}` once decided. */
  pending_key: string;
  created_at: Date;
  decided_by: ObjectId | null;
  decided_at: Date | null;
  /** What the approver granted. */
  granted_role: Role | null;
  granted_is_moderator: boolean | null;
  decision_note: string | null;
}

export const joinRequestsCollection = (db: Db) => new TenantCollection<JoinRequestDoc>(db, COLLECTIONS.joinRequests);

export const joinPendingKey = (workspaceId: ObjectId, userId: ObjectId) => `${workspaceId.toHexString()}:${userId.toHexString()}`;

export function publicJoinRequest(r: JoinRequestDoc, user?: { name: string; email: string }): Presented<JoinRequest> {
  return {
    id: r._id.toHexString(),
    user_id: r.user_id.toHexString(),
    ...(user ? { user_name: user.name, user_email: user.email } : {}),
    message: r.message,
    status: r.status,
    created_at: r.created_at,
    decided_at: r.decided_at,
    granted_role: r.granted_role,
    granted_is_moderator: r.granted_is_moderator,
    decision_note: r.decision_note,
  };
}
