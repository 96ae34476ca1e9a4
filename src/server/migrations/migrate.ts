import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { isDuplicateKey } from '../db/connection.js';
import { syncAuditRetention } from './audit-retention.js';
import { ensureCollections, ensureIndexes } from './indexes.js';
import { EXPECTED_SCHEMA_VERSION, MIGRATIONS, type MigrationStep } from './steps.js';

interface MetaSchema {
  _id: 'schema';
  schema_version: number;
  migrated_at: Date;
}
interface LockDoc {
  _id: string;
  owner: string;
  expires_at: Date;
}

export class MigrationError extends Error {}

const LOCK_TTL_MS = 10 * 60_000;

export async function readSchemaVersion(db: Db): Promise<number> {
  const doc = await db.collection<MetaSchema>(COLLECTIONS.meta).findOne({ _id: 'schema' });
  return doc?.schema_version ?? 0;
}

/** A lock document with an expiry, so a crashed migrate does not block the next one forever. */
async function acquireLock(db: Db, owner: string): Promise<boolean> {
  const locks = db.collection<LockDoc>(COLLECTIONS.locks);
  const expires_at = new Date(Date.now() + LOCK_TTL_MS);
  try {
    await locks.insertOne({ _id: 'migrate', owner, expires_at });
    return true;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const stale = await locks.findOne({ _id: 'migrate' });
  if (!stale || stale.expires_at.getTime() > Date.now()) return false;
  const taken = await locks.updateOne({ _id: 'migrate', owner: stale.owner }, { $set: { owner, expires_at } });
  return taken.modifiedCount === 1;
}

async function releaseLock(db: Db, owner: string): Promise<void> {
  await db.collection<LockDoc>(COLLECTIONS.locks).deleteOne({ _id: 'migrate', owner });
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
}

export async function migrate(
  db: Db,
  opts: { auditRetentionDays: number; log?: (line: string) => void; steps?: MigrationStep[]; waitForLockMs?: number },
): Promise<MigrateResult> {
  const steps = opts.steps ?? MIGRATIONS;
  const log = opts.log ?? (() => undefined);
  const owner = randomUUID();
  const deadline = Date.now() + (opts.waitForLockMs ?? 60_000);
  while (!(await acquireLock(db, owner))) {
    if (Date.now() > deadline) throw new MigrationError('another migration holds the lock (locks._id="migrate"); try again later');
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    const from = await readSchemaVersion(db);
    if (from > steps.length)
      throw new MigrationError(`database schema version ${from} is newer than this code (${steps.length}); restore a backup or deploy newer code`);
    const applied: string[] = [];
    for (const step of steps.filter((s) => s.version > from)) {
      log(`applying migration ${step.version}: ${step.name}`);
      try {
        await step.up(db);
      } catch (err) {
        throw new MigrationError(`migration ${step.version} (${step.name}) failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      await db
        .collection<MetaSchema>(COLLECTIONS.meta)
        .updateOne({ _id: 'schema' }, { $set: { schema_version: step.version, migrated_at: new Date() } }, { upsert: true });
      applied.push(`${step.version} ${step.name}`);
    }
    // Indexes are declared in one table; creating them is idempotent, so every run reconciles.
    await ensureCollections(db);
    await ensureIndexes(db);
    const mode = await syncAuditRetention(db, opts.auditRetentionDays);
    log(`audit retention ${opts.auditRetentionDays} days (${mode === 'ttl_index' ? 'TTL index' : 'hourly sweeper'})`);
    return { from, to: await readSchemaVersion(db), applied };
  } finally {
    await releaseLock(db, owner);
  }
}

export { EXPECTED_SCHEMA_VERSION };
