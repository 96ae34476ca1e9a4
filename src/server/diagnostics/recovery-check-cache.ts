import type { AppContext } from '../app-context.js';
import { runRecoveryChecks, type RecoveryCheck } from './recovery-checks.js';

/** The checklist reads the database and the whole audit fallback file: once a minute per server is plenty. */
export const RECOVERY_CHECKS_MAX_AGE_MS = 60_000;

export interface RecoveryChecklist {
  checks: RecoveryCheck[];
  computedAt: Date;
}

interface Entry {
  startedAt: number;
  result: Promise<RecoveryChecklist>;
}

/** Keyed by the server's context, so each server (and each test server in one process) has its own. */
const latest = new WeakMap<AppContext, Entry>();

/**
 * The recovery checklist as last computed on this server, computed again once it is a minute old.
 * Every tab polls `/api/diagnostics` every 5 s; concurrent requests share one run, and a run that
 * failed is not kept.
 */
export function recoveryChecklist(app: AppContext, now = Date.now()): Promise<RecoveryChecklist> {
  const entry = latest.get(app);
  if (entry && now - entry.startedAt < RECOVERY_CHECKS_MAX_AGE_MS) return entry.result;
  const result = runRecoveryChecks(app).then((checks) => ({ checks, computedAt: new Date() }));
  const fresh = { startedAt: now, result };
  latest.set(app, fresh);
  result.catch(() => {
    if (latest.get(app) === fresh) latest.delete(app);
  });
  return result;
}
