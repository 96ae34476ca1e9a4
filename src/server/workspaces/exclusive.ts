import type { Db } from 'mongodb';
import { withClaim } from '../db/claims.js';
import { conflict } from '../http/errors.js';
import type { ConflictReason } from '../../domain/error-catalogue.js';

/**
 * Runs `change` only while holding the claim `key` (db/claims.ts); a concurrent caller gets 409.
 * `change` must re-read the state it depends on: a claim left by a dead process is taken over after 30 s.
 */
export async function exclusively<T>(db: Db, key: string, change: () => Promise<T>, reason?: ConflictReason): Promise<T> {
  const outcome = await withClaim(db, key, change);
  if (!outcome.won) throw conflict(reason);
  return outcome.value;
}
