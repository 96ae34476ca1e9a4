import { joinableWorkspacesAnswer, joinRequestAnswer, joinRequestPage } from '../../contract/workspaces.js';
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { isDuplicateKey } from '../db/connection.js';
import { asWorkspaceId, parseObjectId, type WorkspaceId } from '../db/tenant.js';
import { ApiError, invalidState, notFound } from '../http/errors.js';
import { route, type WorkspaceContext } from '../http/route.js';
import { usersCollection } from '../users/user-store.js';
import { addMember } from '../workspaces/add-member.js';
import { exclusively } from '../workspaces/exclusive.js';
import { COLLECTIONS } from '../db/collections.js';
import { findIdPage, findKeyPage, pageQuery } from '../db/id-page.js';
import { slugParams } from '../workspaces/workspace-schemas.js';
import { membershipsCollection, SLUG_PATTERN, workspaceBySlug, workspacesCollection, type MembershipDoc, type WorkspaceDoc } from '../workspaces/workspace-store.js';
import { approveJoinRequestBody, createJoinRequestBody, joinRequestIdParams, listJoinRequestsQuery, rejectJoinRequestBody } from './join-request-schemas.js';
import { joinPendingKey, joinRequestsCollection, publicJoinRequest, type JoinRequestDoc } from './join-request-store.js';

/**
 * Loads the request and decides it under its claim (approve and reject race for one decision);
 * `decide` gets the re-read, still-pending request and returns the fields to set.
 */
async function decideJoinRequest(
  app: AppContext,
  workspaceId: WorkspaceId,
  id: string,
  decide: (r: JoinRequestDoc) => Promise<Partial<JoinRequestDoc>>,
): Promise<{ before: JoinRequestDoc; after: JoinRequestDoc }> {
  const oid = parseObjectId(id);
  if (!oid || !(await joinRequestsCollection(app.db).findOne({ workspace_id: workspaceId, _id: oid }))) throw notFound();
  return exclusively(app.db, `join_requests:${oid.toHexString()}:decide`, async () => {
    const r = await joinRequestsCollection(app.db).findOne({ workspace_id: workspaceId, _id: oid });
    if (!r) throw notFound();
    if (r.status !== 'pending') throw invalidState('request_decided', { status: r.status });
    const set = { ...(await decide(r)), pending_key: r._id.toHexString() };
    await joinRequestsCollection(app.db).updateOne({ workspace_id: workspaceId, _id: r._id }, { $set: set });
    return { before: r, after: { ...r, ...set } };
  });
}

type DecisionCtx = WorkspaceContext<{ slug: string; id: string }>;
const decisionFields = (ctx: DecisionCtx, status: 'approved' | 'rejected') => ({ status, decided_by: ctx.user._id, decided_at: new Date() });

export const joinRequestRoutes = [
  route({
    method: 'GET',
    url: '/api/join-requests/available',
    summary: 'Workspaces that accept join requests and that I am not a member of, by name, paged',
    access: { kind: 'user' },
    responses: { 200: joinableWorkspacesAnswer },
    query: pageQuery,
    handler: async ({ app, user, query }) => {
      // Memberships by user id span workspaces (as in my-workspaces): the workspaces to leave out.
      const mine = await app.db.collection<MembershipDoc>(COLLECTIONS.memberships).find({ user_id: user._id }, { projection: { workspace_id: 1 } }).toArray();
      const filter = { allow_join_requests: true, archived_at: null, _id: { $nin: mine.map((m) => m.workspace_id) } };
      const open = await findKeyPage<WorkspaceDoc>((bound, sort, limit) => workspacesCollection(app.db).find({ ...filter, ...bound }).sort(sort).limit(limit).toArray(), 'name', 1, query);
      const items = [];
      for (const ws of open.items) {
        const wsId = asWorkspaceId(ws._id);
        // The newest request tells both: still pending, or refused (with the admin's note shown to the requester).
        const latest = await joinRequestsCollection(app.db).findOne({ workspace_id: wsId, user_id: user._id }, { sort: { _id: -1 } });
        const rejected = latest?.status === 'rejected' ? { note: latest.decision_note, decided_at: latest.decided_at ?? latest.created_at } : null;
        items.push({ slug: ws.slug, name: ws.name, pending_request: latest?.status === 'pending', last_rejection: rejected });
      }
      return { items, next_cursor: open.next_cursor };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/join-requests',
    summary: 'Ask to join a workspace that accepts join requests (for non-members)',
    // Not a workspace route: the caller is not a member yet, and resolveWorkspace answers 404 to non-members.
    access: { kind: 'user' },
    responses: { 201: joinRequestAnswer },
    audit: 'join_request.created',
    params: slugParams,
    body: createJoinRequestBody,
    rateLimit: { name: 'join_request', limit: 10, windowMs: 60_000, by: 'user' },
    handler: async (ctx) => {
      const { app, body } = ctx;
      const user = ctx.user;
      const ws = SLUG_PATTERN.test(ctx.params.slug) ? await workspaceBySlug(app.db, ctx.params.slug) : null;
      if (!ws || ws.archived_at || !ws.allow_join_requests) throw notFound();
      const workspaceId = asWorkspaceId(ws._id);
      if (await membershipsCollection(app.db).findOne({ workspace_id: workspaceId, user_id: user._id })) throw new ApiError('already_member', { workspace: ws.name });
      const doc: JoinRequestDoc = {
        _id: new ObjectId(),
        workspace_id: workspaceId,
        user_id: user._id,
        message: body.message,
        status: 'pending',
        pending_key: joinPendingKey(workspaceId, user._id),
        created_at: new Date(),
        decided_by: null,
        decided_at: null,
        granted_role: null,
        granted_is_moderator: null,
        decision_note: null,
      };
      try {
        await joinRequestsCollection(app.db).insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw new ApiError('join_request_pending', { workspace: ws.name });
        throw err;
      }
      await ctx.audit({ workspaceId, resource: { type: 'join_request', id: doc._id.toHexString() }, after: { user_id: user._id.toHexString(), message: doc.message } });
      ctx.status(201);
      return { join_request: publicJoinRequest(doc) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/join-requests',
    summary: 'Join requests of the workspace (pending by default) with the requester, newest first, paged',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: joinRequestPage },
    params: slugParams,
    query: listJoinRequestsQuery,
    handler: async ({ app, ws, query }) => {
      const page = await findIdPage(joinRequestsCollection(app.db), { workspace_id: ws.workspaceId, status: query.status }, query, -1);
      const users = await usersCollection(app.db).find({ _id: { $in: page.items.map((r) => r.user_id) } }, { projection: { name: 1, email: 1 } }).toArray();
      const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
      return { items: page.items.map((r) => publicJoinRequest(r, byId.get(r.user_id.toHexString()))), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/join-requests/:id/approve',
    summary: 'Approve a join request with a role and the moderator flag; the requester becomes a member',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: joinRequestAnswer },
    audit: 'join_request.approved',
    params: joinRequestIdParams,
    body: approveJoinRequestBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      let membershipCreated = false;
      const { before, after } = await decideJoinRequest(app, workspaceId, ctx.params.id, async (r) => {
        const added = await addMember(app, workspaceId, r.user_id, body.role, body.is_moderator);
        membershipCreated = added.created;
        return { ...decisionFields(ctx, 'approved'), granted_role: added.membership.role, granted_is_moderator: added.membership.is_moderator };
      });
      const resource = { type: 'join_request', id: after._id.toHexString() };
      await ctx.audit({
        workspaceId,
        resource,
        before: { status: before.status },
        after: { status: after.status, role: after.granted_role, is_moderator: after.granted_is_moderator },
      });
      if (membershipCreated) {
        await ctx.audit({ action: 'member.added', workspaceId, resource: { type: 'membership', id: after.user_id.toHexString() }, after: { role: after.granted_role, is_moderator: after.granted_is_moderator, via: 'join_request' } });
      }
      return { join_request: publicJoinRequest(after) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/join-requests/:id/reject',
    summary: 'Reject a join request, with a note the requester sees',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: joinRequestAnswer },
    audit: 'join_request.rejected',
    params: joinRequestIdParams,
    body: rejectJoinRequestBody,
    handler: async (ctx) => {
      const workspaceId = ctx.ws.workspaceId;
      const { before, after } = await decideJoinRequest(ctx.app, workspaceId, ctx.params.id, async () => ({ ...decisionFields(ctx, 'rejected'), decision_note: ctx.body.note || null }));
      await ctx.audit({ workspaceId, resource: { type: 'join_request', id: after._id.toHexString() }, before: { status: before.status }, after: { status: after.status, note: after.decision_note } });
      return { join_request: publicJoinRequest(after) };
    },
  }),
];
