import { acceptedInvitationAnswer, createdInvitationAnswer, invitationAnswer, invitationPage, invitationPreviewAnswer } from '../../contract/workspaces.js';
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { setSessionCookie } from '../auth/session.js';
import { isDuplicateKey } from '../db/connection.js';
import { parseObjectId, type WorkspaceId } from '../db/tenant.js';
import { ApiError, invalidState, notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { publicUser, usersCollection } from '../users/user-store.js';
import { newSecretToken } from '../api-tokens/secret-token.js';
import { isMember } from '../workspaces/add-member.js';
import { exclusively } from '../workspaces/exclusive.js';
import { findIdPage, pageQuery } from '../db/id-page.js';
import { slugParams } from '../workspaces/workspace-schemas.js';
import { publicWorkspace } from '../workspaces/workspace-store.js';
import { acceptInvitation, openInvitation } from './accept-invitation.js';
import { deliverInvitation } from './invitation-delivery.js';
import { acceptInvitationBody, createInvitationBody, invitationIdParams, tokenParams } from './invitation-schemas.js';
import { effectiveStatus, INVITATION_TTL_MS, invitationsCollection, markExpired, pendingKey, publicInvitation, type InvitationDoc } from './invitation-store.js';

const alreadyPending = (email: string) => new ApiError('invitation_pending', { email });

/** Inserts under the one-pending rule; an expired pending invitation for the pair is written down as expired first. */
async function insertPending(app: AppContext, workspaceId: WorkspaceId, doc: InvitationDoc): Promise<void> {
  const invitations = invitationsCollection(app.db);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await invitations.insertOne(doc);
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await invitations.findOne({ workspace_id: workspaceId, pending_key: doc.pending_key });
      if (!existing || effectiveStatus(existing) !== 'expired') throw alreadyPending(doc.email);
      await markExpired(app.db, existing);
    }
  }
  throw alreadyPending(doc.email);
}

export const invitationRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/invitations',
    summary: 'Invitations of the workspace, newest first, paged (tokens are never shown again)',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: invitationPage },
    params: slugParams,
    query: pageQuery,
    handler: async ({ app, ws, query }) => {
      const page = await findIdPage(invitationsCollection(app.db), { workspace_id: ws.workspaceId }, query, -1);
      return { items: page.items.map(publicInvitation), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/invitations',
    summary: 'Invite an e-mail address; the link is mailed, or shown once when mail is not configured',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 201: createdInvitationAnswer },
    audit: 'invitation.created',
    params: slugParams,
    body: createInvitationBody,
    rateLimit: { name: 'invitation_create', limit: 60, windowMs: 60_000, by: 'user' },
    handler: async (ctx) => {
      const { app, body } = ctx;
      const { workspace, workspaceId } = ctx.ws;
      const existingUser = await usersCollection(app.db).findOne({ email: body.email }, { projection: { _id: 1 } });
      if (existingUser && (await isMember(app, workspaceId, existingUser._id))) throw new ApiError('already_member', { workspace: workspace.name });
      const { token, hash } = newSecretToken();
      const now = new Date();
      const doc: InvitationDoc = {
        _id: new ObjectId(),
        workspace_id: workspaceId,
        email: body.email,
        role: body.role,
        is_moderator: body.role === 'author' && body.is_moderator,
        token_hash: hash,
        status: 'pending',
        pending_key: pendingKey(workspaceId, body.email),
        invited_by: ctx.user._id,
        expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
        created_at: now,
        decided_at: null,
        decided_by: null,
      };
      await insertPending(app, workspaceId, doc);
      const delivery = await deliverInvitation(app, doc, workspace, token);
      await ctx.audit({
        workspaceId,
        resource: { type: 'invitation', id: doc._id.toHexString() },
        after: { email: doc.email, role: doc.role, is_moderator: doc.is_moderator, expires_at: doc.expires_at, mailed: delivery.mailed },
      });
      ctx.status(201);
      return { invitation: publicInvitation(doc), ...delivery };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/w/:slug/invitations/:id',
    summary: 'Revoke a pending invitation',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: invitationAnswer },
    audit: 'invitation.revoked',
    params: invitationIdParams,
    handler: async (ctx) => {
      const { app } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const id = parseObjectId(ctx.params.id);
      const found = id && (await invitationsCollection(app.db).findOne({ workspace_id: workspaceId, _id: id }));
      if (!found) throw notFound();
      const revoked = await exclusively(app.db, `invitations:${found._id.toHexString()}:decide`, async () => {
        const inv = await invitationsCollection(app.db).findOne({ workspace_id: workspaceId, _id: found._id });
        if (!inv) throw notFound();
        // An expired invitation may still be revoked: that only changes what the list shows.
        if (inv.status !== 'pending') throw invalidState('invitation_decided', { status: inv.status });
        const decided_at = new Date();
        await invitationsCollection(app.db).updateOne(
          { workspace_id: workspaceId, _id: inv._id },
          { $set: { status: 'revoked', pending_key: inv._id.toHexString(), decided_at, decided_by: ctx.user._id } },
        );
        return { ...inv, status: 'revoked' as const, decided_at };
      });
      await ctx.audit({ workspaceId, resource: { type: 'invitation', id: revoked._id.toHexString() }, before: { status: 'pending' }, after: { status: 'revoked' } });
      return { invitation: publicInvitation(revoked) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/invitations/:token',
    summary: 'Preview an invitation: workspace, e-mail, role; 410 when expired, revoked or used',
    access: { kind: 'public' },
    responses: { 200: invitationPreviewAnswer },
    params: tokenParams,
    rateLimit: { name: 'invitation_preview', limit: 30, windowMs: 60_000, by: 'ip' },
    handler: async ({ app, params }) => {
      const { inv, workspace } = await openInvitation(app, params.token);
      const account = await usersCollection(app.db).findOne({ email: inv.email }, { projection: { _id: 1 } });
      return {
        invitation: {
          workspace: { name: workspace.name, slug: workspace.slug },
          email: inv.email,
          role: inv.role,
          is_moderator: inv.is_moderator,
          status: 'pending',
          expires_at: inv.expires_at,
          account_exists: account !== null,
        },
      };
    },
  }),
  route({
    method: 'POST',
    url: '/api/invitations/:token/accept',
    summary: 'Accept an invitation: signed in with the invited e-mail, or create the account with name and password',
    access: { kind: 'public' },
    responses: { 200: acceptedInvitationAnswer },
    audit: 'invitation.accepted',
    params: tokenParams,
    body: acceptInvitationBody,
    rateLimit: { name: 'invitation_accept', limit: 10, windowMs: 60_000, by: 'ip' },
    handler: async (ctx) => {
      const { app, req, reply } = ctx;
      const out = await acceptInvitation(app, req, reply, ctx.params.token, ctx.body);
      const userId = out.user._id.toHexString();
      ctx.actor = { type: 'user', id: userId, email: out.user.email };
      if (out.newAccount) {
        const now = Date.now();
        setSessionCookie(app, reply, { u: userId, v: out.user.session_version, iat: now, la: now });
        await ctx.audit({ action: 'user.created', workspaceId: null, resource: { type: 'user', id: userId }, after: { email: out.user.email, name: out.user.name, via: 'invitation' } });
      }
      await ctx.audit({ workspaceId: out.workspace._id, resource: { type: 'invitation', id: out.inv._id.toHexString() }, before: { status: 'pending' }, after: { status: 'accepted', user_id: userId } });
      if (out.membershipCreated) {
        await ctx.audit({ action: 'member.added', workspaceId: out.workspace._id, resource: { type: 'membership', id: userId }, after: { role: out.membership.role, is_moderator: out.membership.is_moderator, via: 'invitation' } });
      }
      return {
        workspace: publicWorkspace(out.workspace),
        role: out.membership.role,
        is_moderator: out.membership.is_moderator,
        user: publicUser(out.user),
      };
    },
  }),
];
