import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import type { ApiClient } from '../support/http-client.js';
import { makeMember, makeWorkspace, superAdminClient, type FixtureUser } from './workspaces-fixtures.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let srv: TestServer;
let sa: ApiClient;
let admin: FixtureUser;
let author: FixtureUser;

beforeAll(async () => {
  srv = await startTestServer({}, 'wscrud');
  sa = await superAdminClient(srv);
  const ws = await makeWorkspace(srv, 'acme');
  admin = await makeMember(srv, ws, 'admin@acme.test', 'admin');
  author = await makeMember(srv, ws, 'author@acme.test', 'author');
});
afterAll(async () => srv?.stop());

const audits = (action: string) => srv.database.db.collection('audit_logs').find({ action }).toArray();

describe('creating workspaces', () => {
  it('lets a super admin create one and audits it', async () => {
    const r = await sa.post('/api/workspaces', { slug: 'new-co', name: 'New Co', sending_window: { start: '09:00', end: '21:00', timezone: 'Asia/Tashkent' } });
    expect(r.status).toBe(201);
    expect(r.body.workspace).toMatchObject({ slug: 'new-co', name: 'New Co', allow_join_requests: false, archived_at: null, sending_window: { timezone: 'Asia/Tashkent' } });
    const events = await audits('workspace.created');
    expect(events.find((e) => e.resource.id === r.body.workspace.id)?.after).toMatchObject({ slug: 'new-co' });
  });

  it('refuses bad slugs, reserved slugs and unknown time zones with field paths', async () => {
    for (const slug of ['ab', '-abc', 'abc-', 'ABC', 'a_b_c', 'x'.repeat(41), 'master', 'archive']) {
      const r = await sa.post('/api/workspaces', { slug, name: 'X' });
      expect(r.status, slug).toBe(400);
      expect(r.body.error.details[0].path).toBe('body.slug');
    }
    const tz = await sa.post('/api/workspaces', { slug: 'tz-co', name: 'X', sending_window: { start: '09:00', end: '21:00', timezone: 'Mars/Olympus' } });
    expect(tz.status).toBe(400);
    expect(tz.body.error.details[0].path).toBe('body.sending_window.timezone');
    const hhmm = await sa.post('/api/workspaces', { slug: 'tz-co', name: 'X', sending_window: { start: '9:00', end: '24:00', timezone: 'UTC' } });
    expect(hhmm.status).toBe(400);
  });

  it('answers 409 for a duplicate slug', async () => {
    expect((await sa.post('/api/workspaces', { slug: 'dup-co', name: 'A' })).status).toBe(201);
    const again = await sa.post('/api/workspaces', { slug: 'dup-co', name: 'B' });
    expect(again.status).toBe(409);
  });

  it('is refused to a workspace admin (403) and to anonymous callers (401)', async () => {
    expect((await admin.client.post('/api/workspaces', { slug: 'nope-co', name: 'N' })).status).toBe(403);
    expect((await srv.client().post('/api/workspaces', { slug: 'nope-co', name: 'N' })).status).toBe(401);
  });
});

describe('listing and reading', () => {
  it('shows a member their workspaces with their role, and all of them to a super admin', async () => {
    const mine = await author.client.get('/api/workspaces');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((w: { slug: string }) => w.slug)).toEqual(['acme']);
    expect(mine.body.items[0].role).toBe('author');
    const all = await sa.get('/api/workspaces');
    expect(all.body.items.map((w: { slug: string }) => w.slug)).toEqual(expect.arrayContaining(['acme', 'default', 'new-co']));
    expect(all.body.next_cursor).toBeNull();
  });

  it('pages the workspace list by name with limit ≤ 200 and a cursor', async () => {
    const names = await pageThrough(sa, '/api/workspaces', (w) => String(w.name));
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names).toEqual([...names].sort());
    await expectBadPagingRefused(sa, '/api/workspaces');
  });

  it('answers GET /api/w/:slug for members and 404 for others and unknown slugs', async () => {
    const r = await author.client.get('/api/w/acme');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ workspace: { slug: 'acme' }, role: 'author' });
    expect((await author.client.get('/api/w/default')).status).toBe(404);
    expect((await author.client.get('/api/w/no-such-ws')).status).toBe(404);
    expect((await author.client.get('/api/w/BAD_SLUG')).status).toBe(404);
  });
});

describe('settings', () => {
  it('lets an admin change name, join requests and the sending window, with before/after in the audit', async () => {
    const r = await admin.client.patch('/api/w/acme', { name: 'Acme Ltd', allow_join_requests: true, sending_window: { start: '22:00', end: '06:00', timezone: 'Europe/Berlin' } });
    expect(r.status).toBe(200);
    expect(r.body.workspace).toMatchObject({ name: 'Acme Ltd', allow_join_requests: true, sending_window: { start: '22:00', end: '06:00', timezone: 'Europe/Berlin' } });
    const ev = (await audits('workspace.updated')).at(-1)!;
    expect(ev.before).toMatchObject({ name: 'Workspace acme', allow_join_requests: false, sending_window: null });
    expect(ev.after).toMatchObject({ name: 'Acme Ltd' });
    const cleared = await admin.client.patch('/api/w/acme', { sending_window: null });
    expect(cleared.body.workspace.sending_window).toBeNull();
  });

  it('refuses an author (403), unknown fields and empty changes (400)', async () => {
    expect((await author.client.patch('/api/w/acme', { name: 'Mine' })).status).toBe(403);
    expect((await admin.client.patch('/api/w/acme', { slug: 'other' })).status).toBe(400);
    expect((await admin.client.patch('/api/w/acme', {})).status).toBe(400);
    expect((await admin.client.patch('/api/w/acme', { sending_window: { start: '09:00', end: '09:00', timezone: 'UTC' } })).status).toBe(400);
  });
});

describe('archive and restore', () => {
  it('refuses while a campaign is active, archives when none is, hides it from members, restores', async () => {
    const ws = await makeWorkspace(srv, 'busy-co');
    const member = await makeMember(srv, ws, 'member@busy.test', 'admin');
    const campaigns = srv.database.db.collection('campaigns');
    const { insertedId } = await campaigns.insertOne({ _id: new ObjectId(), workspace_id: ws._id, status: 'Sending', external_id: crypto.randomUUID() });
    // Another workspace's active campaign must not block this one.
    await campaigns.insertOne({ _id: new ObjectId(), workspace_id: new ObjectId(), status: 'Paused', external_id: crypto.randomUUID() });
    const refused = await sa.post('/api/w/busy-co/archive');
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_state');
    await campaigns.updateOne({ _id: insertedId }, { $set: { status: 'Done' } });
    const archived = await sa.post('/api/w/busy-co/archive');
    expect(archived.status).toBe(200);
    expect(archived.body.workspace.archived_at).not.toBeNull();
    expect((await sa.post('/api/w/busy-co/archive')).status).toBe(422);
    expect((await member.client.get('/api/w/busy-co')).status).toBe(404);
    expect((await member.client.get('/api/workspaces')).body.items).toEqual([]);
    expect((await sa.get('/api/w/busy-co')).status).toBe(200);
    const restored = await sa.post('/api/w/busy-co/restore');
    expect(restored.status).toBe(200);
    expect((await member.client.get('/api/w/busy-co')).status).toBe(200);
    expect((await sa.post('/api/w/busy-co/restore')).status).toBe(422);
    expect((await audits('workspace.archived')).length).toBe(1);
    expect((await audits('workspace.restored')).length).toBe(1);
  });

  it('never archives the default workspace; refuses non-super-admins; 404 for unknown slugs', async () => {
    expect((await sa.post('/api/w/default/archive')).status).toBe(422);
    expect((await admin.client.post('/api/w/acme/archive')).status).toBe(403);
    expect((await sa.post('/api/w/no-such-ws/archive')).status).toBe(404);
  });
});
