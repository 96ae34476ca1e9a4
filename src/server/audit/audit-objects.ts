import type { AuditObject } from '../../contract/operations.js';
import { ObjectId, type Db, type Filter } from 'mongodb';
import { campaignsCollection, type CampaignDoc } from '../campaigns/campaign-store.js';
import { asWorkspaceId, type TenantDocument, type TenantFilter, type WorkspaceId } from '../db/tenant.js';
import { revisionsCollection, sendersCollection, type RevisionDoc, type SenderDoc } from '../senders/sender-store.js';
import { workspacesCollection } from '../workspaces/workspace-store.js';
import type { AuditEvent } from './audit-event.js';

/** Ids of one kind of object per workspace, as the events of a page name them. */
type IdsByWorkspace = Map<string, Set<string>>;

function add(ids: IdsByWorkspace, workspaceId: ObjectId, id: string) {
  const key = workspaceId.toHexString();
  ids.set(key, (ids.get(key) ?? new Set()).add(id));
}

/**
 * One filter for every workspace of the page: each clause pairs a workspace with the ids its own
 * events named, so an event can only ever name an object of its own workspace. A single clause
 * stays top-level equality on `workspace_id` (what FerretDB v1 pushes down).
 */
function perWorkspace<T extends TenantDocument>(ids: IdsByWorkspace, clause: (ws: WorkspaceId, ids: string[]) => TenantFilter<T>): Filter<T> | null {
  const clauses = [...ids].map(([ws, set]) => clause(asWorkspaceId(new ObjectId(ws)), [...set]));
  if (clauses.length === 0) return null;
  return clauses.length === 1 ? clauses[0]! : ({ $or: clauses } as Filter<T>);
}

const objectIds = (ids: string[]) => ids.filter((id) => ObjectId.isValid(id) && id.length === 24).map((id) => new ObjectId(id));
const keyOf = (workspaceId: ObjectId, id: string) => `${workspaceId.toHexString()}:${id}`;

/**
 * The campaign or sender each event of a page is about, with its name and its workspace's slug
 * (the console links it to its page): one batched, workspace-scoped query per collection. A sender
 * revision names its sender. Other objects, and objects deleted since, stay unnamed (null).
 */
export async function nameAuditObjects(db: Db, events: AuditEvent[]): Promise<(AuditObject | null)[]> {
  const campaignIds: IdsByWorkspace = new Map();
  const senderIds: IdsByWorkspace = new Map();
  const revisionIds: IdsByWorkspace = new Map();
  for (const e of events) {
    if (!e.workspace_id || !e.resource.id) continue;
    if (e.resource.type === 'campaign') add(campaignIds, e.workspace_id, e.resource.id);
    if (e.resource.type === 'sender') add(senderIds, e.workspace_id, e.resource.id);
    if (e.resource.type === 'sender_revision') add(revisionIds, e.workspace_id, e.resource.id);
  }

  const revisionFilter = perWorkspace<RevisionDoc>(revisionIds, (workspace_id, ids) => ({ workspace_id, _id: { $in: objectIds(ids) } }));
  const revisions = revisionFilter
    ? await revisionsCollection(db).raw.find(revisionFilter, { projection: { workspace_id: 1, sender_name_id: 1 } }).toArray()
    : [];
  const senderOfRevision = new Map(revisions.map((r) => [keyOf(r.workspace_id, r._id.toHexString()), r.sender_name_id.toHexString()]));
  for (const r of revisions) add(senderIds, r.workspace_id, r.sender_name_id.toHexString());

  const campaignFilter = perWorkspace<CampaignDoc>(campaignIds, (workspace_id, ids) => ({ workspace_id, external_id: { $in: ids } }));
  const senderFilter = perWorkspace<SenderDoc>(senderIds, (workspace_id, ids) => ({ workspace_id, _id: { $in: objectIds(ids) } }));
  const [campaigns, senders] = await Promise.all([
    campaignFilter ? campaignsCollection(db).raw.find(campaignFilter, { projection: { workspace_id: 1, external_id: 1, name: 1 } }).toArray() : [],
    senderFilter ? sendersCollection(db).raw.find(senderFilter, { projection: { workspace_id: 1, name: 1 } }).toArray() : [],
  ]);
  const campaignName = new Map(campaigns.map((c) => [keyOf(c.workspace_id, c.external_id), c.name]));
  const senderName = new Map(senders.map((s) => [keyOf(s.workspace_id, s._id.toHexString()), s.name]));

  const named = [...new Set([...campaigns, ...senders].map((d) => d.workspace_id.toHexString()))].map((id) => new ObjectId(id));
  const workspaces = named.length ? await workspacesCollection(db).find({ _id: { $in: named } }, { projection: { slug: 1 } }).toArray() : [];
  const slugOf = new Map(workspaces.map((w) => [w._id.toHexString(), w.slug]));

  return events.map((e): AuditObject | null => {
    if (!e.workspace_id || !e.resource.id) return null;
    const slug = slugOf.get(e.workspace_id.toHexString());
    if (slug === undefined) return null;
    if (e.resource.type === 'campaign') {
      const name = campaignName.get(keyOf(e.workspace_id, e.resource.id));
      return name === undefined ? null : { type: 'campaign', id: e.resource.id, name, workspace_slug: slug };
    }
    const senderId = e.resource.type === 'sender' ? e.resource.id : e.resource.type === 'sender_revision' ? senderOfRevision.get(keyOf(e.workspace_id, e.resource.id)) : undefined;
    const name = senderId === undefined ? undefined : senderName.get(keyOf(e.workspace_id, senderId));
    return senderId === undefined || name === undefined ? null : { type: 'sender', id: senderId, name, workspace_slug: slug };
  });
}
