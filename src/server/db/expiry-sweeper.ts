import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { EXPIRING_COLLECTIONS } from './collections.js';

export const EXPIRY_SWEEP_MS = 60_000;

/** Deletes the documents of the shared-state collections whose `expires_at` passed. */
export async function sweepExpired(db: Db, now = new Date()): Promise<number> {
  let deleted = 0;
  for (const name of EXPIRING_COLLECTIONS) deleted += (await db.collection(name).deleteMany({ expires_at: { $lt: now } })).deletedCount;
  return deleted;
}

/**
 * Every minute on every replica. Where the server keeps TTL indexes (MongoDB) they already did
 * the work and this finds nothing; the dev database has none, and readers never trust an
 * expired document anyway (limits count their own window, leases compare `expires_at`).
 */
export function startExpirySweeper(db: Db, logger: Logger, intervalMs = EXPIRY_SWEEP_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweepExpired(db).catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not delete expired shared state'));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
