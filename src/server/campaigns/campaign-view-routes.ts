import { campaignPage, moderationQueueAnswer, overviewAnswer } from '../../contract/campaigns.js';
import { ObjectId } from 'mongodb';
import { COLLECTIONS } from '../db/collections.js';
import { findKeyPage } from '../db/id-page.js';
import { asWorkspaceId, type WorkspaceId } from '../db/tenant.js';
import type { AppContext } from '../app-context.js';
import { badRequest } from '../http/errors.js';
import { route } from '../http/route.js';
import { overviewPeriod, utcDayStart } from '../../domain/overview-figures.js';
import { publicRevision, revisionsCollection, sendersCollection, type RevisionDoc } from '../senders/sender-store.js';
import type { UserDoc } from '../users/user-store.js';
import { workspacesCollection, type MembershipDoc } from '../workspaces/workspace-store.js';
import { listCampaigns } from './campaign-list.js';
import { workspaceOverview } from './campaign-overview.js';
import { crossWorkspaceQuery, moderationQuery, overviewQuery, workspaceParams } from './campaign-schemas.js';
import { campaignsCollection, publicCampaign, type CampaignDoc } from './campaign-store.js';

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
    summary: 'The Moderation queue, oldest first, paged: submitted unapproved campaigns (kind=campaigns) or pending sender revisions (kind=sender_revisions)',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: moderationQueueAnswer },
    params: workspaceParams,
    query: moderationQuery,
    handler: async ({ app, ws, query: { kind, ...page } }) => {
      const workspaceId = ws.workspaceId;
      if (kind === 'campaigns') {
        const filter = { workspace_id: workspaceId, moderation_queue: true };
        const found = await findKeyPage<CampaignDoc>(
          (bound, sort, limit) => campaignsCollection(app.db).find({ ...filter, ...bound }).sort(sort).limit(limit).toArray(),
          'submitted_at',
          1,
          page,
        );
        return { items: found.items.map(publicCampaign), next_cursor: found.next_cursor };
      }
      const filter = { workspace_id: workspaceId, status: 'pending_approval' as const };
      const found = await findKeyPage<RevisionDoc>(
        (bound, sort, limit) => revisionsCollection(app.db).find({ ...filter, ...bound }).sort(sort).limit(limit).toArray(),
        'created_at',
        1,
        page,
      );
      const senderIds = [...new Set(found.items.map((r) => r.sender_name_id.toHexString()))].map((id) => new ObjectId(id));
      const senders = senderIds.length ? await sendersCollection(app.db).find({ workspace_id: workspaceId, _id: { $in: senderIds } }).toArray() : [];
      const nameOf = new Map(senders.map((s) => [s._id.toHexString(), s.name]));
      const items = found.items.map((r) => ({ ...publicRevision(r), sender_name: nameOf.get(r.sender_name_id.toHexString()) ?? null }));
      return { items, next_cursor: found.next_cursor };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/overview',
    summary:
      'Overview KPIs: active campaigns, sent today (since day_start, the reader\'s local midnight; default UTC midnight), delivery rate and messages per hour over the 24 hours of the reader\'s day grid up to now, awaiting moderation, funnel',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: overviewAnswer },
    params: workspaceParams,
    query: overviewQuery,
    handler: async ({ app, ws, query }) => {
      const now = query.now ?? new Date();
      const period = overviewPeriod(query.day_start ?? utcDayStart(now), now);
      if (!period) throw badRequest([{ path: 'query.day_start', reason: 'must be the quarter hour that starts the day holding now' }]);
      return { ...(await workspaceOverview(app.db, ws.workspaceId, period)), core: app.core.health.state() };
    },
  }),
  route({
    method: 'GET',
    url: '/api/master/campaigns',
    summary: 'Master view: campaigns of every workspace (super admin, read-only)',
    access: { kind: 'super_admin' },
    responses: { 200: campaignPage },
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
    responses: { 200: campaignPage },
    query: crossWorkspaceQuery,
    handler: async ({ app, user, query }) => {
      const { limit, cursor, ...filter } = query;
      const page = await listCampaigns(app.db, await visibleWorkspaces(app, user), { ...filter, archived: true }, { limit, cursor });
      return { items: page.items.map(publicCampaign), next_cursor: page.next_cursor };
    },
  }),
];
