// Two server processes on one database and the simulator, as two replicas behind an ingress:
// limits hold across both, a change made through one reaches a stream held on the other, Core is
// polled once per interval, and killing the poller's holder moves the lease to the other.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLLER_LEASE } from '../../src/server/campaigns/status-poller.js';
import { leaseHolder } from '../../src/server/db/leases.js';
import { seed } from '../../src/server/seed/seed.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { ApiClient } from '../support/http-client.js';
import { spawnServer, type ServerProcess } from '../support/server-replica.js';
import type { TestServer } from '../support/server.js';
import { startSim, type RunningSim } from '../support/sim.js';
import { openSse, type SseStream } from './events-sse-client.js';
import { putStream } from './recipients-upload-client.js';
import { makeMember, makeWorkspace, type FixtureUser } from './workspaces-fixtures.js';

const POLL_MS = 500;
const LOGIN_RATE = 6;
const TRIGGER_RATE = 5;

let sim: RunningSim;
let database: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;
let base: string;
let author: FixtureUser;
let moderator: FixtureUser;
let admin: FixtureUser;
let senderId: string;
const streams: SseStream[] = [];

beforeAll(async () => {
  sim = await startSim({ sendRate: 1000 });
  database = await testDatabase('replicas');
  const env = {
    MONGODB_URI: database.uri,
    MONGODB_DB: database.name,
    CORE_API_URL: sim.coreUrl,
    CORE_HEALTH_URL: sim.healthUrl,
    PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
    PROXY_API_URL: sim.proxyUrl,
    CORE_POLL_INTERVAL_MS: String(POLL_MS),
    LOGIN_RATE_PER_IP: String(LOGIN_RATE),
    TRIGGER_RATE_PER_SEC: String(TRIGGER_RATE),
    // The test plays the ingress: X-Forwarded-For from loopback names the client.
    TRUST_PROXY: '127.0.0.1',
  };
  await seed(database.db, testConfig(env));
  [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  // Fixtures are written to the database and signed in through replica A.
  const viaA = { database, client: () => new ApiClient(a.url) } as unknown as TestServer;
  const ws = await makeWorkspace(viaA, 'replicas-ws');
  base = `/api/w/${ws.slug}`;
  admin = await makeMember(viaA, ws, 'admin-replicas@example.test', 'admin');
  author = await makeMember(viaA, ws, 'author-replicas@example.test', 'author');
  moderator = await makeMember(viaA, ws, 'mod-replicas@example.test', 'moderator');
  const created = await admin.client.post(`${base}/senders`, { name: 'Brand', saddr: 'BRAND' });
  expect(created.status).toBe(201);
  expect((await moderator.client.post(`${base}/sender-revisions/${created.body.revision.id}/approve`, { note: 'ok' })).status).toBe(200);
  senderId = created.body.sender.id;
}, 180_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await sim?.stop();
  await database?.drop();
});

/** Fixed windows: a run this machine spreads over k windows may pass k × the limit. */
const windowsSpanned = (started: number, windowMs: number) => Math.floor(Date.now() / windowMs) - Math.floor(started / windowMs) + 1;

async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const activeJobLists = async () => (await sim.control<{ counters: { activeJobLists: number } }>('GET', '/state')).counters.activeJobLists;

describe('two replicas on one database', () => {
  it('the login limit per client IP holds across both, and the IP comes from X-Forwarded-For', async () => {
    const login = (server: ServerProcess, ip: string) =>
      fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-forwarded-for': ip },
        body: JSON.stringify({ email: `nobody-${randomUUID()}@example.test`, password: 'wrong-password-1' }),
      }).then((r) => r.status);
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_RATE * 2; i++) statuses.push(await login(i % 2 ? a : b, '203.0.113.7'));
    const windows = windowsSpanned(started, 60_000);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(LOGIN_RATE * windows);
    if (windows === 1) expect(statuses.filter((s) => s === 429)).toHaveLength(LOGIN_RATE);
    // Another client behind the same ingress has its own limit.
    expect(await login(a, '203.0.113.8')).toBe(401);
  });

  it('the trigger limit per token holds across both', async () => {
    const c = (await author.client.post(`${base}/campaigns`, {
      external_id: randomUUID(),
      mode: 'Trigger',
      name: 'Codes',
      sender_id: senderId,
      esme: 'esme-beeline',
      text: 'Code {{code}}',
      end_at: new Date(Date.now() + 3_600_000).toISOString(),
    })).body.campaign;
    expect((await author.client.post(`${base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
    expect((await moderator.client.post(`${base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
    await waitUntil('the trigger campaign to send', async () => (await author.client.get(`${base}/campaigns/${c.external_id}`)).body.campaign.status === 'Sending');
    const token = (await admin.client.post(`${base}/api-tokens`, { name: 'replicas' })).body.token as string;
    const push = (server: ServerProcess) =>
      fetch(`${server.url}/api/v1/campaigns/${c.external_id}/numbers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ number: '998901234567', vars: { code: '1' } }),
      }).then((r) => r.status);
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: TRIGGER_RATE * 4 }, (_, i) => push(i % 2 ? a : b)));
    const windows = windowsSpanned(started, 1000);
    const accepted = statuses.filter((s) => s === 202).length;
    expect(accepted + statuses.filter((s) => s === 429).length).toBe(TRIGGER_RATE * 4);
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(TRIGGER_RATE * windows);
  });

  it('an upload made through one replica reaches an event stream held on the other', async () => {
    const stream = await openSse(`${b.url}${base}/events`, author.client.sessionCookie);
    streams.push(stream);
    expect(stream.status).toBe(200);
    const c = (await author.client.post(`${base}/campaigns`, { external_id: randomUUID(), mode: 'OnDemand', name: 'List', sender_id: senderId, esme: 'esme-beeline', text: 'Hello' })).body.campaign;
    const upload = await putStream({
      url: `${a.url}${base}/campaigns/${c.external_id}/recipients`,
      cookie: author.client.sessionCookie,
      contentType: 'text/plain',
      body: (async function* () {
        yield Buffer.from(Array.from({ length: 50 }, (_, i) => `99890${1_000_000 + i}`).join('\n'));
      })(),
    });
    expect(upload.status).toBe(200);
    await stream.waitFor((e) => e.event === 'upload' && JSON.parse(e.data).external_id === c.external_id && JSON.parse(e.data).state === 'done');
  });

  it('the cap of 5 open event streams per user counts the streams on both replicas', async () => {
    const opened: SseStream[] = [];
    for (let i = 0; i < 5; i++) opened.push(await openSse(`${(i % 2 ? a : b).url}${base}/events`, moderator.client.sessionCookie));
    streams.push(...opened);
    expect(opened.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await openSse(`${a.url}${base}/events`, moderator.client.sessionCookie);
    streams.push(sixth);
    expect(sixth.status).toBe(429);
    opened[0]!.close();
    // The closed stream's lease is released by replica B; then A admits a new one.
    const again = await waitUntil('a freed stream slot', async () => {
      const s = await openSse(`${a.url}${base}/events`, moderator.client.sessionCookie);
      streams.push(s);
      return s.status === 200 ? s : null;
    });
    expect(again.status).toBe(200);
  });

  it('Core is polled once per interval, not once per replica', async () => {
    const from = await activeJobLists();
    const started = Date.now();
    await waitUntil('six status polls', async () => (await activeJobLists()) >= from + 6);
    // Two pollers would make six polls in about three intervals; one needs at least five.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * POLL_MS * 0.9);
  });

  it('killing the poller lease holder moves the lease to the other replica, and polling goes on', async () => {
    const holder = await waitUntil('a poller lease holder', () => leaseHolder(database.db, POLLER_LEASE));
    const [dying, surviving] = holder.includes(`:${a.pid}:`) ? [a, b] : [b, a];
    expect(holder).toContain(`:${dying.pid}:`);
    const killedAt = Date.now();
    await dying.kill();
    await waitUntil('the lease to move', async () => (await leaseHolder(database.db, POLLER_LEASE))?.includes(`:${surviving.pid}:`), 30_000);
    const tookOverMs = Date.now() - killedAt;
    // The lease lasts one interval and is renewed every third of it: the other replica takes over
    // within about one interval (generous bound for a busy machine).
    expect(tookOverMs).toBeLessThan(10 * POLL_MS);
    const polls = await activeJobLists();
    await waitUntil('polling by the survivor', async () => (await activeJobLists()) >= polls + 2);
  });
});
