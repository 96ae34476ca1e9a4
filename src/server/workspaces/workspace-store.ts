import type { Collection, Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';
import type { Role } from '../../domain/roles.js';

export interface SendingWindow {
  start: string;
  end: string;
  timezone: string;
}

export interface WorkspaceDoc {
  _id: ObjectId;
  slug: string;
  name: string;
  is_system: boolean;
  allow_join_requests: boolean;
  sending_window: SendingWindow | null;
  archived_at: Date | null;
  created_at: Date;
}

export interface MembershipDoc {
  _id: ObjectId;
  workspace_id: WorkspaceId;
  user_id: ObjectId;
  role: Role;
  is_moderator: boolean;
  created_at: Date;
}

export const workspacesCollection = (db: Db): Collection<WorkspaceDoc> => db.collection<WorkspaceDoc>(COLLECTIONS.workspaces);
export const membershipsCollection = (db: Db) => new TenantCollection<MembershipDoc>(db, COLLECTIONS.memberships);

export function publicWorkspace(w: WorkspaceDoc) {
  return {
    id: w._id.toHexString(),
    slug: w.slug,
    name: w.name,
    is_system: w.is_system,
    allow_join_requests: w.allow_join_requests,
    sending_window: w.sending_window,
    archived_at: w.archived_at,
    created_at: w.created_at,
  };
}
