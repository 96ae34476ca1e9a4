import type { Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';

const TTL_INDEX = 'ts_ttl';

export type RetentionMode = 'ttl_index' | 'sweeper';

/**
 * Keeps the TTL index on `audit_logs.ts` at AUDIT_RETENTION_DAYS (collMod when the value
 * changed). Servers that refuse TTL indexes (FerretDB v1) get the hourly sweeper instead;
 * the mode is recorded in `meta` so the server knows which one to run.
 */
export async function syncAuditRetention(db: Db, retentionDays: number): Promise<RetentionMode> {
  const seconds = retentionDays * 86_400;
  const coll = db.collection(COLLECTIONS.auditLogs);
  const current = (await coll.listIndexes().toArray()).find((i) => i.name === TTL_INDEX);
  let mode: RetentionMode = 'ttl_index';
  try {
    if (!current) await coll.createIndex({ ts: 1 }, { name: TTL_INDEX, expireAfterSeconds: seconds });
    else if (current.expireAfterSeconds !== seconds)
      await db.command({ collMod: COLLECTIONS.auditLogs, index: { name: TTL_INDEX, expireAfterSeconds: seconds } });
  } catch {
    mode = 'sweeper';
    if (!current) await coll.createIndex({ ts: 1 }, { name: 'ts' }).catch(() => undefined);
  }
  const meta = db.collection<{ _id: string; mode?: RetentionMode; retention_days?: number }>(COLLECTIONS.meta);
  const recorded = await meta.findOne({ _id: 'audit_retention' });
  // Written only on a change, so a repeated migrate or seed leaves the database as it was.
  if (recorded?.mode !== mode || recorded.retention_days !== retentionDays)
    await meta.updateOne({ _id: 'audit_retention' }, { $set: { mode, retention_days: retentionDays, updated_at: new Date() } }, { upsert: true });
  return mode;
}

export async function retentionMode(db: Db): Promise<RetentionMode> {
  const doc = await db.collection<{ _id: string; mode?: RetentionMode }>(COLLECTIONS.meta).findOne({ _id: 'audit_retention' });
  return doc?.mode ?? 'sweeper';
}
