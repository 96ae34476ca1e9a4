import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type AuditActor } from '../../src/server/audit/audit-event.js';
import { buildAuditEvent, type AuditLog } from '../../src/server/audit/audit-log.js';
import { SWEEP_SCAN_DAYS, sweepAuditRetention } from '../../src/server/audit/retention-sweeper.js';
import { hashPassword } from '../../src/server/auth/password.js';
import { newUserDoc } from '../../src/server/users/user-store.js';
import type { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let srv: TestServer;
let audit: AuditLog;
let defaultWs: ObjectId;
const otherWs = new ObjectId();
const DAY = 86_400_000;
const now = Date.now();

async function userIn(email: string, role: 'admin' | 'author' | null): Promise<ApiClient> {
  const db = srv.database.db;
  const user = newUserDoc({ _id: new ObjectId(), email, name: email, password_hash: await hashPassword('user-password-1', 4) });
  await db.collection('users').insertOne(user);
  if (role) await db.collection('memberships').insertOne({ _id: new ObjectId(), workspace_id: defaultWs, user_id: user._id, role, is_moderator: false, created_at: new Date() });
  const c = srv.client();
  await c.login(email, 'user-password-1');
  return c;
}

const actor = (email: string): AuditActor => ({ type: 'user', id: new ObjectId().toHexString(), email });
const write = (action: 'campaign.paused' | 'campaign.resumed' | 'sender.created', workspaceId: ObjectId | null, resourceId: string, agoMs: number, who: AuditActor = SYSTEM_ACTOR) =>
  audit.write(buildAuditEvent({ action, workspaceId, resource: { type: 'campaign', id: resourceId } }, { actor: who, ip: '10.0.0.1', userAgent: '=HYPERLINK("x")', requestId: `v-${resourceId}` }, new Date(now - agoMs)));

let superAdmin: ApiClient;
let admin: ApiClient;
let author: ApiClient;
let outsider: ApiClient;

beforeAll(async () => {
  srv = await startTestServer({}, 'auditview');
  audit = srv.app.audit as AuditLog;
  defaultWs = (await srv.database.db.collection('workspaces').findOne({ slug: 'default' }))!._id;
  // 7 events in the default workspace over 4 days, 2 elsewhere, 1 platform event.
  await write('campaign.paused', defaultWs, 'a', 0, actor('ann@example.test'));
  await write('campaign.resumed', defaultWs, 'a', 60_000, actor('ann@example.test'));
  await write('campaign.paused', defaultWs, 'b', DAY);
  await write('sender.created', defaultWs, 'c', DAY + 1_000);
  await write('campaign.paused', defaultWs, 'd', 3 * DAY, actor('bob@example.test'));
  await write('campaign.resumed', defaultWs, 'e', 3 * DAY + 5);
  await write('campaign.paused', defaultWs, 'f', 3 * DAY + 10);
  await write('campaign.paused', otherWs, 'x', 0);
  await write('campaign.paused', otherWs, 'y', 2 * DAY);
  await write('sender.created', null, 'p', 2 * DAY);
  superAdmin = srv.client();
  await superAdmin.login(srv.superAdmin.email, srv.superAdmin.password);
  admin = await userIn('wsadmin@example.test', 'admin');
  author = await userIn('author@example.test', 'author');
  outsider = await userIn('outsider@example.test', null);
});
afterAll(async () => {
  await srv?.stop();
});

const ours = (items: { resource: { id: string }; request_id: string }[]) => items.filter((i) => i.request_id.startsWith('v-')).map((i) => i.resource.id);

describe('audit viewer', () => {
  it("lists a workspace's events newest first, across days, with cursor paging that neither skips nor repeats", async () => {
    const all = await admin.get('/api/w/default/audit?limit=200');
    expect(all.status).toBe(200);
    expect(ours(all.body.items)).toEqual(['a', 'a', 'b', 'c', 'd', 'e', 'f']);
    expect(all.body.items[0]).toMatchObject({ action: 'campaign.paused', workspace_id: defaultWs.toHexString(), actor: { email: 'ann@example.test' } });
    expect(all.body.items[0].mac).toBeUndefined();
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: { status: number; body: { items: { resource: { id: string }; request_id: string }[]; next_cursor: string | null } } = await admin.get(`/api/w/default/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.items.filter((x) => x.request_id.startsWith('v-')).map((x) => x.resource.id));
      cursor = page.body.next_cursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(['a', 'a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('filters by action, actor email, resource and time range', async () => {
    expect(ours((await admin.get('/api/w/default/audit?action=campaign.resumed')).body.items)).toEqual(['a', 'e']);
    expect(ours((await admin.get('/api/w/default/audit?actor_email=BOB@example.test')).body.items)).toEqual(['d']);
    expect(ours((await admin.get('/api/w/default/audit?resource_type=campaign&resource_id=a')).body.items)).toEqual(['a', 'a']);
    const from = new Date(now - 2 * DAY).toISOString();
    const to = new Date(now - 30_000).toISOString();
    expect(ours((await admin.get(`/api/w/default/audit?from=${from}&to=${to}`)).body.items)).toEqual(['a', 'b', 'c']);
    expect((await admin.get('/api/w/default/audit?action=nope')).status).toBe(400);
    expect((await admin.get('/api/w/default/audit?cursor=bm90LWEtY3Vyc29y')).status).toBe(400);
  });

  it('is for workspace admins (404 to non-members, 403 to authors); /api/audit is for super admins and sees everything', async () => {
    expect((await outsider.get('/api/w/default/audit')).status).toBe(404);
    expect((await author.get('/api/w/default/audit')).status).toBe(403);
    expect((await admin.get('/api/audit')).status).toBe(403);
    const everything = await superAdmin.get('/api/audit?limit=200');
    expect(ours(everything.body.items)).toEqual(['x', 'a', 'a', 'b', 'c', 'p', 'y', 'd', 'e', 'f']); // equal ts: newer _id first
    expect(ours((await superAdmin.get('/api/w/default/audit?limit=200')).body.items)).toHaveLength(7);
  });

  it('exports CSV (streamed, RFC 4180, formulas defused) and rate-limits exports', async () => {
    const res = await fetch(`${srv.url}/api/w/default/audit.csv?action=campaign.paused`, { headers: { cookie: admin.sessionCookie!, origin: 'http://localhost:3000' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-default-/);
    const rows = (await res.text()).split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('ts,id,action,actor_type,actor_id,actor_email,workspace_id,resource_type,resource_id,ip,user_agent,request_id,before,after');
    const ourRows = rows.filter((r) => r.includes(',v-'));
    expect(ourRows).toHaveLength(4);
    expect(ourRows[0]).toContain(`,"'=HYPERLINK(""x"")",v-a,`);
    expect((await admin.get('/api/audit.csv')).status).toBe(403);
    let limited = 0;
    for (let i = 0; i < 6; i++) if ((await admin.get('/api/w/default/audit.csv')).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
    expect((await superAdmin.get('/api/audit.csv')).status).toBe(200);
  });

  it('diagnostics: health for everyone, the checklist and /api/diagnostics/audit for super admins only (flag off)', async () => {
    const plain = await author.get('/api/diagnostics');
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ database: { status: 'ok' }, schemaVersion: expect.any(Number), expectedSchemaVersion: expect.any(Number), core: { status: expect.any(String) } });
    expect(plain.body.checks).toBeUndefined();
    expect((await admin.get('/api/diagnostics')).body.checks).toBeUndefined();
    expect((await admin.get('/api/diagnostics/audit')).status).toBe(403);
    const full = await superAdmin.get('/api/diagnostics');
    expect(full.body.checks.map((c: { id: string }) => c.id)).toEqual(['schema', 'super_admin', 'audit_fallback', 'core', 'core_certificates', 'proxy_certificates']);
    const byId = Object.fromEntries(full.body.checks.map((c: { id: string; ok: boolean }) => [c.id, c]));
    expect(byId.schema.ok).toBe(true);
    expect(byId.super_admin.ok).toBe(true);
    expect(byId.audit_fallback).toMatchObject({ ok: true, fix: null });
    expect(byId.core_certificates.detail).toMatch(/daysLeft/);
    const auditDiag = await superAdmin.get('/api/diagnostics/audit');
    expect(auditDiag.body).toMatchObject({ fallbackFileSize: 0, fallbackLines: 0, drainingFileSize: 0, rejectedLines: 0, retentionDays: 90 });
  });

  it('the retention sweep deletes whole expired day buckets only', async () => {
    // Ages past what the server's own hourly sweep looks at (90 days + its 366-day scan), so its
    // tick cannot take an event before this sweep counts it (a CI failure: 2 deleted, not 3).
    const retention = 90 + SWEEP_SCAN_DAYS + 10;
    const old = (days: number) => write('campaign.paused', defaultWs, `old-${days}`, days * DAY);
    await Promise.all([old(retention + 1), old(retention + 5), old(retention + 110), old(retention - 1)]);
    const deleted = await sweepAuditRetention(srv.database.db, retention, new Date(now));
    expect(deleted).toBe(3);
    const left = await srv.database.db.collection('audit_logs').find({ 'resource.id': { $regex: '^old-' } }).toArray();
    expect(left.map((d) => d.resource.id)).toEqual([`old-${retention - 1}`]);
  });
});
