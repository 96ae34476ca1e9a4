import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import type { WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import { makeMember, makeUser, makeWorkspace, randomObjectId, type FixtureUser } from './workspaces-fixtures.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let srv: TestServer;
let open: WorkspaceDoc;
let admin: FixtureUser;
let author: FixtureUser;
let otherAdmin: FixtureUser;

beforeAll(async () => {
  srv = await startTestServer({}, 'wsjoin');
  open = await makeWorkspace(srv, 'open-co', { allow_join_requests: true, name: 'Open Co' });
  await makeWorkspace(srv, 'closed-co');
  await makeWorkspace(srv, 'gone-co', { allow_join_requests: true, archived_at: new Date() });
  admin = await makeMember(srv, open, 'admin@open.test', 'admin');
  author = await makeMember(srv, open, 'author@open.test', 'author');
  const other = await makeWorkspace(srv, 'other-co');
  otherAdmin = await makeMember(srv, other, 'admin@other.test', 'admin');
});
afterAll(async () => srv?.stop());

describe('join requests', () => {
  it('lists only open, active workspaces the user is not in', async () => {
    const newcomer = await makeUser(srv, 'browse@example.test');
    const r = await newcomer.client.get('/api/join-requests/available');
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([{ slug: 'open-co', name: 'Open Co', pending_request: false, last_rejection: null }]);
    expect((await author.client.get('/api/join-requests/available')).body.items).toEqual([]);
    expect((await srv.client().get('/api/join-requests/available')).status).toBe(401);
  });

  it('refuses requests to closed, archived and unknown workspaces (404) and from members (409)', async () => {
    const u = await makeUser(srv, 'knock@example.test');
    for (const slug of ['closed-co', 'gone-co', 'no-such-co', 'BAD']) expect((await u.client.post(`/api/w/${slug}/join-requests`, {})).status, slug).toBe(404);
    const member = await author.client.post('/api/w/open-co/join-requests', {});
    expect(member.status).toBe(409);
    expect(member.body.error.code).toBe('already_member');
  });

  it('runs the flow: ask once, admin sees it, approves with a role, the user is a member', async () => {
    const u = await makeUser(srv, 'joiner@example.test');
    const asked = await u.client.post('/api/w/open-co/join-requests', { message: 'Marketing team' });
    expect(asked.status).toBe(201);
    const again = await u.client.post('/api/w/open-co/join-requests', { message: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('join_request_pending');
    expect((await u.client.get('/api/join-requests/available')).body.items[0].pending_request).toBe(true);

    expect((await author.client.get('/api/w/open-co/join-requests')).status).toBe(403);
    expect((await otherAdmin.client.get('/api/w/open-co/join-requests')).status).toBe(404);
    const list = await admin.client.get('/api/w/open-co/join-requests');
    expect(list.body.items).toEqual([expect.objectContaining({ id: asked.body.join_request.id, user_email: 'joiner@example.test', message: 'Marketing team', status: 'pending' })]);

    const id = asked.body.join_request.id as string;
    expect((await otherAdmin.client.post(`/api/w/other-co/join-requests/${id}/approve`, { role: 'admin' })).status).toBe(404);
    expect((await author.client.post(`/api/w/open-co/join-requests/${id}/approve`, { role: 'author' })).status).toBe(403);
    expect((await admin.client.post(`/api/w/open-co/join-requests/${id}/approve`, { role: 'boss' })).status).toBe(400);
    const ok = await admin.client.post(`/api/w/open-co/join-requests/${id}/approve`, { role: 'author', is_moderator: true });
    expect(ok.status).toBe(200);
    expect(ok.body.join_request).toMatchObject({ status: 'approved', granted_role: 'author', granted_is_moderator: true });
    const ws = await u.client.get('/api/w/open-co');
    expect(ws.body).toMatchObject({ role: 'author', is_moderator: true });
    expect((await admin.client.post(`/api/w/open-co/join-requests/${id}/reject`, {})).status).toBe(422);
    const actions = (await srv.database.db.collection('audit_logs').find({ 'resource.id': { $in: [id, u.id] } }).toArray()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['join_request.created', 'join_request.approved', 'member.added']));
  });

  it('rejects with a note; the user may ask again afterwards', async () => {
    const u = await makeUser(srv, 'rejected@example.test');
    const asked = await u.client.post('/api/w/open-co/join-requests', {});
    const id = asked.body.join_request.id as string;
    const no = await admin.client.post(`/api/w/open-co/join-requests/${id}/reject`, { note: 'Unknown person' });
    expect(no.status).toBe(200);
    expect(no.body.join_request).toMatchObject({ status: 'rejected', decision_note: 'Unknown person' });
    expect((await u.client.get('/api/w/open-co')).status).toBe(404);
    expect((await admin.client.get('/api/w/open-co/join-requests?status=rejected')).body.items.map((r: { id: string }) => r.id)).toContain(id);
    expect((await u.client.post('/api/w/open-co/join-requests', {})).status).toBe(201);
  });

  it('records the granted role and moderator flag in the audit events; the new member can moderate', async () => {
    const u = await makeUser(srv, 'new-moderator@example.test');
    const id = (await u.client.post('/api/w/open-co/join-requests', {})).body.join_request.id as string;
    expect((await admin.client.post(`/api/w/open-co/join-requests/${id}/approve`, { role: 'author', is_moderator: true })).status).toBe(200);
    const events = srv.database.db.collection('audit_logs');
    expect(await events.findOne({ action: 'join_request.approved', 'resource.id': id })).toMatchObject({
      actor: expect.objectContaining({ id: admin.id }),
      before: { status: 'pending' },
      after: { status: 'approved', role: 'author', is_moderator: true },
    });
    expect(await events.findOne({ action: 'member.added', 'resource.id': u.id })).toMatchObject({ after: { role: 'author', is_moderator: true, via: 'join_request' } });
    // Moderating: a sender revision someone else proposed, which a plain author may not decide.
    const sender = await admin.client.post('/api/w/open-co/senders', { name: 'Joiner', saddr: 'JOINER' });
    expect(sender.status, JSON.stringify(sender.body)).toBe(201);
    const revision = `/api/w/open-co/sender-revisions/${sender.body.revision.id}`;
    expect((await author.client.post(`${revision}/approve`, { note: 'ok' })).status).toBe(403);
    expect((await u.client.post(`${revision}/approve`, { note: 'ok' })).status).toBe(200);
  });

  it('shows the requester the note of their latest rejection until they ask again; a blank note is none', async () => {
    const u = await makeUser(srv, 'noted@example.test');
    const mine = async () => (await u.client.get('/api/join-requests/available')).body.items.find((w: { slug: string }) => w.slug === 'open-co');
    const ask = async () => (await u.client.post('/api/w/open-co/join-requests', {})).body.join_request.id as string;
    const first = await ask();
    expect((await admin.client.post(`/api/w/open-co/join-requests/${first}/reject`, { note: 'Ask your team lead first' })).status).toBe(200);
    expect(await srv.database.db.collection('audit_logs').findOne({ action: 'join_request.rejected', 'resource.id': first })).toMatchObject({
      before: { status: 'pending' },
      after: { status: 'rejected', note: 'Ask your team lead first' },
    });
    expect(await mine()).toEqual({ slug: 'open-co', name: 'Open Co', pending_request: false, last_rejection: { note: 'Ask your team lead first', decided_at: expect.any(String) } });
    const second = await ask();
    expect(await mine()).toMatchObject({ pending_request: true, last_rejection: null });
    const blank = await admin.client.post(`/api/w/open-co/join-requests/${second}/reject`, { note: '   ' });
    expect(blank.body.join_request.decision_note).toBeNull();
    expect((await mine()).last_rejection).toEqual({ note: null, decided_at: expect.any(String) });
  });

  it('lets one of a concurrent approve and reject win', async () => {
    const u = await makeUser(srv, 'race@example.test');
    const id = (await u.client.post('/api/w/open-co/join-requests', {})).body.join_request.id as string;
    const [a, b] = await Promise.all([
      admin.client.post(`/api/w/open-co/join-requests/${id}/approve`, { role: 'author' }),
      admin.client.post(`/api/w/open-co/join-requests/${id}/reject`, {}),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    const doc = await srv.database.db.collection('join_requests').findOne({ user_id: u.oid });
    const memberships = await srv.database.db.collection('memberships').countDocuments({ user_id: u.oid });
    expect(memberships).toBe(doc?.status === 'approved' ? 1 : 0);
  });

  it('answers 404 for unknown and malformed ids', async () => {
    expect((await admin.client.post(`/api/w/open-co/join-requests/${randomObjectId()}/approve`, { role: 'author' })).status).toBe(404);
    expect((await admin.client.post('/api/w/open-co/join-requests/zzz/reject', {})).status).toBe(404);
  });

  it('pages join requests newest first within the status filter; refuses bad cursors', async () => {
    for (let i = 0; i < 5; i++) {
      const asker = await makeUser(srv, `asker${i}@paged.test`);
      expect((await asker.client.post('/api/w/open-co/join-requests', { message: `asker ${i}` })).status).toBe(201);
    }
    const stored = srv.database.db.collection('join_requests');
    const idsOf = async (status: string) => (await stored.find({ workspace_id: open._id, status }).sort({ _id: -1 }).toArray()).map((d) => d._id.toHexString());
    const pending = await idsOf('pending');
    expect(pending.length).toBeGreaterThan(4);
    expect(await pageThrough(admin.client, '/api/w/open-co/join-requests', (r) => String(r.id))).toEqual(pending);
    expect(await pageThrough(admin.client, '/api/w/open-co/join-requests?status=rejected', (r) => String(r.id))).toEqual(await idsOf('rejected'));
    await expectBadPagingRefused(admin.client, '/api/w/open-co/join-requests?status=pending');
  });
});

describe('workspaces open to join requests', () => {
  it('page by name, leaving out my own, with limit ≤ 200 and a cursor', async () => {
    for (const slug of ['open-zulu', 'open-bravo', 'open-kilo']) await makeWorkspace(srv, slug, { name: `Paged ${slug}`, allow_join_requests: true });
    const mine = await makeWorkspace(srv, 'open-mine', { name: 'Paged open-mine', allow_join_requests: true });
    const browser = await makeMember(srv, mine, 'pager@example.test', 'author');
    const names = await pageThrough(browser.client, '/api/join-requests/available', (w) => String(w.name));
    expect(names.filter((n) => n.startsWith('Paged '))).toEqual(['Paged open-bravo', 'Paged open-kilo', 'Paged open-zulu']);
    expect(names).toEqual([...names].sort());
    await expectBadPagingRefused(browser.client, '/api/join-requests/available');
  });
});
