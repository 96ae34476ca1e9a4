import type { Db } from 'mongodb';
import { claimOnce, releaseClaim } from '../db/claims.js';
import { conflict } from '../http/errors.js';
import type { ConflictReason } from '../../domain/error-catalogue.js';

/**
 * Runs `change` only while holding the claim `key` (a unique insert: atomic on both database
 * servers, unlike conditional updates on FerretDB v1); a concurrent caller gets 409. `change`
 * must re-read the state it depends on: a claim left by a dead process is taken over after 30 s.
 */
export async function exclusively<T>(db: Db, key: string, change: () => Promise<T>, reason?: ConflictReason): Promise<T> {
  if (!(await claimOnce(db, key))) throw conflict(reason);
  try {
    return await change();
  } finally {
    await releaseClaim(db, key).catch(() => undefined);
  }
}
