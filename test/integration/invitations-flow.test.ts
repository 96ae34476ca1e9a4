import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { ApiClient } from '../support/http-client.js';
import type { WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import { FIXTURE_PASSWORD, makeMember, makeUser, makeWorkspace, randomObjectId, type FixtureUser } from './workspaces-fixtures.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let srv: TestServer;
let ws: WorkspaceDoc;
let admin: FixtureUser;
let author: FixtureUser;
let otherAdmin: FixtureUser;

beforeAll(async () => {
  srv = await startTestServer({}, 'invflow');
  ws = await makeWorkspace(srv, 'acme', { name: 'Acme' });
  admin = await makeMember(srv, ws, 'admin@acme.test', 'admin');
  author = await makeMember(srv, ws, 'author@acme.test', 'author');
  const other = await makeWorkspace(srv, 'globex');
  otherAdmin = await makeMember(srv, other, 'admin@globex.test', 'admin');
});
afterAll(async () => srv?.stop());

const tokenOf = (url: string) => decodeURIComponent(url.split('/invite/')[1]!);
const invitations = () => srv.database.db.collection('invitations');

async function invite(email: string, role = 'author', isModerator = false) {
  const r = await admin.client.post('/api/w/acme/invitations', { email, role, is_moderator: isModerator });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id: r.body.invitation.id as string, token: tokenOf(r.body.invite_url), body: r.body };
}

describe('creating and listing invitations', () => {
  it('shows the link once, stores only the SHA-256 of a 32-byte token, expires in 7 days', async () => {
    const { id, token, body } = await invite('New.Person@Example.test', 'moderator');
    expect(body.mailed).toBe(false);
    expect(body.invite_url).toMatch(/^http:\/\/localhost:3000\/invite\//);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(body.invitation).toMatchObject({ email: 'new.person@example.test', role: 'moderator', status: 'pending' });
    const doc = await invitations().findOne({});
    expect(doc?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(doc)).not.toContain(token);
    const days = (doc!.expires_at.getTime() - doc!.created_at.getTime()) / 86_400_000;
    expect(days).toBe(7);
    const list = await admin.client.get('/api/w/acme/invitations');
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toContain('token_hash');
    const audit = await srv.database.db.collection('audit_logs').findOne({ action: 'invitation.created', 'resource.id': id });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('keeps one pending invitation per (workspace, e-mail), frees it on revoke and on expiry', async () => {
    const first = await invite('once@example.test');
    const dup = await admin.client.post('/api/w/acme/invitations', { email: 'ONCE@example.test', role: 'admin' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('invitation_pending');
    expect((await admin.client.delete(`/api/w/acme/invitations/${first.id}`)).status).toBe(200);
    const second = await invite('once@example.test');
    await invitations().updateOne({ _id: new ObjectId(second.id) }, { $set: { expires_at: new Date(Date.now() - 1000) } });
    const third = await invite('once@example.test');
    expect(third.id).not.toBe(second.id);
    const states = await invitations().find({ email: 'once@example.test' }).sort({ created_at: 1 }).toArray();
    expect(states.map((s) => s.status)).toEqual(['revoked', 'expired', 'pending']);
  });

  it('pages invitations newest first with limit and cursor; refuses bad cursors', async () => {
    for (let i = 0; i < 5; i++) await invite(`paged${i}@example.test`);
    const ids = (await invitations().find({ workspace_id: ws._id }).sort({ _id: -1 }).toArray()).map((d) => d._id.toHexString());
    expect(ids.length).toBeGreaterThan(4);
    expect(await pageThrough(admin.client, '/api/w/acme/invitations', (inv) => String(inv.id))).toEqual(ids);
    await expectBadPagingRefused(admin.client, '/api/w/acme/invitations');
  });

  it('refuses members already in the workspace, non-admins and other tenants', async () => {
    const r = await admin.client.post('/api/w/acme/invitations', { email: 'author@acme.test', role: 'author' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('already_member');
    expect((await author.client.post('/api/w/acme/invitations', { email: 'x@example.test', role: 'author' })).status).toBe(403);
    expect((await author.client.get('/api/w/acme/invitations')).status).toBe(403);
    expect((await otherAdmin.client.get('/api/w/acme/invitations')).status).toBe(404);
    const own = await invite('tenant@example.test');
    expect((await otherAdmin.client.delete(`/api/w/globex/invitations/${own.id}`)).status).toBe(404);
    expect((await admin.client.delete('/api/w/acme/invitations/not-an-id')).status).toBe(404);
    expect((await admin.client.delete(`/api/w/acme/invitations/${randomObjectId()}`)).status).toBe(404);
  });
});

describe('preview and accept', () => {
  it('previews a pending invitation; unknown tokens are 404', async () => {
    const { token } = await invite('preview@example.test', 'author', true);
    const anon = new ApiClient(srv.url);
    const p = await anon.get(`/api/invitations/${token}`);
    expect(p.status).toBe(200);
    expect(p.body.invitation).toMatchObject({ workspace: { name: 'Acme', slug: 'acme' }, email: 'preview@example.test', role: 'author', is_moderator: true, status: 'pending', account_exists: false });
    expect((await anon.get('/api/invitations/not-a-real-token')).status).toBe(404);
  });

  it('creates the account of a new user, signs them in, makes them a member', async () => {
    const { token, id } = await invite('brand.new@example.test', 'author', true);
    const anon = new ApiClient(srv.url);
    const missing = await anon.post(`/api/invitations/${token}/accept`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.name', 'body.password']);
    const weak = await anon.post(`/api/invitations/${token}/accept`, { name: 'Brand New', password: 'short' });
    expect(weak.status).toBe(400);
    const r = await anon.post(`/api/invitations/${token}/accept`, { name: 'Brand New', password: 'a-good-password-1' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ workspace: { slug: 'acme' }, role: 'author', is_moderator: true, user: { email: 'brand.new@example.test', name: 'Brand New' } });
    const me = await anon.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.workspaces.map((w: { slug: string }) => w.slug)).toEqual(['acme']);
    const used = await anon.post(`/api/invitations/${token}/accept`, {});
    expect(used.status).toBe(410);
    expect(used.body.error.code).toBe('invitation_used');
    expect((await anon.get(`/api/invitations/${token}`)).body.error.code).toBe('invitation_used');
    const actions = (await srv.database.db.collection('audit_logs').find({ $or: [{ 'resource.id': id }, { action: 'member.added' }] }).toArray()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted', 'member.added']));
  });

  it('asks an existing user to sign in, then accepts for the matching e-mail only', async () => {
    const existing = await makeUser(srv, 'existing@example.test', { signIn: false });
    const { token } = await invite('existing@example.test', 'moderator');
    const anon = new ApiClient(srv.url);
    expect((await anon.get(`/api/invitations/${token}`)).body.invitation.account_exists).toBe(true);
    const r = await anon.post(`/api/invitations/${token}/accept`, { name: 'Hijack', password: 'a-good-password-1' });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('sign_in_required');
    const wrong = await author.client.post(`/api/invitations/${token}/accept`, {});
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invitation_email_mismatch');
    await existing.client.login('existing@example.test', FIXTURE_PASSWORD);
    const ok = await existing.client.post(`/api/invitations/${token}/accept`, {});
    expect(ok.status).toBe(200);
    expect(ok.body.role).toBe('moderator');
    expect((await existing.client.get('/api/w/acme')).status).toBe(200);
  });

  it('answers expired and revoked invitations clearly, before and at accept', async () => {
    const expired = await invite('late@example.test');
    await invitations().updateOne({ token_hash: createHash('sha256').update(expired.token).digest('hex') }, { $set: { expires_at: new Date(Date.now() - 60_000) } });
    const anon = new ApiClient(srv.url);
    const p = await anon.get(`/api/invitations/${expired.token}`);
    expect(p.status).toBe(410);
    expect(p.body.error.code).toBe('invitation_expired');
    const a = await anon.post(`/api/invitations/${expired.token}/accept`, { name: 'Late', password: 'a-good-password-1' });
    expect(a.body.error.code).toBe('invitation_expired');
    const revoked = await invite('withdrawn@example.test');
    expect((await admin.client.delete(`/api/w/acme/invitations/${revoked.id}`)).status).toBe(200);
    expect((await admin.client.delete(`/api/w/acme/invitations/${revoked.id}`)).status).toBe(422);
    const r = await anon.post(`/api/invitations/${revoked.token}/accept`, { name: 'W', password: 'a-good-password-1' });
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe('invitation_revoked');
    expect(await srv.database.db.collection('users').findOne({ email: 'withdrawn@example.test' })).toBeNull();
  });

  it('lets exactly one of concurrent accepts and a revoke win', async () => {
    const { token, id } = await invite('racer@example.test');
    const membersBefore = await srv.database.db.collection('memberships').countDocuments({ workspace_id: ws._id });
    const results = await Promise.all([
      ...Array.from({ length: 3 }, () => new ApiClient(srv.url).post(`/api/invitations/${token}/accept`, { name: 'Racer', password: 'a-good-password-1' })),
      admin.client.delete(`/api/w/acme/invitations/${id}`),
    ]);
    const winners = results.filter((r) => r.status === 200);
    expect(winners, JSON.stringify(results.map((r) => r.status))).toHaveLength(1);
    const doc = await invitations().findOne({ email: 'racer@example.test' });
    const accounts = await srv.database.db.collection('users').countDocuments({ email: 'racer@example.test' });
    const memberships = await srv.database.db.collection('memberships').countDocuments({ workspace_id: ws._id });
    if (doc?.status === 'accepted') expect([accounts, winners[0]!.body.user.email]).toEqual([1, 'racer@example.test']);
    else expect([doc?.status, accounts]).toEqual(['revoked', 0]);
    expect(memberships).toBe(membersBefore + (doc?.status === 'accepted' ? 1 : 0));
  });

  it('rate-limits previews per IP', async () => {
    const anon = new ApiClient(srv.url);
    // 30 a minute in fixed windows (the earlier tests' previews count too): 61 requests put 31 into
    // one window even when they straddle a window's end (35 did not, once, in a full run).
    const codes: number[] = [];
    for (let i = 0; i < 61 && !codes.includes(429); i++) codes.push((await anon.get(`/api/invitations/probe-${i}`)).status);
    expect(codes).toContain(429);
  });
});
