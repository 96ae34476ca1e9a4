import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import type { ApiClient } from '../support/http-client.js';
import type { WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import { addMembership, makeMember, makeUser, makeWorkspace, randomObjectId, superAdminClient, type FixtureUser } from './workspaces-fixtures.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let srv: TestServer;
let sa: ApiClient;
let ws: WorkspaceDoc;
let admin: FixtureUser;
let author: FixtureUser;
let moderator: FixtureUser;
let otherAdmin: FixtureUser;

beforeAll(async () => {
  srv = await startTestServer({}, 'wsmembers');
  sa = await superAdminClient(srv);
  ws = await makeWorkspace(srv, 'acme');
  admin = await makeMember(srv, ws, 'admin@acme.test', 'admin');
  author = await makeMember(srv, ws, 'author@acme.test', 'author');
  moderator = await makeMember(srv, ws, 'mod@acme.test', 'moderator');
  const other = await makeWorkspace(srv, 'globex');
  otherAdmin = await makeMember(srv, other, 'admin@globex.test', 'admin');
});
afterAll(async () => srv?.stop());

const adminCount = async (w: WorkspaceDoc) => srv.database.db.collection('memberships').countDocuments({ workspace_id: w._id, role: 'admin' });

describe('members', () => {
  it('lists members with name and e-mail to any member, never to another tenant', async () => {
    const r = await author.client.get('/api/w/acme/members');
    expect(r.status).toBe(200);
    expect(r.body.items.map((m: { email: string }) => m.email).sort()).toEqual(['admin@acme.test', 'author@acme.test', 'mod@acme.test']);
    expect(r.body.items[0]).toEqual(expect.objectContaining({
      user_id: expect.any(String),
      name: expect.any(String),
      role: expect.any(String),
      is_moderator: expect.any(Boolean),
    }));
    expect(JSON.stringify(r.body)).not.toContain('password_hash');
    expect((await otherAdmin.client.get('/api/w/acme/members')).status).toBe(404);
  });

  it('changes a role, ends the target\'s sessions and audits before/after', async () => {
    const target = await makeMember(srv, ws, 'promote@acme.test', 'author');
    expect((await target.client.get('/api/me')).status).toBe(200);
    const r = await admin.client.patch(`/api/w/acme/members/${target.id}`, { is_moderator: true });
    expect(r.status).toBe(200);
    expect(r.body.member).toMatchObject({ role: 'author', is_moderator: true });
    expect((await target.client.get('/api/me')).status).toBe(401);
    const ev = await srv.database.db.collection('audit_logs').findOne({ action: 'member.updated', 'resource.id': target.id });
    expect(ev?.before).toEqual({ role: 'author', is_moderator: false });
    expect(ev?.after).toEqual({ role: 'author', is_moderator: true });
    // The flag means nothing for non-authors: it is dropped with the role change.
    const mod = await admin.client.patch(`/api/w/acme/members/${target.id}`, { role: 'moderator' });
    expect(mod.body.member).toMatchObject({ role: 'moderator', is_moderator: false });
  });

  it('enforces the guards: non-admins 403, own role 403, super admin target 403, 404 for strangers and malformed ids', async () => {
    expect((await author.client.patch(`/api/w/acme/members/${moderator.id}`, { role: 'author' })).status).toBe(403);
    expect((await moderator.client.patch(`/api/w/acme/members/${author.id}`, { role: 'admin' })).status).toBe(403);
    const own = await admin.client.patch(`/api/w/acme/members/${admin.id}`, { role: 'author' });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('own_role');
    const superUser = await makeUser(srv, 'sa2@example.test', { isSuperAdmin: true, signIn: false });
    await addMembership(srv, ws, superUser, 'author');
    const saTarget = await admin.client.patch(`/api/w/acme/members/${superUser.id}`, { role: 'moderator' });
    expect(saTarget.status).toBe(403);
    expect(saTarget.body.error.code).toBe('super_admin_target');
    expect((await admin.client.delete(`/api/w/acme/members/${superUser.id}`)).status).toBe(403);
    expect((await admin.client.patch(`/api/w/acme/members/${otherAdmin.id}`, { role: 'author' })).status).toBe(404);
    expect((await admin.client.patch(`/api/w/acme/members/${randomObjectId()}`, { role: 'author' })).status).toBe(404);
    expect((await admin.client.patch('/api/w/acme/members/not-an-id', { role: 'author' })).status).toBe(404);
    expect((await otherAdmin.client.patch(`/api/w/acme/members/${author.id}`, { role: 'admin' })).status).toBe(404);
    expect((await admin.client.patch(`/api/w/acme/members/${author.id}`, { role: 'owner' })).status).toBe(400);
    // A super admin may change a super admin.
    expect((await sa.patch(`/api/w/acme/members/${superUser.id}`, { role: 'moderator' })).status).toBe(200);
  });

  it('keeps the last admin: demotion and removal are refused with 422 last_admin', async () => {
    const solo = await makeWorkspace(srv, 'solo-co');
    const only = await makeMember(srv, solo, 'only@solo.test', 'admin');
    const demote = await sa.patch(`/api/w/solo-co/members/${only.id}`, { role: 'author' });
    expect(demote.status).toBe(422);
    expect(demote.body.error.code).toBe('last_admin');
    const leave = await only.client.delete(`/api/w/solo-co/members/${only.id}`);
    expect(leave.status).toBe(422);
    expect(await adminCount(solo)).toBe(1);
  });

  it('never loses the last admin to concurrent demotions and removals', async () => {
    for (let round = 0; round < 5; round++) {
      const race = await makeWorkspace(srv, `race-${round}`);
      const a = await makeMember(srv, race, `a${round}@race.test`, 'admin');
      const b = await makeMember(srv, race, `b${round}@race.test`, 'admin');
      const results = await Promise.all([
        sa.patch(`/api/w/race-${round}/members/${a.id}`, { role: 'author' }),
        sa.patch(`/api/w/race-${round}/members/${b.id}`, { role: 'author' }),
        a.client.delete(`/api/w/race-${round}/members/${a.id}`),
        b.client.delete(`/api/w/race-${round}/members/${b.id}`),
      ]);
      const statuses = results.map((r) => r.status);
      // Losers see 409 (race), 422 (last admin), 404 (target already left) or 401 (a demotion ended their session).
      expect(statuses.every((s) => [200, 204, 401, 404, 409, 422].includes(s)), String(statuses)).toBe(true);
      expect(await adminCount(race), `round ${round}: ${statuses}`).toBe(1);
    }
  });

  it('lets a member leave, lets an admin remove, refuses an author removing others', async () => {
    const leaver = await makeMember(srv, ws, 'leaver@acme.test', 'author');
    expect((await author.client.delete(`/api/w/acme/members/${leaver.id}`)).status).toBe(403);
    const denied = await srv.database.db.collection('audit_logs').findOne({ action: 'authz.denied', 'actor.id': author.id });
    expect(denied).not.toBeNull();
    expect((await leaver.client.delete(`/api/w/acme/members/${leaver.id}`)).status).toBe(204);
    expect((await leaver.client.get('/api/w/acme')).status).toBe(404);
    const removed = await makeMember(srv, ws, 'removed@acme.test', 'moderator');
    expect((await admin.client.delete(`/api/w/acme/members/${removed.id}`)).status).toBe(204);
    expect((await removed.client.get('/api/w/acme/members')).status).toBe(404);
    const ev = await srv.database.db.collection('audit_logs').findOne({ action: 'member.removed', 'resource.id': removed.id });
    expect(ev?.before).toEqual({ role: 'moderator', is_moderator: false });
    expect((await admin.client.delete(`/api/w/acme/members/${removed.id}`)).status).toBe(404);
  });

  it('pages members in joining order with limit and cursor; refuses bad cursors', async () => {
    const paged = await makeWorkspace(srv, 'paged-co');
    const first = await makeMember(srv, paged, 'a0@paged.test', 'admin');
    const emails = [first.email];
    for (let i = 1; i < 5; i++) {
      const u = await makeUser(srv, `a${i}@paged.test`, { signIn: false });
      await addMembership(srv, paged, u, 'author');
      emails.push(u.email);
    }
    expect(await pageThrough(first.client, '/api/w/paged-co/members', (m) => String(m.email))).toEqual(emails);
    await expectBadPagingRefused(first.client, '/api/w/paged-co/members');
  });
});
