import { apiTokenAnswer, apiTokenPage, createdApiTokenAnswer } from '../../contract/workspaces.js';
import { ObjectId } from 'mongodb';
import { z } from 'zod';
import { parseObjectId } from '../db/tenant.js';
import { invalidState, notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { slugParams } from '../workspaces/workspace-schemas.js';
import { exclusively } from '../workspaces/exclusive.js';
import { findIdPage, pageQuery } from '../db/id-page.js';
import { API_TOKEN_PREFIX, apiTokensCollection, publicApiToken, type ApiTokenDoc } from './api-token-store.js';
import { newSecretToken } from './secret-token.js';

const tokenIdParams = z.strictObject({ slug: z.string().max(40), id: z.string().max(64) });
const createTokenBody = z.strictObject({ name: z.string().trim().min(1).max(80) });

export const apiTokenRoutes = [
  route({
    method: 'GET',
    url: '/api/w/:slug/api-tokens',
    summary: 'API tokens of the workspace, newest first, paged (prefix only; the token was shown once, at creation)',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: apiTokenPage },
    params: slugParams,
    query: pageQuery,
    handler: async ({ app, ws, query }) => {
      const page = await findIdPage(apiTokensCollection(app.db), { workspace_id: ws.workspaceId }, query, -1);
      return { items: page.items.map(publicApiToken), next_cursor: page.next_cursor };
    },
  }),
  route({
    method: 'POST',
    url: '/api/w/:slug/api-tokens',
    summary: 'Create an API token for the trigger API; the answer holds the token, shown this once',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 201: createdApiTokenAnswer },
    audit: 'api_token.created',
    params: slugParams,
    body: createTokenBody,
    handler: async (ctx) => {
      const workspaceId = ctx.ws.workspaceId;
      const { token, hash } = newSecretToken(API_TOKEN_PREFIX);
      const doc: ApiTokenDoc = {
        _id: new ObjectId(),
        workspace_id: workspaceId,
        name: ctx.body.name,
        token_hash: hash,
        prefix: token.slice(0, 8),
        scopes: ['trigger:send'],
        created_by: ctx.user._id,
        created_at: new Date(),
        last_used_at: null,
        revoked_at: null,
        revoked_by: null,
      };
      await apiTokensCollection(ctx.app.db).insertOne(doc);
      await ctx.audit({ workspaceId, resource: { type: 'api_token', id: doc._id.toHexString() }, after: { name: doc.name, prefix: doc.prefix, scopes: doc.scopes } });
      ctx.status(201);
      return { api_token: publicApiToken(doc), token };
    },
  }),
  route({
    method: 'DELETE',
    url: '/api/w/:slug/api-tokens/:id',
    summary: 'Revoke an API token; it fails from the next request on',
    access: { kind: 'workspace', capability: 'workspace.admin' },
    responses: { 200: apiTokenAnswer },
    audit: 'api_token.revoked',
    params: tokenIdParams,
    handler: async (ctx) => {
      const { app } = ctx;
      const workspaceId = ctx.ws.workspaceId;
      const id = parseObjectId(ctx.params.id);
      if (!id || !(await apiTokensCollection(app.db).findOne({ workspace_id: workspaceId, _id: id }))) throw notFound();
      const revoked = await exclusively(app.db, `api_tokens:${id.toHexString()}:revoke`, async () => {
        const t = await apiTokensCollection(app.db).findOne({ workspace_id: workspaceId, _id: id });
        if (!t) throw notFound();
        if (t.revoked_at) throw invalidState('token_revoked');
        const revoked_at = new Date();
        await apiTokensCollection(app.db).updateOne({ workspace_id: workspaceId, _id: id }, { $set: { revoked_at, revoked_by: ctx.user._id } });
        return { ...t, revoked_at };
      });
      await ctx.audit({ workspaceId, resource: { type: 'api_token', id: id.toHexString() }, before: { revoked_at: null }, after: { revoked_at: revoked.revoked_at } });
      return { api_token: publicApiToken(revoked) };
    },
  }),
];
