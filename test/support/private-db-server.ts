import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { seed } from '../../src/server/seed/seed.js';
import { testConfig } from './config.js';
import { startDevDb, type DevDbProcess } from './devdb-process.js';
import { ApiClient } from './http-client.js';

export interface PrivateDbServer extends RunningServer {
  /** A direct client on the private database (reconnects after restartDb). */
  db: Db;
  devdb: DevDbProcess;
  fallbackFile: string;
  tmpDir: string;
  superAdmin: { email: string; password: string };
  client(): ApiClient;
  /**
   * SIGTERM the database process and wait for it to exit; the server keeps running. Measured: the
   * port refuses new connections within ~10 ms, but FerretDB serves the connections already open
   * for ~3 s more (graceful close), so the database is away for the server only at the exit.
   */
  stopDb(): Promise<void>;
  /** Starts the database again on the same port and data folder. */
  startDb(): Promise<void>;
  stop(): Promise<void>;
}

const RECONNECT_MS = 120_000;

/** The driver's monitoring events (heartbeats, server descriptions, pool clears), the last 40 kept. */
function recordDriverEvents(client: MongoClient): () => string[] {
  const events: string[] = [];
  const keep = (line: string) => {
    events.push(`${new Date().toISOString()} ${line}`);
    if (events.length > 40) events.shift();
  };
  client.on('serverHeartbeatStarted', (e) => keep(`heartbeat started${e.awaited ? ' (awaited)' : ''}`));
  client.on('serverHeartbeatSucceeded', (e) => keep(`heartbeat ok ${e.duration} ms`));
  client.on('serverHeartbeatFailed', (e) => keep(`heartbeat failed after ${e.duration} ms: ${String(e.failure)}`));
  client.on('serverDescriptionChanged', (e) => keep(`server ${e.previousDescription.type} -> ${e.newDescription.type} ${e.newDescription.error ? String(e.newDescription.error) : ''}`));
  client.on('connectionPoolCleared', () => keep('pool cleared'));
  client.on('connectionCreated', (e) => keep(`connection ${e.connectionId} created`));
  client.on('connectionClosed', (e) => keep(`connection ${e.connectionId} closed: ${e.reason}`));
  return () => [...events];
}

async function pingWithNewClient(uri: string): Promise<string> {
  const probe = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await probe.db('admin').command({ ping: 1 });
    return 'answered ping';
  } catch (err) {
    return `failed too: ${String(err)}`;
  } finally {
    await probe.close();
  }
}

/**
 * The real server over a private dev database process that a test may stop and start (the
 * shared one must never be stopped), seeded there, with its audit fallback file in a temp folder.
 */
export async function startPrivateDbServer(overrides: Record<string, string> = {}): Promise<PrivateDbServer> {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-private-'));
  let devdb = await startDevDb();
  const dataDir = devdb.dataDir;
  const port = Number(new URL(devdb.uri).port);
  const fallbackFile = path.join(tmpDir, 'audit-fallback.jsonl');
  const config = testConfig({ MONGODB_URI: devdb.uri, MONGODB_DB: 'mc', AUDIT_FALLBACK_FILE: fallbackFile, ...overrides });
  const direct = new MongoClient(devdb.uri, { serverSelectionTimeoutMS: 5_000 });
  await direct.connect();
  const db = direct.db('mc');
  await seed(db, config);
  const running = await startServer(config);
  const driverEvents = recordDriverEvents(running.app.db.client);
  for (let i = 0; i < 100 && !running.app.dbState.ready; i++) await new Promise((r) => setTimeout(r, 50));
  const handle: PrivateDbServer = {
    ...running,
    db,
    get devdb() {
      return devdb;
    },
    fallbackFile,
    tmpDir,
    superAdmin: { email: config.SEED_SUPER_ADMIN_EMAIL, password: config.SEED_SUPER_ADMIN_PASSWORD! },
    client: () => new ApiClient(running.url),
    stopDb: async () => {
      await devdb.stop();
    },
    startDb: async () => {
      devdb = await startDevDb({ dataDir, port, fresh: false });
      // Back only once the server's own client reaches it (its monitor may take a moment to notice).
      const deadline = Date.now() + RECONNECT_MS;
      for (let attempt = 1; ; attempt++) {
        try {
          await running.app.db.command({ ping: 1 });
          return;
        } catch (err) {
          if (Date.now() > deadline) {
            const direct = await pingWithNewClient(devdb.uri);
            throw new Error(
              `the server's client did not reach the restarted database in ${RECONNECT_MS / 1000} s (${attempt} pings; last: ${String(err)}); ` +
                `a new client: ${direct}\nthe server's driver, last events:\n${driverEvents().join('\n')}\ndevdb's log:\n${devdb.stderrTail()}`,
              { cause: err },
            );
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    stop: async () => {
      await running.close();
      await direct.close();
      await devdb.stop();
      // The first process created the data folder; dispose() of a restarted one would keep it.
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
  return handle;
}
