import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { testConfig } from '../support/config.js';
import { freePort } from '../support/free-port.js';
import { startDevDb, type DevDbProcess } from '../support/devdb-process.js';
import { seed } from '../../src/server/seed/seed.js';
import { MongoClient, ObjectId } from 'mongodb';
import { hashPassword } from '../../src/server/auth/password.js';
import { newUserDoc } from '../../src/server/users/user-store.js';
import { ApiClient } from '../support/http-client.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const waitFor = async (check: () => Promise<boolean>, ms = 40_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
};

describe('readiness while the database is away', () => {
  it('keeps /healthz 200 and /readyz 503 with the reason, then becomes ready when the database comes', async () => {
    // The database is prepared (seeded) first and stopped, so that when it comes back the server
    // finds a current schema; an empty database would rightly be refused as an older schema.
    const port = await freePort();
    const prepared: DevDbProcess = await startDevDb({ port });
    const seeding = new MongoClient(prepared.uri);
    await seed(seeding.db('ready_test'), testConfig({}));
    await seeding.close();
    await prepared.stop();

    const server: RunningServer = await startServer(testConfig({ MONGODB_URI: `mongodb://127.0.0.1:${port}/`, MONGODB_DB: 'ready_test' }));
    cleanups.push(() => server.close());
    expect((await fetch(server.url + '/healthz')).status).toBe(200);
    const notReady = await fetch(server.url + '/readyz');
    expect(notReady.status).toBe(503);
    // A code, never the driver's text (it names hosts and ports): /readyz is public (issue 18).
    expect(((await notReady.json()) as { database: { reason: string } }).database.reason).toMatch(/^(not_connected_yet|database_unreachable)$/);
    // The first connection attempt has failed before the database comes (a pod started before it).
    await waitFor(async () => server.app.dbState.lastReason === 'database_unreachable');

    const db: DevDbProcess = await startDevDb({ port, dataDir: prepared.dataDir });
    cleanups.push(async () => {
      await db.stop();
      await prepared.dispose();
    });
    await waitFor(async () => (await fetch(server.url + '/readyz')).status === 200);
    const client = new MongoClient(db.uri);
    await client.db('ready_test').collection('users').insertOne(newUserDoc({ _id: new ObjectId(), email: 'plain@example.test', name: 'Plain', password_hash: await hashPassword('plain-password-1', 4) }));
    await client.close();
    const plain = new ApiClient(server.url);
    await plain.login('plain@example.test', 'plain-password-1');
    const root = new ApiClient(server.url);
    await root.login('root@example.test', 'root-password-1');
    for (const c of [plain, root]) expect((await c.get('/api/me')).status).toBe(200); // remembered for the outage

    // Login while the database is down again answers 503, never a pass.
    await db.stop();
    // Diagnostics: a reason code for an ordinary user, the driver's text only for a super admin.
    const forPlain = await plain.get('/api/diagnostics');
    expect(forPlain.status).toBe(200);
    expect(forPlain.body.database).toEqual({ status: 'unreachable', reason: 'database_unreachable' });
    expect(JSON.stringify(forPlain.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|Server selection/);
    const forRoot = await root.get('/api/diagnostics');
    expect(forRoot.body.database).toMatchObject({ status: 'unreachable', reason: 'database_unreachable', detail: expect.stringMatching(/ECONNREFUSED|connect|Server selection/i) });
    const login = await fetch(server.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ email: 'root@example.test', password: 'root-password-1' }),
    });
    expect(login.status).toBe(503);
    expect(((await login.json()) as { error: { code: string } }).error.code).toBe('database_unavailable');
    // Once ready, readiness stays 200 so the degraded mode stays reachable behind a load balancer.
    expect((await fetch(server.url + '/readyz')).status).toBe(200);
  });

  it("/readyz names the failure with a code, never the driver's text (host names, ports)", async () => {
    const server = await startServer(testConfig({ MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/`, MONGODB_DB: 'ready_none' }));
    cleanups.push(() => server.close());
    let text = '';
    await waitFor(async () => {
      text = await (await fetch(server.url + '/readyz')).text();
      return (JSON.parse(text) as { database: { reason: string } }).database.reason === 'database_unreachable';
    });
    expect(server.app.dbState.lastError).toMatch(/\w/); // the text stays in the process (and its log)
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|Server selection|Topology|:\d{4,5}/);
  });

  it('refuses to serve an older schema unless AUTO_MIGRATE=true', async () => {
    const db = await startDevDb();
    cleanups.push(() => db.dispose());
    let fatal: Error | null = null;
    const old = await startServer(testConfig({ MONGODB_URI: db.uri, MONGODB_DB: 'old_schema' }), { onFatal: (e) => (fatal = e) });
    cleanups.push(() => old.close());
    await waitFor(async () => fatal !== null);
    expect(String(fatal)).toMatch(/run `make migrate`/);
    expect((await fetch(old.url + '/readyz')).status).toBe(503);

    const auto = await startServer(testConfig({ MONGODB_URI: db.uri, MONGODB_DB: 'old_schema', AUTO_MIGRATE: 'true' }));
    cleanups.push(() => auto.close());
    await waitFor(async () => (await fetch(auto.url + '/readyz')).status === 200);
  });
});
