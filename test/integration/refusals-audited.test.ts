// Refusals on state-changing routes leave an audit event (issue 18): own role, a super admin's
// membership, blocking yourself, password_change_required, another account's invitation, and
// sign-in attempts while the account is locked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersCollection } from '../../src/server/users/user-store.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { addMembership, makeMember, makeUser, makeWorkspace, superAdminClient, FIXTURE_PASSWORD, type FixtureUser } from './workspaces-fixtures.js';
import type { ApiClient } from '../support/http-client.js';
import type { WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';

let srv: TestServer;
let ws: WorkspaceDoc;
let admin: FixtureUser;
let sa: ApiClient;

beforeAll(async () => {
  srv = await startTestServer({ LOGIN_RATE_PER_IP: '1000', LOGIN_MAX_ATTEMPTS: '2' }, 'refusals');
  ws = await makeWorkspace(srv, 'refusals');
  admin = await makeMember(srv, ws, 'admin@refusals.test', 'admin');
  sa = await superAdminClient(srv);
});
afterAll(async () => srv?.stop());

const events = () => srv.database.db.collection('audit_logs');
const deniedFor = (actorId: string | null, reason: string) => events().findOne({ action: 'authz.denied', 'actor.id': actorId, 'after.reason': reason });

describe('refusals are audited', () => {
  it('changing your own role', async () => {
    const r = await admin.client.patch(`/api/w/refusals/members/${admin.id}`, { role: 'author' });
    expect([r.status, r.body.error.code]).toEqual([403, 'own_role']);
    expect((await deniedFor(admin.id, 'own_role'))?.after.params).toEqual({ slug: 'refusals', user_id: admin.id });
  });

  it("changing a super admin's membership", async () => {
    const root = await usersCollection(srv.database.db).findOne({ email: srv.superAdmin.email });
    await addMembership(srv, ws, { id: root!._id.toHexString(), oid: root!._id, email: srv.superAdmin.email, client: sa }, 'author');
    const r = await admin.client.patch(`/api/w/refusals/members/${root!._id.toHexString()}`, { role: 'moderator' });
    expect([r.status, r.body.error.code]).toEqual([403, 'super_admin_target']);
    expect(await deniedFor(admin.id, 'super_admin_target')).not.toBeNull();
  });

  it('blocking yourself', async () => {
    const me = await sa.get('/api/me');
    const r = await sa.post(`/api/admin/users/${me.body.user.id}/block`, {});
    expect(r.status).toBe(403);
    expect(await deniedFor(me.body.user.id, 'forbidden')).toMatchObject({ resource: { type: 'route', id: 'POST /api/admin/users/:id/block' } });
  });

  it('a state-changing request before the required password change', async () => {
    const fresh = await makeUser(srv, 'fresh@refusals.test', { signIn: false });
    await usersCollection(srv.database.db).updateOne({ _id: fresh.oid }, { $set: { must_change_password: true } });
    await fresh.client.login(fresh.email, FIXTURE_PASSWORD);
    const r = await fresh.client.post('/api/w/refusals/join-requests', { message: 'let me in' });
    expect([r.status, r.body.error.code]).toEqual([403, 'password_change_required']);
    expect(await deniedFor(fresh.id, 'password_change_required')).not.toBeNull();
  });

  it('accepting an invitation signed in as another account', async () => {
    const invited = await admin.client.post('/api/w/refusals/invitations', { email: 'invited@refusals.test', role: 'author' });
    expect(invited.status).toBe(201);
    const token = decodeURIComponent(String(invited.body.invite_url).split('/invite/')[1]!);
    const other = await makeUser(srv, 'other@refusals.test');
    const r = await other.client.post(`/api/invitations/${encodeURIComponent(token)}/accept`, {});
    expect([r.status, r.body.error.code]).toEqual([403, 'invitation_email_mismatch']);
    const denied = await events().findOne({ action: 'authz.denied', 'after.reason': 'invitation_email_mismatch' });
    expect(denied?.resource).toEqual({ type: 'route', id: 'POST /api/invitations/:token/accept' });
    expect(JSON.stringify(denied)).not.toContain(token); // the link is a secret
  });

  it('signing in while the account is locked', async () => {
    const locked = await makeUser(srv, 'locked@refusals.test', { signIn: false });
    const client = srv.client();
    for (let i = 0; i < 2; i++) expect((await client.post('/api/auth/login', { email: locked.email, password: 'wrong-password-1' })).status).toBe(401);
    const r = await client.post('/api/auth/login', { email: locked.email, password: FIXTURE_PASSWORD });
    expect([r.status, r.body.error.code]).toEqual([401, 'account_locked']);
    expect(await events().countDocuments({ action: 'auth.login_failed', 'resource.id': locked.id, 'after.reason': 'account_locked' })).toBe(1);
  });
});
