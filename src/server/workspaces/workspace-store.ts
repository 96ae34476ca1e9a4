import type { Presented } from '../../contract/common.js';
import type { Workspace } from '../../contract/users.js';
import { ObjectId, type Collection, type Db } from 'mongodb';
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
  /**
   * Bumped by every role change or removal; such a change first claims the current value
   * (member-changes.ts), so two concurrent demotions cannot both pass the last-admin check.
   * Missing on workspaces made before it existed: read as 0.
   */
  members_version?: number;
  /**
   * A change of `sending_window` not yet sent to every campaign that follows it (set by the same
   * write as the window; cleared when no such campaign is left): campaign-window-sync.ts.
   */
  window_sync_due?: Date | null;
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

export function publicWorkspace(w: WorkspaceDoc): Presented<Workspace> {
  return {
    id: w._id.toHexString(),
    slug: w.slug,
    name: w.name,
    is_system: w.is_system,
    allow_join_requests: w.allow_join_requests,
    // A missing field reads as null (an upserted document may lack the nulls it was written with).
    sending_window: w.sending_window ?? null,
    archived_at: w.archived_at ?? null,
    created_at: w.created_at,
  };
}

/** product.md §2: the slug rule; the same pattern guards `/api/w/{slug}` lookups. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

export const RESERVED_SLUGS: ReadonlySet<string> = new Set(['master', 'archive']);

export function newWorkspaceDoc(fields: Pick<WorkspaceDoc, 'slug' | 'name'> & Partial<WorkspaceDoc>): WorkspaceDoc {
  return {
    _id: new ObjectId(),
    is_system: false,
    allow_join_requests: false,
    sending_window: null,
    archived_at: null,
    created_at: new Date(),
    members_version: 0,
    ...fields,
  };
}

/** A workspace by slug, archived ones included (super admin routes and lookups outside resolveWorkspace). */
export const workspaceBySlug = (db: Db, slug: string) => workspacesCollection(db).findOne({ slug });
