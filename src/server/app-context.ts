import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { AuditSink } from './audit/audit-log.js';
import type { CoreServices } from './core/core-services.js';
import type { AppMetrics } from './metrics/app-metrics.js';
import type { SessionTokens } from './auth/session-token.js';
import type { UserDoc } from './users/user-store.js';
import type { MembershipDoc, WorkspaceDoc } from './workspaces/workspace-store.js';
import { LastKnown } from './http/last-known.js';
import { RateLimiter } from './http/rate-limiter.js';
import type { DatabaseReason } from './db/connection.js';

export interface DatabaseState {
  /** The process reached the database once and found the schema current (readiness). */
  ready: boolean;
  schemaVersion: number | null;
  lastError: string | null;
  /** `lastError` as a code: what readiness shows (the text is for logs and super admins). */
  lastReason: DatabaseReason | null;
}

/** Everything a route or service needs, built once per process. */
export interface AppContext {
  config: Config;
  db: Db;
  logger: Logger;
  audit: AuditSink;
  core: CoreServices;
  metrics: AppMetrics;
  sessions: SessionTokens;
  dbState: DatabaseState;
  lastKnown: {
    users: LastKnown<UserDoc>;
    workspaces: LastKnown<WorkspaceDoc>;
    memberships: LastKnown<MembershipDoc | null>;
  };
  limiters: Map<string, RateLimiter>;
}

export const LAST_KNOWN_MAX_AGE_MS = 15 * 60_000;

export function newLastKnown(): AppContext['lastKnown'] {
  return {
    users: new LastKnown(LAST_KNOWN_MAX_AGE_MS),
    workspaces: new LastKnown(LAST_KNOWN_MAX_AGE_MS),
    memberships: new LastKnown(LAST_KNOWN_MAX_AGE_MS),
  };
}

/** The named limit, shared with every replica through the database (see RateLimiter). */
export function limiterFor(app: AppContext, name: string, limit: number, windowMs: number): RateLimiter {
  let l = app.limiters.get(name);
  if (!l) {
    l = new RateLimiter(app.db, name, limit, windowMs);
    app.limiters.set(name, l);
  }
  return l;
}
