// Issue 18: logout, block, password reset and role change must not survive in any replica's
// last-known cache (used while the database is unreachable). Two servers share one database; a
// server whose database connection is closed stands for one that lost the database.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/password.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { newUserDoc } from '../../src/server/users/user-store.js';
import { testConfig } from '../support/config.js';
import { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let a: TestServer;
let b: RunningServer;
const extra: RunningServer[] = [];
const CHECK_MS = '100';

beforeAll(async () => {
  a = await startTestServer({ SESSION_CACHE_CHECK_MS: CHECK_MS }, 'sesscache');
  b = await startServer(testConfig({ MONGODB_URI: a.database.uri, MONGODB_DB: a.database.name, SESSION_CACHE_CHECK_MS: CHECK_MS }));
});
afterAll(async () => {
  for (const s of [b, ...extra]) await s?.close().catch(() => undefined);
  await a?.stop();
});

async function signedInUser(email: string) {
  const id = new ObjectId();
  await a.database.db.collection('users').insertOne(newUserDoc({ _id: id, email, name: email, password_hash: await hashPassword('user-password-1', 4) }));
  const onA = new ApiClient(a.url);
  await onA.login(email, 'user-password-1');
  return { id: id.toHexString(), onA, cookie: onA.sessionCookie! };
}

const onServer = (server: { url: string }, cookie: string) => {
  const c = new ApiClient(server.url);
  c.sessionCookie = cookie;
  return c;
};

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`not reached: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Closes a server's database connection: it now answers from its last-known values only. */
async function cutOff(server: RunningServer): Promise<void> {
  await server.app.db.client.close();
}

describe('last-known sessions across replicas', () => {
  it("a logout on A is dropped from another replica's cache: the copied cookie is refused there once it loses the database", async () => {
    const u = await signedInUser('logout@example.test');
    const bystander = await signedInUser('bystander-c@example.test');
    const c = await startServer(testConfig({ MONGODB_URI: a.database.uri, MONGODB_DB: a.database.name, SESSION_CACHE_CHECK_MS: CHECK_MS }));
    extra.push(c);
    expect((await onServer(c, u.cookie).get('/api/diagnostics')).status).toBe(200); // C remembers the user
    expect((await onServer(c, bystander.cookie).get('/api/me')).status).toBe(200);
    expect(c.app.lastKnown.users.recall(u.id)).toBeDefined();
    expect((await u.onA.post('/api/auth/logout')).status).toBe(204);
    await until(() => c.app.lastKnown.users.recall(u.id) === undefined, "C's check dropped the user");
    await cutOff(c);
    const copied = await onServer(c, u.cookie).get('/api/diagnostics');
    expect(copied.status).not.toBe(200);
    expect((await onServer(c, bystander.cookie).get('/api/diagnostics')).status).toBe(200); // C answers from its cache
  });

  it("block, password reset and role change on A are dropped from B's cache too", async () => {
    const sa = new ApiClient(a.url);
    await sa.login(a.superAdmin.email, a.superAdmin.password);
    const ws = (await a.database.db.collection('workspaces').findOne({ slug: 'default' }))!._id;
    const block = await signedInUser('block@example.test');
    const reset = await signedInUser('reset@example.test');
    const role = await signedInUser('role@example.test');
    await a.database.db.collection('memberships').insertOne({ _id: new ObjectId(), workspace_id: ws, user_id: new ObjectId(role.id), role: 'admin', is_moderator: false, created_at: new Date() });
    for (const u of [block, reset, role]) expect((await onServer(b, u.cookie).get('/api/w/default/campaigns')).status === 401).toBe(false);
    for (const u of [block, reset, role]) expect(b.app.lastKnown.users.recall(u.id)).toBeDefined();
    expect((await sa.post(`/api/admin/users/${block.id}/block`)).status).toBe(200);
    expect((await sa.post(`/api/admin/users/${reset.id}/reset-password`)).status).toBe(200);
    expect((await sa.patch(`/api/w/default/members/${role.id}`, { role: 'author' })).status).toBe(200);
    for (const u of [block, reset, role]) await until(() => b.app.lastKnown.users.recall(u.id) === undefined, `B dropped ${u.id}`);
    expect([...b.app.lastKnown.memberships.all()].some(([key]) => key.endsWith(`:${role.id}`))).toBe(false);
  });

  it('the replica that made the change forgets at once (no check needed)', async () => {
    const d = await startServer(testConfig({ MONGODB_URI: a.database.uri, MONGODB_DB: a.database.name, SESSION_CACHE_CHECK_MS: '3600000' }));
    extra.push(d);
    const u = await signedInUser('local@example.test');
    const bystander = await signedInUser('bystander@example.test');
    const onD = onServer(d, u.cookie);
    expect((await onD.get('/api/me')).status).toBe(200);
    expect((await onServer(d, bystander.cookie).get('/api/me')).status).toBe(200);
    expect((await onD.post('/api/auth/logout')).status).toBe(204);
    expect(d.app.lastKnown.users.recall(u.id)).toBeUndefined();
    await cutOff(d);
    expect((await onServer(d, u.cookie).get('/api/diagnostics')).status).not.toBe(200);
    // D really answers from its cache now: a session nobody changed still works there.
    expect((await onServer(d, bystander.cookie).get('/api/diagnostics')).status).toBe(200);
  });

  it('another replica forgets as soon as it hears of the change, without waiting for its periodic check', async () => {
    // E checks its cache once an hour: only the message through the event feed can make it forget.
    const e = await startServer(testConfig({ MONGODB_URI: a.database.uri, MONGODB_DB: a.database.name, SESSION_CACHE_CHECK_MS: '3600000' }));
    extra.push(e);
    const u = await signedInUser('heard@example.test');
    expect((await onServer(e, u.cookie).get('/api/me')).status).toBe(200);
    expect(e.app.lastKnown.users.recall(u.id)).toBeDefined();
    expect((await u.onA.post('/api/auth/logout')).status).toBe(204);
    await until(() => e.app.lastKnown.users.recall(u.id) === undefined, 'E dropped the user on the message');
    await cutOff(e);
    expect((await onServer(e, u.cookie).get('/api/diagnostics')).status).not.toBe(200);
  });
});
