import { MongoTopologyClosedError } from 'mongodb';
import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions } from './app.js';
import type { AppContext } from './app-context.js';
import { AuditLog, type AuditSink } from './audit/audit-log.js';
import { startAuditSweeper } from './audit/retention-sweeper.js';
import { startSessionCacheChecks } from './auth/session-cache.js';
import { pruneLoginSlots } from './auth/login.js';
import { SessionTokens } from './auth/session-token.js';
import { LastKnown } from './http/last-known.js';
import { REQUEST_GUARDS } from './request-guards.js';
import type { UserDoc } from './users/user-store.js';
import type { MembershipDoc, WorkspaceDoc } from './workspaces/workspace-store.js';
import { createCoreServices } from './core/core-services.js';
import { pruneTokenUsage } from './trigger/token-usage.js';
import { createAppMetrics } from './metrics/app-metrics.js';
import type { Config } from './config/config.js';
import { createMongoClient, databaseReason, describeError } from './db/connection.js';
import { watchDriverMonitor } from './db/monitor-watchdog.js';
import { closeGracefully } from './http/graceful-close.js';
import { uploadSlotsOf } from './recipients/upload-slots.js';
import { migrate, readSchemaVersion } from './migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION } from './migrations/steps.js';
import { ROUTES } from './routes.js';
import { startStatusPoller, type StatusPoller } from './campaigns/status-poller.js';
import { startExpirySweeper } from './db/expiry-sweeper.js';
import { eventHub } from './events/event-hub.js';
import { endEventStreams } from './events/event-stream.js';
import { startEventFeed, type EventFeed } from './events/event-feed.js';

declare module './app-context.js' {
  /** The services of features every request may use, added here where they are built. */
  interface AppContext {
    audit: AuditSink;
    sessions: SessionTokens;
    /** What the session and workspace guards last read, used while the database is unreachable. */
    lastKnown: {
      users: LastKnown<UserDoc>;
      workspaces: LastKnown<WorkspaceDoc>;
      memberships: LastKnown<MembershipDoc | null>;
    };
  }
}

export const LAST_KNOWN_MAX_AGE_MS = 15 * 60_000;

function newLastKnown(): AppContext['lastKnown'] {
  return {
    users: new LastKnown(LAST_KNOWN_MAX_AGE_MS),
    workspaces: new LastKnown(LAST_KNOWN_MAX_AGE_MS),
    memberships: new LastKnown(LAST_KNOWN_MAX_AGE_MS),
  };
}

export interface RunningServer {
  app: AppContext;
  server: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export class SchemaTooOldError extends Error {}

/** Three heartbeat intervals (10 s each): a check that has not ended by then never will. */
const MONITOR_STUCK_AFTER_MS = 30_000;

/**
 * Starts listening at once (so /healthz answers) and reaches the database in the background:
 * /readyz stays 503 with the reason until the database answered and the schema is current.
 */
export interface StartOptions {
  logger?: Logger;
  onFatal?: (err: Error) => void;
  /** The driver emits commandStarted events (the shard-key check records the queries the stores send). */
  monitorCommands?: boolean;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? pino(loggerOptions(config.LOG_LEVEL));
  const client = createMongoClient(config.mongodbUri, {
    serverSelectionTimeoutMS: config.MONGODB_SERVER_SELECTION_TIMEOUT_MS,
    monitorCommands: opts.monitorCommands ?? false,
  });
  const db = client.db(config.MONGODB_DB);
  const metrics = createAppMetrics();
  const watchdog = watchDriverMonitor(client, {
    stuckAfterMs: MONITOR_STUCK_AFTER_MS,
    checkEveryMs: 5_000,
    logger,
    onReconnected: () => metrics.dbReconnects.inc(),
  });
  const audit = new AuditLog({ db, metrics, secret: config.NEXTAUTH_SECRET, fallbackFile: config.auditFallbackFile, logger });
  const app: AppContext = {
    config,
    db,
    logger,
    audit,
    core: await createCoreServices(config, logger, metrics.core),
    metrics,
    sessions: new SessionTokens(config.NEXTAUTH_SECRET, config.SESSION_IDLE_MINUTES * 60_000),
    dbState: { ready: false, schemaVersion: null, lastError: 'not connected yet', lastReason: 'not_connected_yet' },
    lastKnown: newLastKnown(),
    limiters: new Map(),
  };
  metrics.watchCoreHealth(() => app.core.health.state().status);
  const server = await buildApp(app, ROUTES, REQUEST_GUARDS);
  // Shutdown: event streams end first (with a retry hint), so closing never waits for them.
  server.addHook('preClose', async () => endEventStreams(server));
  await server.listen({ port: config.PORT, host: config.HOST });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  const stop = new AbortController();
  const sweeper = startAuditSweeper(db, config.AUDIT_RETENTION_DAYS, logger);
  const sessionChecks = startSessionCacheChecks(app, config.SESSION_CACHE_CHECK_MS);
  const usagePruner = setInterval(() => {
    pruneTokenUsage(db).catch((err: unknown) => logger.warn({ err }, 'could not prune API token usage'));
    pruneLoginSlots(db, config.LOGIN_LOCKOUT_SECONDS).catch((err: unknown) => logger.warn({ err }, 'could not prune login slots'));
  }, 3_600_000).unref();
  const expirySweeper = startExpirySweeper(db, logger);
  let poller: StatusPoller | null = null;
  let feed: EventFeed | null = null;
  const readiness = waitForDatabase(app, stop.signal)
    .then(() => {
      if (stop.signal.aborted || !app.dbState.ready) return;
      poller = startStatusPoller(app);
      feed = startEventFeed(db, eventHub, logger);
    })
    .catch((err: Error) => {
      logger.fatal(err.message);
      opts.onFatal?.(err);
    });

  return {
    app,
    server,
    url: `http://localhost:${port}`,
    close: async () => {
      stop.abort();
      await closeGracefully(server, config.SHUTDOWN_GRACE_SECONDS * 1000);
      await uploadSlotsOf(app, config.UPLOAD_CONCURRENCY).idle();
      await readiness;
      await poller?.stop();
      await feed?.stop();
      await sweeper.stop();
      await expirySweeper.stop();
      clearInterval(usagePruner);
      sessionChecks.stop();
      await audit.idle();
      await app.core.close();
      await watchdog.stop();
      await client.close();
    },
  };
}

async function waitForDatabase(app: AppContext, signal: AbortSignal): Promise<void> {
  let delay = 250;
  while (!signal.aborted) {
    try {
      let version = await readSchemaVersion(app.db);
      if (version < EXPECTED_SCHEMA_VERSION) {
        if (!app.config.AUTO_MIGRATE)
          throw new SchemaTooOldError(`database schema version ${version} is older than this code expects (${EXPECTED_SCHEMA_VERSION}): run \`make migrate\` (or set AUTO_MIGRATE=true)`);
        await migrate(app.db, { auditRetentionDays: app.config.AUDIT_RETENTION_DAYS, log: (l) => app.logger.info(l) });
        version = await readSchemaVersion(app.db);
      }
      if (version > EXPECTED_SCHEMA_VERSION) throw new SchemaTooOldError(`database schema version ${version} is newer than this code (${EXPECTED_SCHEMA_VERSION}): deploy the newer code or restore a backup`);
      app.dbState = { ready: true, schemaVersion: version, lastError: null, lastReason: null };
      app.logger.info({ schemaVersion: version }, 'database reached; ready');
      return;
    } catch (err) {
      if (err instanceof SchemaTooOldError) {
        app.dbState = { ready: false, schemaVersion: null, lastError: err.message, lastReason: 'schema_mismatch' };
        throw err;
      }
      app.dbState = { ...app.dbState, lastError: describeError(err), lastReason: databaseReason(err) };
      // A first connection that failed leaves the driver's topology closed for good: open it again,
      // or a server started before its database would never become ready.
      if (err instanceof MongoTopologyClosedError) await app.db.client.connect().catch(() => undefined);
      app.logger.warn({ reason: describeError(err), retryInMs: delay }, 'waiting for the database');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
