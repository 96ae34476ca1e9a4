import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiToken } from '../../src/server/api-tokens/authenticate.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeMember, makeWorkspace, randomObjectId, superAdminClient, type FixtureUser } from './workspaces-fixtures.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let srv: TestServer;
let admin: FixtureUser;
let moderator: FixtureUser;
let otherAdmin: FixtureUser;

beforeAll(async () => {
  srv = await startTestServer({}, 'apitokens');
  const ws = await makeWorkspace(srv, 'acme');
  admin = await makeMember(srv, ws, 'admin@acme.test', 'admin');
  moderator = await makeMember(srv, ws, 'mod@acme.test', 'moderator');
  const other = await makeWorkspace(srv, 'globex');
  otherAdmin = await makeMember(srv, other, 'admin@globex.test', 'admin');
});
afterAll(async () => srv?.stop());

const bearer = (t: string) => `Bearer ${t}`;

describe('API tokens', () => {
  it('shows the token once, stores its SHA-256, lists only the prefix', async () => {
    const r = await admin.client.post('/api/w/acme/api-tokens', { name: 'CRM' });
    expect(r.status).toBe(201);
    const token = r.body.token as string;
    expect(token).toMatch(/^mct_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(r.body.api_token).toMatchObject({ name: 'CRM', prefix: token.slice(0, 8), scopes: ['trigger:send'], last_used_at: null, revoked_at: null });
    const doc = await srv.database.db.collection('api_tokens').findOne({ name: 'CRM' });
    expect(doc?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(doc)).not.toContain(token);
    const list = await admin.client.get('/api/w/acme/api-tokens');
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toContain('token_hash');
    const audit = await srv.database.db.collection('audit_logs').findOne({ action: 'api_token.created' });
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('authenticates by hash; fails once revoked or when the workspace is archived', async () => {
    const created = await admin.client.post('/api/w/acme/api-tokens', { name: 'Shop' });
    const token = created.body.token as string;
    const id = created.body.api_token.id as string;
    const ok = await authenticateApiToken(srv.app, bearer(token));
    expect(ok?.workspace.slug).toBe('acme');
    expect(ok?.token._id.toHexString()).toBe(id);
    expect((await admin.client.get('/api/w/acme/api-tokens')).body.items.find((t: { id: string }) => t.id === id).last_used_at).not.toBeNull();
    for (const header of [undefined, '', 'Bearer', `Basic ${token}`, bearer(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')), bearer('mct_short')]) {
      expect(await authenticateApiToken(srv.app, header), String(header)).toBeNull();
    }

    // The archived workspace refuses its tokens on the next request; restoring brings them back.
    const sa = await superAdminClient(srv);
    expect((await sa.post('/api/w/acme/archive')).status).toBe(200);
    expect(await authenticateApiToken(srv.app, bearer(token))).toBeNull();
    expect((await sa.post('/api/w/acme/restore')).status).toBe(200);
    expect(await authenticateApiToken(srv.app, bearer(token))).not.toBeNull();

    const revoked = await admin.client.delete(`/api/w/acme/api-tokens/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.api_token.revoked_at).not.toBeNull();
    expect(await authenticateApiToken(srv.app, bearer(token))).toBeNull();
    expect((await admin.client.delete(`/api/w/acme/api-tokens/${id}`)).status).toBe(422);
    expect(await srv.database.db.collection('audit_logs').countDocuments({ action: 'api_token.revoked' })).toBe(1);
  });

  it('keeps tenants apart and refuses non-admins', async () => {
    const created = await admin.client.post('/api/w/acme/api-tokens', { name: 'Mine' });
    const id = created.body.api_token.id as string;
    expect((await otherAdmin.client.delete(`/api/w/globex/api-tokens/${id}`)).status).toBe(404);
    expect((await otherAdmin.client.get('/api/w/acme/api-tokens')).status).toBe(404);
    expect((await otherAdmin.client.get('/api/w/globex/api-tokens')).body.items).toEqual([]);
    expect((await moderator.client.get('/api/w/acme/api-tokens')).status).toBe(403);
    expect((await moderator.client.post('/api/w/acme/api-tokens', { name: 'x' })).status).toBe(403);
    expect((await admin.client.delete('/api/w/acme/api-tokens/not-an-id')).status).toBe(404);
    expect((await admin.client.delete(`/api/w/acme/api-tokens/${randomObjectId()}`)).status).toBe(404);
    expect((await admin.client.post('/api/w/acme/api-tokens', { name: '' })).status).toBe(400);
    expect((await admin.client.post('/api/w/acme/api-tokens', { name: 'x', scopes: ['admin'] })).status).toBe(400);
  });

  it('pages tokens newest first with limit and cursor; refuses bad cursors', async () => {
    for (let i = 0; i < 5; i++) expect((await admin.client.post('/api/w/acme/api-tokens', { name: `paged ${i}` })).status).toBe(201);
    const ws = await srv.database.db.collection('workspaces').findOne({ slug: 'acme' });
    const ids = (await srv.database.db.collection('api_tokens').find({ workspace_id: ws!._id }).sort({ _id: -1 }).toArray()).map((d) => d._id.toHexString());
    expect(ids.length).toBeGreaterThan(4);
    expect(await pageThrough(admin.client, '/api/w/acme/api-tokens', (tok) => String(tok.id))).toEqual(ids);
    await expectBadPagingRefused(admin.client, '/api/w/acme/api-tokens');
  });
});
