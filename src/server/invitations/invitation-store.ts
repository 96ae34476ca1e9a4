import type { Presented } from '../../contract/common.js';
import type { Invitation } from '../../contract/workspaces.js';
import type { Db, ObjectId } from 'mongodb';
import type { Role } from '../../domain/roles.js';
import { COLLECTIONS } from '../db/collections.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface InvitationDoc {
  _id: ObjectId;
  workspace_id: WorkspaceId;
  email: string;
  role: Role;
  is_moderator: boolean;
  /** SHA-256 hex of the token; the token itself is never stored. */
  token_hash: string;
  status: InvitationStatus;
  /** `${workspace_id}:${email}` while pending (unique: one pending per pair), `${_id}` once decided. */
  pending_key: string;
  invited_by: ObjectId;
  expires_at: Date;
  created_at: Date;
  decided_at: Date | null;
  decided_by: ObjectId | null;
}

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export const invitationsCollection = (db: Db) => new TenantCollection<InvitationDoc>(db, COLLECTIONS.invitations);

/** Found by token hash alone (the token is the capability); the workspace comes from the document. */
export const invitationByTokenHash = (db: Db, tokenHash: string) => invitationsCollection(db).raw.findOne({ token_hash: tokenHash });

export const pendingKey = (workspaceId: ObjectId, email: string) => `${workspaceId.toHexString()}:${email}`;

/** A pending invitation past its expiry is expired, whether or not that was written down yet. */
export function effectiveStatus(inv: InvitationDoc, now = new Date()): InvitationStatus {
  return inv.status === 'pending' && inv.expires_at <= now ? 'expired' : inv.status;
}

/** Writes down an expiry seen at read time, freeing the (workspace, e-mail) pair for a new invitation. */
export async function markExpired(db: Db, inv: InvitationDoc): Promise<void> {
  await invitationsCollection(db).updateOne(
    { workspace_id: inv.workspace_id, _id: inv._id, status: 'pending' },
    { $set: { status: 'expired', pending_key: inv._id.toHexString() } },
  );
}

export function publicInvitation(inv: InvitationDoc): Presented<Invitation> {
  return {
    id: inv._id.toHexString(),
    email: inv.email,
    role: inv.role,
    is_moderator: inv.is_moderator,
    status: effectiveStatus(inv),
    invited_by: inv.invited_by.toHexString(),
    expires_at: inv.expires_at,
    created_at: inv.created_at,
    decided_at: inv.decided_at,
  };
}
