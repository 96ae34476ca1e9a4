import { MongoClient, MongoError, MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, type Db } from 'mongodb';
import { isDuplicateKeyCode } from './bulk-errors.js';

export interface Database {
  client: MongoClient;
  db: Db;
  close(): Promise<void>;
}

/**
 * Short timeouts: a request must fail fast with 503 rather than hang while the database is away.
 * Everything else (retryWrites, write concern, TLS, …) is the operator's connection string's say.
 */
export function createMongoClient(uri: string, opts: { serverSelectionTimeoutMS?: number; monitorCommands?: boolean } = {}): MongoClient {
  return new MongoClient(uri, {
    serverSelectionTimeoutMS: opts.serverSelectionTimeoutMS ?? 2_000,
    connectTimeoutMS: 2_000,
    maxPoolSize: 50,
    monitorCommands: opts.monitorCommands ?? false,
  });
}

export async function connectDatabase(uri: string, dbName: string): Promise<Database> {
  const client = createMongoClient(uri);
  await client.connect();
  return { client, db: client.db(dbName), close: () => client.close() };
}

/** What a server answers while it shuts down or steps down. */
const SHUTTING_DOWN = new Set([91, 189, 10107, 11600, 11602, 13435, 13436]);

/**
 * FerretDB v1 (the dev database) answers an operation cut by its shutdown with InternalError (1)
 * "context canceled" instead of MongoDB's InterruptedAtShutdown (seen in the outage tests).
 */
const cutByShutdown = (err: MongoServerError): boolean => SHUTTING_DOWN.has(Number(err.code)) || (err.code === 1 && /context canceled/.test(err.message));

/**
 * The driver (6.x and 7.x) lets a command written to a socket the database has just closed fail with
 * Node's own error (`EPIPE` "This socket has been ended by the other party", from its wait for
 * `drain`), not a MongoNetworkError: seen as 500s while the dev database shut down. Only such an
 * error raised inside the driver counts; the same code from anywhere else is not the database's.
 */
const SOCKET_GONE = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED']);
const driverSocketGone = (err: Error): boolean =>
  SOCKET_GONE.has(String((err as NodeJS.ErrnoException).code)) && /[\\/]node_modules[\\/]mongodb[\\/]lib[\\/]/.test(err.stack ?? '');

/**
 * True when the error means "the database is not reachable", not "the query was wrong". An
 * operation cut short because the database is shutting down or stepping down counts: it is the
 * same outage seen a moment earlier (503, cached reads, the audit fallback file), never a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof MongoNetworkError || err instanceof MongoServerSelectionError) return true;
  if (err instanceof MongoNotConnectedError || err instanceof MongoTopologyClosedError) return true;
  if (err instanceof MongoServerError && cutByShutdown(err)) return true;
  if (err instanceof MongoError && /connection|ECONNREFUSED|socket|topology|not connected/i.test(err.message)) return true;
  return !(err instanceof MongoError) && err instanceof Error && driverSocketGone(err);
}

export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoError && typeof err.code === 'number' && isDuplicateKeyCode(err.code);
}

export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * What may be said about a database failure to anyone (readiness, Diagnostics for non-operators):
 * a code, never the driver's text, which names hosts and ports (issue 18).
 */
export type DatabaseReason = 'not_connected_yet' | 'database_unreachable' | 'authentication_failed' | 'schema_mismatch' | 'database_error';

export function databaseReason(err: unknown): DatabaseReason {
  if (isDatabaseUnavailable(err)) return 'database_unreachable';
  if (err instanceof MongoError && (err.code === 18 || /auth/i.test(err.message))) return 'authentication_failed';
  return 'database_error';
}
