// Issue 17 "Moderator and admin tools": the audit viewer filters on actor and resource on the
// server, and names each campaign or sender (linked in the console) from its own workspace only.
import { Collection, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AuditActor } from '../../src/server/audit/audit-event.js';
import { buildAuditEvent, type AuditLog } from '../../src/server/audit/audit-log.js';
import { INDEXES } from '../../src/server/migrations/indexes.js';
import type { WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { makeMember, makeWorkspace, superAdminClient, type FixtureUser } from './workspaces-fixtures.js';

let srv: TestServer;
let acme: WorkspaceDoc;
let rival: WorkspaceDoc;
let acmeAdmin: FixtureUser;
const ids = { acmeSender: new ObjectId(), rivalSender: new ObjectId(), acmeRevision: new ObjectId(), rivalRevision: new ObjectId() };
const finds: Record<string, number> = {};

const ann: AuditActor = { type: 'user', id: new ObjectId().toHexString(), email: 'ann@example.test' };
const bob: AuditActor = { type: 'user', id: new ObjectId().toHexString(), email: 'bob@example.test' };

async function write(ws: WorkspaceDoc, type: string, id: string, who: AuditActor, tag: string) {
  const audit = srv.app.audit as AuditLog;
  await audit.write(buildAuditEvent({ action: 'campaign.paused', workspaceId: ws._id, resource: { type, id } }, { actor: who, ip: null, userAgent: null, requestId: `obj-${tag}` }));
}

async function insertSender(ws: WorkspaceDoc, _id: ObjectId, revision: ObjectId, name: string) {
  const db = srv.database.db;
  await db.collection('sender_names').insertOne({ _id, workspace_id: ws._id, name, active_name_key: name.toLowerCase(), status: 'approved', current_revision_id: revision, created_at: new Date(), updated_at: new Date() });
  await db.collection('sender_name_revisions').insertOne({ _id: revision, sender_name_id: _id, workspace_id: ws._id, revision_number: 1, status: 'approved' });
}

type Item = { request_id: string; resource: { type: string; id: string | null }; actor: { email: string | null }; object: unknown };
const ours = (items: Item[]) => new Map(items.filter((i) => i.request_id.startsWith('obj-')).map((i) => [i.request_id.slice(4), i]));

beforeAll(async () => {
  srv = await startTestServer({}, 'auditobjects');
  acme = await makeWorkspace(srv, 'acme');
  rival = await makeWorkspace(srv, 'rival');
  acmeAdmin = await makeMember(srv, acme, 'acme-admin@example.test', 'admin');
  const db = srv.database.db;
  await db.collection('campaigns').insertMany([
    { _id: new ObjectId(), workspace_id: acme._id, external_id: 'acme-c1', name: 'Spring sale', status: 'new', created_at: new Date() },
    { _id: new ObjectId(), workspace_id: rival._id, external_id: 'rival-c1', name: 'Rival secret plan', status: 'new', created_at: new Date() },
  ]);
  await insertSender(acme, ids.acmeSender, ids.acmeRevision, 'ACME');
  await insertSender(rival, ids.rivalSender, ids.rivalRevision, 'RIVALSECRET');
  await write(acme, 'campaign', 'acme-c1', ann, 'acme-campaign');
  await write(acme, 'sender', ids.acmeSender.toHexString(), bob, 'acme-sender');
  await write(acme, 'sender_revision', ids.acmeRevision.toHexString(), bob, 'acme-revision');
  // Events of acme that name rival's objects (forged, or written by a bug): never named.
  await write(acme, 'campaign', 'rival-c1', ann, 'acme-forged-campaign');
  await write(acme, 'sender', ids.rivalSender.toHexString(), ann, 'acme-forged-sender');
  await write(acme, 'sender_revision', ids.rivalRevision.toHexString(), ann, 'acme-forged-revision');
  await write(rival, 'campaign', 'rival-c1', bob, 'rival-campaign');
  const find = Collection.prototype.find;
  vi.spyOn(Collection.prototype, 'find').mockImplementation(function (this: Collection, ...args: Parameters<Collection['find']>) {
    finds[this.collectionName] = (finds[this.collectionName] ?? 0) + 1;
    return find.apply(this, args);
  } as Collection['find']);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await srv?.stop();
});

describe('audit objects and filters', () => {
  it("names each campaign and sender of the workspace's log with one look-up per collection, never another workspace's", async () => {
    for (const k of Object.keys(finds)) delete finds[k];
    const page = await acmeAdmin.client.get('/api/w/acme/audit?limit=50');
    expect(page.status).toBe(200);
    const items = ours(page.body.items);
    expect(items.size).toBe(6);
    expect(items.get('acme-campaign')!.object).toEqual({ type: 'campaign', id: 'acme-c1', name: 'Spring sale', workspace_slug: 'acme' });
    expect(items.get('acme-sender')!.object).toEqual({ type: 'sender', id: ids.acmeSender.toHexString(), name: 'ACME', workspace_slug: 'acme' });
    expect(items.get('acme-revision')!.object).toEqual({ type: 'sender', id: ids.acmeSender.toHexString(), name: 'ACME', workspace_slug: 'acme' });
    for (const forged of ['acme-forged-campaign', 'acme-forged-sender', 'acme-forged-revision']) expect(items.get(forged)!.object, forged).toBeNull();
    expect(JSON.stringify(page.body)).not.toMatch(/Rival secret plan|RIVALSECRET/);
    const lookUps = { campaigns: finds.campaigns, senders: finds.sender_names, revisions: finds.sender_name_revisions };
    expect(lookUps).toEqual({ campaigns: 1, senders: 1, revisions: 1 });
  });

  it("names objects across workspaces for the super admin, each from the event's own workspace", async () => {
    const sa = await superAdminClient(srv);
    const page = await sa.get('/api/audit?limit=200');
    expect(page.status).toBe(200);
    const items = ours(page.body.items);
    expect(items.get('rival-campaign')!.object).toEqual({ type: 'campaign', id: 'rival-c1', name: 'Rival secret plan', workspace_slug: 'rival' });
    expect(items.get('acme-campaign')!.object).toMatchObject({ name: 'Spring sale', workspace_slug: 'acme' });
    for (const forged of ['acme-forged-campaign', 'acme-forged-sender', 'acme-forged-revision']) expect(items.get(forged)!.object, forged).toBeNull();
  });

  it('filters on the actor and on the resource type and id, on the server', async () => {
    const byActor = await acmeAdmin.client.get('/api/w/acme/audit?actor_email=BOB@example.test');
    expect([...ours(byActor.body.items).keys()].sort()).toEqual(['acme-revision', 'acme-sender']);
    const byResource = await acmeAdmin.client.get('/api/w/acme/audit?resource_type=campaign&resource_id=acme-c1');
    expect([...ours(byResource.body.items).keys()]).toEqual(['acme-campaign']);
    const byType = await acmeAdmin.client.get('/api/w/acme/audit?resource_type=sender');
    expect([...ours(byType.body.items).keys()].sort()).toEqual(['acme-forged-sender', 'acme-sender']);
    const both = await acmeAdmin.client.get('/api/w/acme/audit?resource_type=campaign&actor_email=ann@example.test');
    expect([...ours(both.body.items).keys()].sort()).toEqual(['acme-campaign', 'acme-forged-campaign']);
    // Another workspace's resource id finds nothing in this workspace's log.
    const rivalOnly = await acmeAdmin.client.get('/api/w/acme/audit?resource_type=campaign&resource_id=rival-c1');
    expect([...ours(rivalOnly.body.items).keys()]).toEqual(['acme-forged-campaign']);
  });

  it('the filters are served by indexes that start with the equality the day walk uses', async () => {
    const names = (await srv.database.db.collection('audit_logs').listIndexes().toArray()).map((i) => String(i.name));
    for (const spec of INDEXES.audit_logs!) expect(names).toContain(spec.name);
    expect(names).toEqual(expect.arrayContaining(['workspace_actor_day', 'workspace_resource_day', 'actor_day']));
  });
});
