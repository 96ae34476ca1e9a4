import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import type { CoreServices } from './core/core-services.js';
import type { AppMetrics } from './metrics/app-metrics.js';
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

/**
 * Everything a route or service needs, built once per process. This layer declares the
 * infrastructure; the services of features (the audit log, session tokens, last-known caches)
 * are added by the composition root (`start-server.ts`) through declaration merging, so this
 * file never imports a feature.
 */
export interface AppContext {
  config: Config;
  db: Db;
  logger: Logger;
  core: CoreServices;
  metrics: AppMetrics;
  dbState: DatabaseState;
  limiters: Map<string, RateLimiter>;
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
