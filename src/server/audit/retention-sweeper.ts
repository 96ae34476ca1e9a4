import type { Db } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { retentionMode } from '../migrations/audit-retention.js';
import { utcDay } from './audit-event.js';

const DAY_MS = 86_400_000;
export const SWEEP_INTERVAL_MS = 3_600_000;
/** How far back past the cut-off each sweep looks for forgotten day buckets. */
export const SWEEP_SCAN_DAYS = 366;

/**
 * The day buckets a sweep deletes, newest first: every day strictly before the day of
 * `now - retentionDays`, going back `scanDays`. The cut-off day itself is kept whole, so an
 * event lives between retentionDays and retentionDays + 1 days.
 */
export function expiredDays(now: Date, retentionDays: number, scanDays = SWEEP_SCAN_DAYS): string[] {
  const cutoff = Date.parse(`${utcDay(new Date(now.getTime() - retentionDays * DAY_MS))}T00:00:00Z`);
  return Array.from({ length: scanDays }, (_, i) => utcDay(new Date(cutoff - (i + 1) * DAY_MS)));
}

/**
 * Deletes expired audit events day by day with `{day}` equality — the only filter FerretDB v1
 * pushes down (operations.md §2) — for servers without a TTL index.
 */
export async function sweepAuditRetention(db: Db, retentionDays: number, now = new Date(), scanDays = SWEEP_SCAN_DAYS): Promise<number> {
  const coll = db.collection(COLLECTIONS.auditLogs);
  let deleted = 0;
  for (const day of expiredDays(now, retentionDays, scanDays)) deleted += (await coll.deleteMany({ day })).deletedCount;
  return deleted;
}

export interface SweeperLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AuditSweeper {
  stop(): Promise<void>;
}

/**
 * Hourly sweep, only where migrations recorded `sweeper` mode (no TTL index). The mode is read
 * at every tick, so a database that becomes reachable later is handled; failures wait an hour.
 */
export function startAuditSweeper(db: Db, retentionDays: number, logger: SweeperLogger, intervalMs = SWEEP_INTERVAL_MS): AuditSweeper {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = (async () => {
      if ((await retentionMode(db)) !== 'sweeper') return;
      const deleted = await sweepAuditRetention(db, retentionDays);
      if (deleted) logger.info({ deleted, retentionDays }, '[audit-retention] expired audit events deleted');
    })()
      .catch((err: unknown) => logger.warn({ error: (err as Error).message }, '[audit-retention] sweep failed; retrying in an hour'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
