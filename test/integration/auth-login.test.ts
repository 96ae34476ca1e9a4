import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/http-client.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ LOGIN_LOCKOUT_SECONDS: '6', LOGIN_RATE_PER_IP: '1000' }, 'authlogin');
});
afterAll(async () => srv?.stop());

async function createUser(email: string) {
  const admin = srv.client();
  await admin.login(srv.superAdmin.email, srv.superAdmin.password);
  const created = await admin.post('/api/admin/users', { email, name: 'User ' + email });
  expect(created.status).toBe(201);
  const user = new ApiClient(srv.url);
  await user.login(email, created.body.temporary_password);
  const changed = await user.post('/api/me/password', { current_password: created.body.temporary_password, new_password: 'a-good-password-1' });
  expect(changed.status).toBe(200);
  return { id: created.body.user.id as string, password: 'a-good-password-1', client: user };
}

describe('login', () => {
  it('signs in the seeded super admin and answers /api/me', async () => {
    const c = srv.client();
    await c.login(srv.superAdmin.email, srv.superAdmin.password);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(srv.superAdmin.email);
    expect(me.body.user.password_hash).toBeUndefined();
    expect(me.body.workspaces.map((w: { slug: string }) => w.slug)).toContain('default');
  });

  it('answers an unknown e-mail and a wrong password the same way', async () => {
    const c = srv.client();
    const unknown = await c.post('/api/auth/login', { email: 'nobody@example.test', password: 'whatever-123' });
    const wrong = await c.post('/api/auth/login', { email: srv.superAdmin.email, password: 'wrong-password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.code).toBe(wrong.body.error.code);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    // reset the counter for other tests
    await c.login(srv.superAdmin.email, srv.superAdmin.password);
  });

  it('locks after exactly 3 failures even with 10 parallel wrong attempts, then unlocks', async () => {
    const u = await createUser('lock@example.test');
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () => new ApiClient(srv.url).post('/api/auth/login', { email: 'lock@example.test', password: 'wrong-password' })),
    );
    const codes = attempts.map((a) => a.body.error.code);
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(3);
    expect(codes.filter((c) => c === 'account_locked')).toHaveLength(7);
    const right = await new ApiClient(srv.url).post('/api/auth/login', { email: 'lock@example.test', password: u.password });
    expect(right.status).toBe(401);
    expect(right.body.error.code).toBe('account_locked');
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    const lockedEvents = await srv.database.db.collection('audit_logs').countDocuments({ action: 'auth.locked_out' });
    expect(lockedEvents).toBe(1);
    const retryAfter = Number(right.headers.get('retry-after'));
    expect(retryAfter).toBeLessThanOrEqual(6);
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 200));
    const after = await new ApiClient(srv.url).post('/api/auth/login', { email: 'lock@example.test', password: u.password });
    expect(after.body).toEqual(expect.objectContaining({ user: expect.anything() }));
  });

  it('refuses a blocked user with the wrong-password answer and ends their sessions', async () => {
    const u = await createUser('blocked@example.test');
    expect((await u.client.get('/api/me')).status).toBe(200);
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    expect((await admin.post(`/api/admin/users/${u.id}/block`)).status).toBe(200);
    expect((await u.client.get('/api/me')).status).toBe(401);
    const again = await new ApiClient(srv.url).post('/api/auth/login', { email: 'blocked@example.test', password: u.password });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_credentials');
  });

  it('refuses blocking yourself, and restores a blocked user who can then sign in', async () => {
    const admin = srv.client();
    const me = await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    const self = await admin.post(`/api/admin/users/${me.body.user.id}/block`);
    expect(self.status).toBe(403);
    const u = await createUser('restore@example.test');
    expect((await admin.post(`/api/admin/users/${u.id}/restore`)).status).toBe(422);
    expect((await admin.post(`/api/admin/users/${u.id}/block`)).status).toBe(200);
    expect((await admin.post(`/api/admin/users/${u.id}/block`)).status).toBe(422);
    expect((await admin.post(`/api/admin/users/${u.id}/restore`)).status).toBe(200);
    await new ApiClient(srv.url).login('restore@example.test', u.password);
    const events = await srv.database.db.collection('audit_logs').find({ 'resource.id': u.id, action: { $in: ['user.blocked', 'user.restored'] } }).toArray();
    expect(events.map((e) => e.action).sort()).toEqual(['user.blocked', 'user.restored']);
  });

  it('pages the user list with its cursor and refuses a foreign cursor', async () => {
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; next_cursor: string | null } } = await admin.get(`/api/admin/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((u) => u.id));
      cursor = page.body.next_cursor;
    } while (cursor && seen.length < 100);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await srv.database.db.collection('users').countDocuments());
    const foreign = await admin.get(`/api/admin/users?cursor=${Buffer.from('"not-an-id"').toString('base64url')}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('validation_failed');
  });

  it('ends sessions on a password reset and requires a change before anything else', async () => {
    const u = await createUser('reset@example.test');
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    const reset = await admin.post(`/api/admin/users/${u.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.temporary_password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await u.client.get('/api/me')).status).toBe(401);
    const fresh = new ApiClient(srv.url);
    await fresh.login('reset@example.test', reset.body.temporary_password);
    const blocked = await fresh.get('/api/workspaces');
    expect([403, 404]).toContain(blocked.status);
    const me = await fresh.get('/api/me');
    expect(me.body.user.must_change_password).toBe(true);
  });

  it('a copied cookie stops working after logout', async () => {
    const u = await createUser('logout@example.test');
    const copy = new ApiClient(srv.url);
    copy.sessionCookie = u.client.sessionCookie;
    expect((await copy.get('/api/me')).status).toBe(200);
    expect((await u.client.post('/api/auth/logout')).status).toBe(204);
    expect((await copy.get('/api/me')).status).toBe(401);
  });

  it('refuses a tampered cookie', async () => {
    const c = srv.client();
    await c.login(srv.superAdmin.email, srv.superAdmin.password);
    const cookie = c.sessionCookie!;
    c.sessionCookie = cookie.slice(0, -3) + (cookie.endsWith('AAA') ? 'BBB' : 'AAA');
    const r = await c.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('refuses a cross-origin POST and one without Origin', async () => {
    const evil = new ApiClient(srv.url, 'https://evil.example');
    const r = await evil.post('/api/auth/login', { email: srv.superAdmin.email, password: srv.superAdmin.password });
    expect(r.status).toBe(403);
    const res = await fetch(srv.url + '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('answers malformed and unknown-field bodies with 400 and field paths', async () => {
    const c = srv.client();
    const malformed = await c.request('POST', '/api/auth/login', '{"email":', {});
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('validation_failed');
    const unknown = await c.post('/api/auth/login', { email: 'a@b.c', password: 'x', admin: true });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.error.details)).toContain('body');
    const huge = await c.post('/api/auth/login', { email: 'a@b.c', password: 'x'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.request_id).toBeTruthy();
  });

  it('rate-limits logins per IP with Retry-After', async () => {
    const limited = await startTestServer({ LOGIN_RATE_PER_IP: '3' }, 'authrate');
    try {
      const c = limited.client();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await c.post('/api/auth/login', { email: 'x@example.test', password: 'nope-nope' }));
      expect(results.slice(0, 3).every((r) => r.status === 401)).toBe(true);
      expect(results[3]!.status).toBe(429);
      expect(results[3]!.headers.get('retry-after')).toBeTruthy();
    } finally {
      await limited.stop();
    }
  });
});
