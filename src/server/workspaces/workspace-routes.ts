import { myWorkspacesAnswer, updatedWorkspaceAnswer, windowFollowersAnswer, workspaceAnswer, workspaceWithRoleAnswer } from '../../contract/workspaces.js';
import { ACTIVE_STATUSES } from '../../domain/campaign-lifecycle.js';
import type { AppContext } from '../app-context.js';
import { COLLECTIONS } from '../db/collections.js';
import { isDuplicateKey } from '../db/connection.js';
import { asWorkspaceId, TenantCollection, type TenantDocument } from '../db/tenant.js';
import { conflict, invalidState, notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { pageQuery } from '../db/id-page.js';
import { myWorkspacesPage } from './my-workspaces.js';
import { countWindowFollowers, syncWorkspaceWindow } from '../campaigns/campaign-window-sync.js';
import { sameWindow } from './sending-window.js';
import { createWorkspaceBody, slugParams, updateWorkspaceBody } from './workspace-schemas.js';
import { newWorkspaceDoc, publicWorkspace, SLUG_PATTERN, workspaceBySlug, workspacesCollection, type WorkspaceDoc } from './workspace-store.js';

/** Super admin routes name a workspace by slug without resolveWorkspace (which hides archived ones). */
async function workspaceForSuperAdmin(app: AppContext, slug: string): Promise<WorkspaceDoc> {
  const ws = SLUG_PATTERN.test(slug) ? await workspaceBySlug(app.db, slug) : null;
  if (!ws) throw notFound();
  return ws;
}

/** One equality query per active status, each served by the (workspace_id, status) index on both database servers. */
async function hasActiveCampaigns(app: AppContext, ws: WorkspaceDoc): Promise<boolean> {
  const campaigns = new TenantCollection<TenantDocument & { status: string }>(app.db, COLLECTIONS.campaigns);
  for (const status of ACTIVE_STATUSES) {
    if (await campaigns.findOne({ workspace_id: asWorkspaceId(ws._id), status }, { projection: { _id: 1 } })) return true;
  }
  return false;
}

export const workspaceRoutes = [
  route({
    method: 'GET',
    url: '/api/workspaces',
    summary: 'My workspaces with my role, by name, paged (every workspace, archived included, for a super admin)',
    access: { kind: 'user' },
    responses: { 200: myWorkspacesAnswer },
    query: pageQuery,
    handler: async ({ app, user, query }) => myWorkspacesPage(app, user, query),
  }),
  route({
    method: 'POST',
    url: '/api/workspaces',
    summary: 'Create a workspace (super admin)',
    access: { kind: 'super_admin' },
    responses: { 201: workspaceAnswer },
    audit: 'workspace.created',
    body: createWorkspaceBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const doc = newWorkspaceDoc(body);
      try {
        await workspacesCollection(app.db).insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('workspace_slug_taken', [{ path: 'body.slug', reason: 'already in use', rule: 'in_use' }]);
        throw err;
      }
      await ctx.audit({ workspaceId: doc._id, resource: { type: 'workspace', id: doc._id.toHexString() }, after: body });
      ctx.status(201);
      return { workspace: publicWorkspace(doc) };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug',
    summary: 'The workspace and my role in it',
    access: { kind: 'workspace', capability: 'workspace.view' },
    responses: { 200: workspaceWithRoleAnswer },
    params: slugParams,
    handler: async ({ ws }) => ({
      workspace: publicWorkspace(ws.workspace),
      role: ws.membership?.role ?? null,
      is_moderator: ws.membership?.is_moderator ?? false,
    }),
  }),
  route({
    method: 'PATCH',
    url: '/api/w/:slug',
    summary: 'Change the name, join-request setting or sending window (a new window is sent to the Core jobs that follow it)',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: updatedWorkspaceAnswer },
    audit: 'workspace.updated',
    params: slugParams,
    body: updateWorkspaceBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const ws = ctx.ws.workspace;
      // A new window is marked for the Core jobs that follow it in the same write (campaign-window-sync.ts).
      const windowChanged = body.sending_window !== undefined && !sameWindow(body.sending_window, ws.sending_window ?? null);
      // Last writer wins field by field: these settings have no invariant across fields.
      const set = windowChanged ? { ...body, window_sync_due: new Date() } : body;
      const updated = await workspacesCollection(app.db).findOneAndUpdate({ _id: ws._id }, { $set: set }, { returnDocument: 'after' });
      if (!updated) throw notFound();
      const before = Object.fromEntries(Object.keys(body).map((k) => [k, ws[k as keyof typeof body]]));
      await ctx.audit({ workspaceId: ws._id, resource: { type: 'workspace', id: ws._id.toHexString() }, before, after: body });
      const window_sync = windowChanged ? await syncWorkspaceWindow(app, ws._id, { requestId: ctx.requestId, audit: (input) => ctx.audit(input) }) : null;
      return { workspace: publicWorkspace(updated), window_sync };
    },
  }),
  route({
    method: 'GET',
    url: '/api/w/:slug/window-followers',
    summary: 'How many campaigns a new default sending window would reach (no window of their own, not finished)',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: windowFollowersAnswer },
    params: slugParams,
    handler: async ({ app, ws }) => countWindowFollowers(app, ws.workspaceId),
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/archive',
    summary: 'Archive a workspace (super admin); refused while campaigns are active',
    access: { kind: 'super_admin' },
    responses: { 200: workspaceAnswer },
    audit: 'workspace.archived',
    params: slugParams,
    handler: async (ctx) => {
      const ws = await workspaceForSuperAdmin(ctx.app, ctx.params.slug);
      if (ws.is_system) throw invalidState('default_workspace');
      if (ws.archived_at) throw invalidState('workspace_archived');
      if (await hasActiveCampaigns(ctx.app, ws)) throw invalidState('workspace_has_active_campaigns');
      const archived_at = new Date();
      await workspacesCollection(ctx.app.db).updateOne({ _id: ws._id }, { $set: { archived_at } });
      await ctx.audit({ workspaceId: ws._id, resource: { type: 'workspace', id: ws._id.toHexString() }, before: { archived_at: null }, after: { archived_at } });
      return { workspace: publicWorkspace({ ...ws, archived_at }) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/restore',
    summary: 'Restore an archived workspace (super admin)',
    access: { kind: 'super_admin' },
    responses: { 200: workspaceAnswer },
    audit: 'workspace.restored',
    params: slugParams,
    handler: async (ctx) => {
      const ws = await workspaceForSuperAdmin(ctx.app, ctx.params.slug);
      if (!ws.archived_at) throw invalidState('workspace_not_archived');
      await workspacesCollection(ctx.app.db).updateOne({ _id: ws._id }, { $set: { archived_at: null } });
      await ctx.audit({ workspaceId: ws._id, resource: { type: 'workspace', id: ws._id.toHexString() }, before: { archived_at: ws.archived_at }, after: { archived_at: null } });
      return { workspace: publicWorkspace({ ...ws, archived_at: null }) };
    },
  }),
];
