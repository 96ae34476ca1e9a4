import type { Presented } from '../../contract/common.js';
import type { Sender, SenderRevision } from '../../contract/senders.js';
import { ObjectId, type Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { isDuplicateKey } from '../db/connection.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';
import type { Versioned } from '../db/claims.js';
import type { SenderAddress } from '../../domain/sender-address.js';

export type SenderStatus = 'pending_approval' | 'approved' | 'rejected' | 'archived';
export type RevisionStatus = 'pending_approval' | 'approved' | 'rejected';

export interface SenderDoc extends Versioned {
  _id: ObjectId;
  workspace_id: WorkspaceId;
  name: string;
  /** The lower-cased name while active, `archived:<_id>` once archived: unique per workspace. */
  active_name_key: string;
  status: SenderStatus;
  current_revision_id: ObjectId | null;
  created_by: ObjectId;
  created_at: Date;
  updated_at: Date;
}

export interface RevisionDoc extends Versioned, SenderAddress {
  _id: ObjectId;
  sender_name_id: ObjectId;
  workspace_id: WorkspaceId;
  revision_number: number;
  reason: string;
  status: RevisionStatus;
  created_by: ObjectId;
  decided_by: ObjectId | null;
  decision_note: string | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const sendersCollection = (db: Db) => new TenantCollection<SenderDoc>(db, COLLECTIONS.senderNames);
export const revisionsCollection = (db: Db) => new TenantCollection<RevisionDoc>(db, COLLECTIONS.senderRevisions);

export const activeNameKey = (name: string) => name.trim().toLowerCase();
export const archivedNameKey = (id: ObjectId) => `archived:${id.toHexString()}`;

const MAX_REVISION_ATTEMPTS = 20;

/**
 * Inserts a revision with the next free number: the unique (sender, number) index decides
 * between concurrent proposals, and a loser retries with the next number.
 */
export async function insertRevision(
  db: Db,
  sender: Pick<SenderDoc, '_id' | 'workspace_id'>,
  input: SenderAddress & { reason: string; created_by: ObjectId },
  now = new Date(),
): Promise<RevisionDoc> {
  const revisions = revisionsCollection(db);
  for (let attempt = 0; attempt < MAX_REVISION_ATTEMPTS; attempt++) {
    const last = await revisions
      .find({ workspace_id: sender.workspace_id, sender_name_id: sender._id }, { projection: { revision_number: 1 } })
      .sort({ revision_number: -1 })
      .limit(1)
      .toArray();
    const doc: RevisionDoc = {
      _id: new ObjectId(),
      sender_name_id: sender._id,
      workspace_id: sender.workspace_id,
      revision_number: (last[0]?.revision_number ?? 0) + 1,
      saddr: input.saddr,
      ston: input.ston,
      snpi: input.snpi,
      dton: input.dton,
      dnpi: input.dnpi,
      reason: input.reason,
      status: 'pending_approval',
      created_by: input.created_by,
      decided_by: null,
      decision_note: null,
      decided_at: null,
      created_at: now,
      updated_at: now,
      version: 0,
    };
    try {
      await revisions.insertOne(doc);
      return doc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  throw new Error('could not allocate a revision number');
}

export function publicRevision(r: RevisionDoc): Presented<SenderRevision> {
  return {
    id: r._id.toHexString(),
    sender_name_id: r.sender_name_id.toHexString(),
    revision_number: r.revision_number,
    saddr: r.saddr,
    ston: r.ston,
    snpi: r.snpi,
    dton: r.dton,
    dnpi: r.dnpi,
    reason: r.reason,
    status: r.status,
    created_by: r.created_by.toHexString(),
    decided_by: r.decided_by?.toHexString() ?? null,
    decision_note: r.decision_note,
    decided_at: r.decided_at,
    created_at: r.created_at,
    version: r.version,
  };
}

export function publicSender(s: SenderDoc, current: RevisionDoc | null): Presented<Sender> {
  return {
    id: s._id.toHexString(),
    name: s.name,
    status: s.status,
    current_revision_id: s.current_revision_id?.toHexString() ?? null,
    current_revision: current ? publicRevision(current) : null,
    created_by: s.created_by.toHexString(),
    created_at: s.created_at,
    version: s.version,
  };
}
