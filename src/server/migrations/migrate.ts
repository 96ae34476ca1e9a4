import type { Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { withClaim } from '../db/claims.js';
import { syncAuditRetention } from './audit-retention.js';
import { ensureCollections, ensureIndexes } from './indexes.js';
import { EXPECTED_SCHEMA_VERSION, MIGRATIONS, type MigrationStep } from './steps.js';

interface MetaSchema {
  _id: 'schema';
  schema_version: number;
  migrated_at: Date;
}
export class MigrationError extends Error {}

/** A migration lock older than this is taken to belong to a migrate that crashed. */
const LOCK_TTL_MS = 10 * 60_000;

export async function readSchemaVersion(db: Db): Promise<number> {
  const doc = await db.collection<MetaSchema>(COLLECTIONS.meta).findOne({ _id: 'schema' });
  return doc?.schema_version ?? 0;
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
  const deadline = Date.now() + (opts.waitForLockMs ?? 60_000);
  // One migrate at a time: the claim `locks/migrate` (db/claims.ts), taken over after LOCK_TTL_MS.
  for (;;) {
    const outcome = await withClaim(db, 'migrate', () => applyMigrations(db, opts), { collection: COLLECTIONS.locks, staleAfterMs: LOCK_TTL_MS });
    if (outcome.won) return outcome.value;
    if (Date.now() > deadline) throw new MigrationError('another migration holds the lock (locks._id="migrate"); try again later');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function applyMigrations(db: Db, opts: { auditRetentionDays: number; log?: (line: string) => void; steps?: MigrationStep[] }): Promise<MigrateResult> {
  const steps = opts.steps ?? MIGRATIONS;
  const log = opts.log ?? (() => undefined);
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
}

export { EXPECTED_SCHEMA_VERSION };
