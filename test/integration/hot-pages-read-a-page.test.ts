// Issue 20: the hot sorted pages — campaign list, moderation queue, audit viewer — read about a page
// of documents from the database per request, not the whole workspace. The finds the server really
// sends (recorded by the driver's command monitor) are explained afterwards with executionStats; on
// the dev database devdb answers them through PostgreSQL's indexes (docs/devdb.md "Sorted pages").
import type { CommandStartedEvent, Document } from 'mongodb';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS as C } from '../../src/server/db/collections.js';
import { createCampaign, markRecipients, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';

const ROWS = 3_000;
let env: CampaignEnv;
const finds: Document[] = [];

beforeAll(async () => {
  env = await startCampaignEnv('hotpages', {}, {}, { monitorCommands: true });
  env.srv.app.db.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.databaseName === env.srv.database.name && e.commandName === 'find') finds.push(e.command);
  });
  // One real submitted campaign and its audit events, then clones of both: the workspace's bulk.
  const made = await createCampaign(env, env.author);
  await markRecipients(env, { external_id: made.external_id }, 10);
  expect((await env.author.client.post(`${env.base}/campaigns/${made.external_id}/submit`, {})).status).toBe(200);
  const db = env.srv.database.db;
  const campaign = (await db.collection(C.campaigns).findOne({ external_id: made.external_id }))!;
  expect(campaign.moderation_queue).toBe(true);
  const event = (await db.collection(C.auditLogs).findOne({ workspace_id: env.ws._id }))!;
  const t0 = Date.now() - 60 * 60_000;
  const clones = Array.from({ length: ROWS }, (_, i) => {
    const at = new Date(t0 - i * 1_000);
    return { ...campaign, _id: new ObjectId(), external_id: `bulk-${i}`, job_id: `bulk-job-${i}`, created_at: at, submitted_at: at };
  });
  // The audit clones stay inside today's UTC day bucket, as the viewer's first page reads it.
  const dayStart = Date.parse(`${event.day as string}T00:00:00Z`);
  const events = Array.from({ length: ROWS }, (_, i) => ({ ...event, _id: new ObjectId(), ts: new Date(dayStart + ((i * 997) % (Date.now() - dayStart))) }));
  await db.collection(C.campaigns).insertMany(clones);
  await db.collection(C.auditLogs).insertMany(events);
});
afterAll(async () => env?.stop());

/** Documents the database examined to answer one recorded find, from its own explain. */
async function docsExamined(find: Document): Promise<number> {
  const { find: collection, filter, sort, limit } = find;
  const explained = await env.srv.database.db.command({ explain: { find: collection, filter, sort, limit }, verbosity: 'executionStats' });
  return Number(explained.executionStats.totalDocsExamined);
}

/** Walks `pages` 50-row pages of a list; every sorted find it caused asks for a page and reads ≤ 2 pages. */
async function walk(path: string, collection: string, pages: number, user = env.moderator) {
  let cursor: string | null = null;
  for (let p = 0; p < pages; p++) {
    finds.length = 0;
    const sep = path.includes('?') ? '&' : '?';
    const r = await user.client.get(`${env.base}${path}${sep}limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items).toHaveLength(50);
    const sorted = finds.filter((f) => f.find === collection && f.sort && f.limit);
    expect(sorted.length).toBeGreaterThan(0);
    for (const f of sorted) {
      expect(Number(f.limit)).toBeLessThanOrEqual(51);
      expect(await docsExamined(f), JSON.stringify(f.filter)).toBeLessThanOrEqual(2 * 51);
    }
    cursor = r.body.next_cursor;
    expect(cursor).not.toBeNull();
  }
}

describe('hot sorted pages read a page, not the workspace', () => {
  it('campaign list, newest first, three pages', async () => walk('/campaigns', C.campaigns, 3));
  it('moderation queue, oldest first, three pages', async () => walk('/moderation?kind=campaigns', C.campaigns, 3));
  it('audit viewer, newest first, three pages', async () => walk('/audit', C.auditLogs, 3, env.admin));
});
