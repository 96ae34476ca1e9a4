import { memberChangeAnswer, memberPage } from '../../contract/workspaces.js';
import type { WorkspaceMember } from '../../domain/roles.js';
import { checkMemberRemoval, checkRoleChange, type MemberChangeCheck } from '../../domain/member-changes.js';
import type { AppContext } from '../app-context.js';
import { parseObjectId, type WorkspaceId } from '../db/tenant.js';
import { ApiError, forbidden, notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { forgetUser } from '../auth/session-cache.js';
import { usersCollection } from '../users/user-store.js';
import { findIdPage, pageQuery } from '../db/id-page.js';
import { changeMembersExclusively, countAdmins } from './member-changes.js';
import { memberChangeBody, memberParams, slugParams } from './workspace-schemas.js';
import { membershipsCollection, type MembershipDoc } from './workspace-store.js';

async function loadTarget(app: AppContext, workspaceId: WorkspaceId, userId: string) {
  const oid = parseObjectId(userId);
  const membership = oid && (await membershipsCollection(app.db).findOne({ workspace_id: workspaceId, user_id: oid }));
  const user = membership && (await usersCollection(app.db).findOne({ _id: membership.user_id }));
  if (!membership || !user) throw notFound();
  const member: WorkspaceMember = {
    userId: user._id.toHexString(),
    isSuperAdmin: user.is_super_admin,
    membership: { role: membership.role, isModerator: membership.is_moderator },
  };
  return { membership, user, member };
}

/** `last_admin` is a state problem (422); the others are permission refusals. */
function enforce(check: MemberChangeCheck, workspaceName: string): void {
  if (check.ok) return;
  if (check.reason === 'not_member') throw notFound();
  if (check.reason === 'last_admin') throw new ApiError('last_admin', { workspace: workspaceName });
  throw check.reason === 'forbidden' ? forbidden('members_admin_only') : new ApiError(check.reason);
}

const memberView = (m: MembershipDoc) => ({ role: m.role, is_moderator: m.is_moderator });

export const memberRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/members',
    // Paged in joining order: the name lives on the user, so a name order could not be paged by cursor.
    summary: 'Members of the workspace with their name, e-mail and role, in joining order (paged)',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: memberPage },
    params: slugParams,
    query: pageQuery,
    handler: async ({ app, ws, query }) => {
      const page = await findIdPage(membershipsCollection(app.db), { workspace_id: ws.workspaceId }, query, 1);
      const users = await usersCollection(app.db).find({ _id: { $in: page.items.map((m) => m.user_id) } }).toArray();
      const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
      const items = page.items.flatMap((m) => {
        const u = byId.get(m.user_id.toHexString());
        return u ? [{
          user_id: u._id.toHexString(),
          name: u.name,
          email: u.email,
          status: u.status,
          is_super_admin: u.is_super_admin,
          ...memberView(m),
          created_at: m.created_at,
        }] : [];
      });
      return { items, next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/w/:slug/members/:user_id',
    summary: "Change a member's role or moderator flag; their sessions end",
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: memberChangeAnswer },
    audit: 'member.updated',
    params: memberParams,
    body: memberChangeBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const { before, after, userId } = await changeMembersExclusively(app, workspaceId, async () => {
        const target = await loadTarget(app, workspaceId, ctx.params.user_id);
        const role = body.role ?? target.membership.role;
        // The moderator flag only means something for authors (product.md §1).
        const isModerator = role === 'author' ? (body.is_moderator ?? target.membership.is_moderator) : false;
        enforce(checkRoleChange(ctx.member, target.member, { role, isModerator }, await countAdmins(app, workspaceId)), ctx.ws.workspace.name);
        await membershipsCollection(app.db).updateOne({ workspace_id: workspaceId, _id: target.membership._id }, { $set: { role, is_moderator: isModerator } });
        return { before: memberView(target.membership), after: { role, is_moderator: isModerator }, userId: target.user._id };
      });
      if (before.role !== after.role || before.is_moderator !== after.is_moderator) {
        // security.md: a role change ends the user's sessions; they sign in again with the new role.
        await usersCollection(app.db).updateOne({ _id: userId }, { $inc: { session_version: 1 } });
        forgetUser(app, userId);
      }
      await ctx.audit({ workspaceId, resource: { type: 'membership', id: userId.toHexString() }, before, after });
      return { member: { user_id: userId.toHexString(), ...after } };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/w/:slug/members/:user_id',
    summary: 'Remove a member (an admin), or leave the workspace (yourself)',
    // Leaving needs only membership; removing someone else is checked by checkMemberRemoval.
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 204: null },
    audit: 'member.removed',
    params: memberParams,
    handler: async (ctx) => {
      const { app } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const removed = await changeMembersExclusively(app, workspaceId, async () => {
        const target = await loadTarget(app, workspaceId, ctx.params.user_id);
        const check = checkMemberRemoval(ctx.member, target.member, await countAdmins(app, workspaceId));
        if (!check.ok && check.reason === 'forbidden') await ctx.authorize('workspace.admin');
        enforce(check, ctx.ws.workspace.name);
        await membershipsCollection(app.db).deleteOne({ workspace_id: workspaceId, _id: target.membership._id });
        forgetUser(app, target.user._id);
        return target;
      });
      await ctx.audit({ workspaceId, resource: { type: 'membership', id: removed.user._id.toHexString() }, before: memberView(removed.membership), after: null });
      ctx.status(204);
    },
  }),
];
