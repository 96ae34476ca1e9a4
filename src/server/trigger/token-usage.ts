// Per-minute use counts of each API token, for the token list's statistics. Not audit events:
// a busy trigger integration sends millions of numbers, and the audit trail records the token's
// life (created, revoked), not its traffic.
import type { Db, ObjectId } from 'mongodb';
import type { Logger } from 'pino';
import { COLLECTIONS } from '../db/collections.js';
import { isDuplicateKey } from '../db/connection.js';
import { TenantCollection, type WorkspaceId } from '../db/tenant.js';

export interface TokenUsageDoc {
  /** `<token id>:<minute ISO>`: one bucket per token and minute. */
  _id: string;
  workspace_id: WorkspaceId;
  token_id: ObjectId;
  minute: Date;
  count: number;
}

export const tokenUsageCollection = (db: Db) => new TenantCollection<TokenUsageDoc>(db, COLLECTIONS.apiTokenUsage);

/**
 * Counts one accepted number. An `$inc` upsert: on the dev database (FerretDB v1, read-then-write
 * updates) concurrent increments of one bucket can occasionally be lost, which is acceptable for
 * statistics (docs/decisions.md); it never blocks or fails the trigger call itself.
 */
export function countTokenUse(db: Db, logger: Logger, workspaceId: WorkspaceId, tokenId: ObjectId, now = new Date()): void {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const coll = tokenUsageCollection(db);
  const filter = { _id: `${tokenId.toHexString()}:${minute.toISOString()}`, workspace_id: workspaceId };
  const update = { $inc: { count: 1 }, $setOnInsert: { token_id: tokenId, minute } };
  coll
    .updateOne(filter, update, { upsert: true })
    // Two first uses of a minute race on the insert; the loser increments the winner's bucket.
    .catch((err: unknown) => (isDuplicateKey(err) ? coll.updateOne(filter, { $inc: { count: 1 } }) : Promise.reject(err)))
    .catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not count API token use'));
}

/** How long per-minute usage buckets are kept for the token list's statistics. */
export const TOKEN_USAGE_KEEP_DAYS = 30;

/**
 * Deletes usage buckets older than the kept window, across workspaces (maintenance, not a tenant
 * query). Run hourly by the server; the dev database has no TTL indexes.
 */
export async function pruneTokenUsage(db: Db, now = new Date(), keepDays = TOKEN_USAGE_KEEP_DAYS): Promise<number> {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
  const r = await tokenUsageCollection(db).raw.deleteMany({ minute: { $lt: cutoff } });
  return r.deletedCount;
}
