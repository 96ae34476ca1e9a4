// Issue 18 "Audit paging cost": a crafted cursor or `from` must not make one request walk
// thousands of day buckets. Counts the audit_logs queries each request runs.
import { Collection, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/server/audit/audit-event.js';
import { buildAuditEvent, type AuditLog } from '../../src/server/audit/audit-log.js';
import { listAuditEvents, MAX_PAGE_DAYS } from '../../src/server/audit/list-audit-events.js';
import { encodeCursor } from '../../src/server/http/cursor.js';
import { asWorkspaceId } from '../../src/server/db/tenant.js';
import type { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY = 86_400_000;
let srv: TestServer;
let sa: ApiClient;
let defaultWs: ObjectId;
let auditQueries = 0;

const worstCursor = encodeCursor({ day: '9999-12-31', ts: Date.parse('9999-12-31T23:59:59Z'), id: 'f'.repeat(24) });

async function queriesOf<T>(work: () => Promise<T>): Promise<{ result: T; queries: number }> {
  const before = auditQueries;
  const result = await work();
  return { result, queries: auditQueries - before };
}

beforeAll(async () => {
  // A long retention, so the per-page bound (not the retention clamp) is what limits the walk.
  srv = await startTestServer({ AUDIT_RETENTION_DAYS: '3650' }, 'auditcost');
  const find = Collection.prototype.find;
  vi.spyOn(Collection.prototype, 'find').mockImplementation(function (this: Collection, ...args: Parameters<Collection['find']>) {
    if (this.collectionName === 'audit_logs') auditQueries++;
    return find.apply(this, args);
  } as Collection['find']);
  defaultWs = (await srv.database.db.collection('workspaces').findOne({ slug: 'default' }))!._id;
  const now = Date.now();
  await srv.database.db.collection('campaigns').insertOne({ _id: new ObjectId(), workspace_id: defaultWs, external_id: 'cost-1', name: 'Cost', status: 'new', created_at: new Date(now - 10 * DAY) });
  const audit = srv.app.audit as AuditLog;
  for (const [id, ago] of [['new-event', 0], ['old-event', 400 * DAY]] as const)
    await audit.write(buildAuditEvent({ action: 'campaign.paused', workspaceId: defaultWs, resource: { type: 'campaign', id } }, { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId: `cost-${id}` }, new Date(now - ago)));
  sa = srv.client();
  await sa.login(srv.superAdmin.email, srv.superAdmin.password);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await srv?.stop();
});

describe('audit paging cost', () => {
  it("a campaign timeline with the cursor of day 9999-12-31 walks from today back to the campaign's creation only", async () => {
    const { result, queries } = await queriesOf(() => sa.get(`/api/w/default/campaigns/cost-1/audit?cursor=${worstCursor}`));
    expect(result.status).toBe(200);
    expect(queries).toBeLessThanOrEqual(13);
  });

  it('the audit viewer with from=0000-01-01 or the worst cursor walks at most one page of days', async () => {
    for (const q of ['from=0000-01-01T00:00:00Z', `cursor=${worstCursor}`]) {
      const { result, queries } = await queriesOf(() => sa.get(`/api/audit?limit=200&${q}`));
      expect(result.status, q).toBe(200);
      expect(queries, q).toBeLessThanOrEqual(MAX_PAGE_DAYS + 1);
    }
  });

  it('a page that stops at the day bound goes on with its cursor: nothing is skipped', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: { items: { request_id: string }[]; next_cursor: string | null } } = await sa.get(`/api/audit?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.request_id).filter((r) => r.startsWith('cost-')));
      cursor = page.body.next_cursor;
      pages++;
    } while (cursor && !seen.includes('cost-old-event') && pages < 10);
    expect(seen).toEqual(['cost-new-event', 'cost-old-event']);
    expect(pages).toBe(Math.ceil(401 / MAX_PAGE_DAYS));
    expect(cursor).not.toBeNull(); // the walk goes on towards the retention start
  });

  it('dates before the retention period and cursors after today are clamped', async () => {
    const { result, queries } = await queriesOf(() =>
      listAuditEvents(srv.app.db, { workspaceId: asWorkspaceId(defaultWs), lookbackDays: 10, from: new Date('0000-01-01T00:00:00Z'), cursor: worstCursor, limit: 50 }),
    );
    expect(queries).toBeLessThanOrEqual(11);
    expect(result.items.map((i) => i.request_id)).toEqual(['cost-new-event']);
    expect(result.next_cursor).toBeNull();
  });

  it('audit pages are rate-limited per user', async () => {
    // The earlier tests used some of this minute's 60 pages; the rest go through, then 429. The
    // walk may cross into the next minute (a fresh 60), so it may take up to two windows' worth.
    const statuses: number[] = [];
    for (let i = 0; i < 121 && statuses.at(-1) !== 429; i++) statuses.push((await sa.get('/api/w/default/campaigns/cost-1/audit')).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThan(40);
  });
});
