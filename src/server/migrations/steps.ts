import type { Db } from 'mongodb';
import { ensureCollections, ensureExpiryIndexes, ensureIndexes } from './indexes.js';

export interface MigrationStep {
  version: number;
  name: string;
  /** Must be idempotent: a step may run again after a crash before its version was recorded. */
  up(db: Db): Promise<void>;
}

/** Numbered in order; never renumber or edit a released step, add a new one. */
export const MIGRATIONS: MigrationStep[] = [
  { version: 1, name: 'create collections', up: ensureCollections },
  { version: 2, name: 'create indexes', up: ensureIndexes },
  {
    version: 3,
    name: 'shared replica state: rate limit hits, leases, event feed, idempotency keys',
    up: async (db) => {
      await ensureCollections(db);
      await ensureIndexes(db);
      await ensureExpiryIndexes(db);
    },
  },
  {
    version: 4,
    name: 'progress steps and their quarter-hour summaries for Overview (kept 8 days)',
    up: async (db) => {
      await ensureCollections(db);
      await ensureIndexes(db);
      await ensureExpiryIndexes(db);
    },
  },
];

export const EXPECTED_SCHEMA_VERSION = MIGRATIONS.length;
