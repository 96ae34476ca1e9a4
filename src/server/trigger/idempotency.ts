// Idempotency-Key on the trigger API: a retried call with the same key (per token, 24 h) gets the
// first call's answer and sends nothing twice. The key is claimed with a unique insert, so of two
// concurrent calls exactly one sends; the other waits for its answer (or gets 409 while it runs).
import { createHash } from 'node:crypto';
import type { Db, ObjectId } from 'mongodb';
import { isDuplicateKey } from '../db/connection.js';
import { COLLECTIONS } from '../db/collections.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';
import { ApiError, badRequest } from '../http/errors.js';

export const IDEMPOTENCY_KEEP_MS = 24 * 3_600_000;
/** How long a duplicate waits for the first call's answer before answering 409. */
const WAIT_FOR_FIRST_MS = 5_000;
const WAIT_STEP_MS = 100;

interface IdempotencyDoc {
  /** `<token id>:<key>` */
  _id: string;
  workspace_id: WorkspaceId;
  /** The request the key was first used for: the same key with another request is refused. */
  request_hash: string;
  answer: { status: number; body: unknown } | null;
  created_at: Date;
  expires_at: Date;
}

const keys = (db: Db) => new TenantCollection<IdempotencyDoc>(db, COLLECTIONS.idempotencyKeys);

/** Printable ASCII, as the IETF Idempotency-Key draft and common clients (UUIDs) use. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header's key, null when absent; a malformed one is a 400. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header))
    throw badRequest([{ path: 'headers.idempotency-key', reason: 'must be 1–255 printable ASCII characters', rule: 'invalid_format' }]);
  return header;
}

export const requestHash = (parts: unknown): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

export type IdempotentStart = { kind: 'first'; finish(answer: { status: number; body: unknown }): Promise<void>; abandon(): Promise<void> } | { kind: 'replay'; status: number; body: unknown };

/**
 * Claims the key for this call (`first`: go ahead, then `finish` with the answer or `abandon` when
 * it failed, so a retry runs again) or returns the answer the first call gave (`replay`).
 */
export async function startIdempotent(
  db: Db,
  workspaceId: WorkspaceId,
  tokenId: ObjectId,
  key: string,
  hash: string,
  now = new Date(),
): Promise<IdempotentStart> {
  const coll = keys(db);
  const filter = { _id: `${tokenId.toHexString()}:${key}`, workspace_id: workspaceId };
  try {
    await coll.insertOne({ ...filter, request_hash: hash, answer: null, created_at: now, expires_at: new Date(now.getTime() + IDEMPOTENCY_KEEP_MS) });
    return {
      kind: 'first',
      finish: async (answer) => void (await coll.updateOne(filter, { $set: { answer } })),
      abandon: async () => void (await coll.deleteOne(filter)),
    };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  for (let waited = 0; ; waited += WAIT_STEP_MS) {
    const existing = await coll.findOne(filter);
    // Expired (not yet swept), or the first call failed and let go: this call goes first.
    if (!existing || existing.expires_at.getTime() <= now.getTime()) {
      if (existing) await coll.deleteOne({ ...filter, created_at: existing.created_at });
      return startIdempotent(db, workspaceId, tokenId, key, hash, now);
    }
    if (existing.request_hash !== hash)
      throw new ApiError('idempotency_key_reused');
    if (existing.answer) return { kind: 'replay', ...existing.answer };
    if (waited >= WAIT_FOR_FIRST_MS) throw new ApiError('idempotency_in_progress');
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}
