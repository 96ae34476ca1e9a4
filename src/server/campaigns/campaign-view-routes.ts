import { ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { asWorkspaceId, type WorkspaceId } from '../db/tenant.js';
import type { AppContext } from '../app-context.js';
import { route } from '../http/route.js';
import { publicRevision, revisionsCollection, sendersCollection } from '../senders/sender-store.js';
import type { UserDoc } from '../users/user-store.js';
import { workspacesCollection, type MembershipDoc } from '../workspaces/workspace-store.js';
import { listCampaigns } from './campaign-list.js';
import { workspaceOverview } from './campaign-overview.js';
import { crossWorkspaceQuery, workspaceParams } from './campaign-schemas.js';
import { campaignsCollection, publicCampaign } from './campaign-store.js';

const QUEUE_LIMIT = 500;

/** The workspaces whose archive the user sees: their memberships; every workspace for a super admin. */
async function visibleWorkspaces(app: AppContext, user: UserDoc): Promise<WorkspaceId[]> {
  if (user.is_super_admin) return (await workspacesCollection(app.db).find({}, { projection: { _id: 1 } }).toArray()).map((w) => asWorkspaceId(w._id));
  const memberships = await app.db.collection<MembershipDoc>(COLLECTIONS.memberships).find({ user_id: user._id }).toArray();
  const ids = memberships.map((m) => m.workspace_id);
  const active = await workspacesCollection(app.db).find({ _id: { $in: ids }, archived_at: null }, { projection: { _id: 1 } }).toArray();
  return active.map((w) => asWorkspaceId(w._id));
}

export const campaignViewRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/moderation',
    summary: 'The Moderation queue: submitted, unapproved campaigns and pending sender revisions',
    access: { kind: 'workspace', capability: 'workspace.view' },
    params: workspaceParams,
    handler: async ({ app, ws }) => {
      const workspaceId = ws.workspaceId;
      const [campaigns, revisions] = await Promise.all([
        campaignsCollection(app.db).find({ workspace_id: workspaceId, moderation_queue: true }).sort({ submitted_at: 1 }).limit(QUEUE_LIMIT).toArray(),
        revisionsCollection(app.db).find({ workspace_id: workspaceId, status: 'pending_approval' }).sort({ created_at: 1 }).limit(QUEUE_LIMIT).toArray(),
      ]);
      const senderIds = [...new Set(revisions.map((r) => r.sender_name_id.toHexString()))].map((id) => new ObjectId(id));
      const senders = senderIds.length ? await sendersCollection(app.db).find({ workspace_id: workspaceId, _id: { $in: senderIds } }).toArray() : [];
      const nameOf = new Map(senders.map((s) => [s._id.toHexString(), s.name]));
      return {
        campaigns: campaigns.map(publicCampaign),
        sender_revisions: revisions.map((r) => ({ ...publicRevision(r), sender_name: nameOf.get(r.sender_name_id.toHexString()) ?? null })),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/overview',
    summary: 'Overview KPIs: active campaigns, sent today, delivery rate, awaiting moderation, funnel, last 24 hours',
    access: { kind: 'workspace', capability: 'workspace.view' },
    params: workspaceParams,
    handler: async ({ app, ws }) => ({ ...(await workspaceOverview(app.db, ws.workspaceId)), core: app.core.health.state() }),
  }),
  route({
    method: 'GET',
    url: '/api/master/campaigns',
    summary: 'Master view: campaigns of every workspace (super admin, read-only)',
    access: { kind: 'super_admin' },
    query: crossWorkspaceQuery,
    handler: async ({ app, user, query }) => {
      const { limit, cursor, ...filter } = query;
      const page = await listCampaigns(app.db, await visibleWorkspaces(app, user), { ...filter, archived: false }, { limit, cursor });
      return { items: page.items.map(publicCampaign), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'GET',
    url: '/api/archive/campaigns',
    summary: 'Archived campaigns of my workspaces',
    access: { kind: 'user' },
    query: crossWorkspaceQuery,
    handler: async ({ app, user, query }) => {
      const { limit, cursor, ...filter } = query;
      const page = await listCampaigns(app.db, await visibleWorkspaces(app, user), { ...filter, archived: true }, { limit, cursor });
      return { items: page.items.map(publicCampaign), next_cursor: page.next_cursor };
    },
  }),
];
