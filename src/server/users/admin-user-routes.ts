import { temporaryPasswordAnswer, userAnswer, userPage } from '../../contract/users.js';
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { hashPassword, randomPassword } from '../auth/password.js';
import { forgetUser } from '../auth/session-cache.js';
import { isDuplicateKey } from '../db/connection.js';
import { parseObjectId } from '../db/tenant.js';
import { conflict, forbidden, invalidState, notFound } from '../http/errors.js';
import { route } from '../http/route.js';
import { encodeCursor } from '../http/cursor.js';
import { decodeIdCursor } from '../db/id-page.js';
import { escapeRegex } from '../http/literal-search.js';
import { createUserBody, listQuery, userIdParams } from './admin-user-schemas.js';
import { newUserDoc, publicUser, usersCollection, type UserDoc } from './user-store.js';

const TEMP_PASSWORD_TTL_MS = 24 * 3600_000;

async function targetUser(app: AppContext, id: string): Promise<UserDoc> {
  const oid = parseObjectId(id);
  const user = oid && (await usersCollection(app.db).findOne({ _id: oid }));
  if (!user) throw notFound();
  return user;
}

/** A temporary password: shown once to the super admin, valid 24 h, must be changed at first sign-in. */
async function temporaryPassword(app: AppContext) {
  const password = randomPassword(16);
  return {
    password,
    fields: {
      password_hash: await hashPassword(password, app.config.BCRYPT_COST),
      must_change_password: true,
      password_expires_at: new Date(Date.now() + TEMP_PASSWORD_TTL_MS),
    },
  };
}


/**
 * Block (every session ends at once: `session_version` moves) or restore a user. Nobody
 * blocks themselves; restoring also clears a lockout.
 */
function statusRoute(verb: 'block' | 'restore', status: UserDoc['status'], summary: string) {
  return route({
    method: 'POST',
    url: `/api/admin/users/:id/${verb}`,
    summary,
    access: { kind: 'super_admin' },
    responses: { 200: userAnswer },
    audit: verb === 'block' ? 'user.blocked' : 'user.restored',
    params: userIdParams,
    handler: async (ctx) => {
      const target = await targetUser(ctx.app, ctx.params.id);
      if (verb === 'block' && target._id.equals(ctx.user._id)) throw forbidden('block_self');
      if (target.status === status) throw invalidState(verb === 'block' ? 'user_already_blocked' : 'user_not_blocked');
      // Restoring also ends a lockout: a new failure run starts.
      const update = verb === 'block' ? { $set: { status }, $inc: { session_version: 1 } } : { $set: { status }, $inc: { login_epoch: 1 } };
      await usersCollection(ctx.app.db).updateOne({ _id: target._id }, update);
      forgetUser(ctx.app, target._id);
      await ctx.audit({ workspaceId: null, resource: { type: 'user', id: target._id.toHexString() }, before: { status: target.status }, after: { status } });
      return { user: publicUser({ ...target, status }) };
    },
  });
}

export const adminUserRoutes = [
  route({
    method: 'GET',
    url: '/api/admin/users',
    summary: 'All users (super admin)',
    access: { kind: 'super_admin' },
    responses: { 200: userPage },
    query: listQuery,
    handler: async ({ app, query }) => {
      const after = decodeIdCursor(query.cursor);
      const filter: Record<string, unknown> = {};
      if (after) filter._id = { $gt: after };
      if (query.q) filter.email = { $regex: escapeRegex(query.q.toLowerCase()) };
      const rows = await usersCollection(app.db).find(filter).sort({ _id: 1 }).limit(query.limit + 1).toArray();
      const page = rows.slice(0, query.limit);
      return { items: page.map(publicUser), next_cursor: rows.length > query.limit ? encodeCursor(page.at(-1)!._id.toHexString()) : null };
    },
  }),
  route({
    method: 'POST',
    url: '/api/admin/users',
    summary: 'Create a user with a temporary password (shown once)',
    access: { kind: 'super_admin' },
    responses: { 201: temporaryPasswordAnswer },
    audit: 'user.created',
    body: createUserBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const temp = await temporaryPassword(app);
      const doc = newUserDoc({
        _id: new ObjectId(),
        email: body.email,
        name: body.name,
        is_super_admin: body.is_super_admin,
        locale: body.locale,
        ...temp.fields,
      });
      try {
        await usersCollection(app.db).insertOne(doc);
      } catch (err) {
        if (isDuplicateKey(err)) throw conflict('user_email_taken', [{ path: 'body.email', reason: 'already in use', rule: 'in_use' }]);
        throw err;
      }
      await ctx.audit({ workspaceId: null, resource: { type: 'user', id: doc._id.toHexString() }, after: { email: doc.email, name: doc.name, is_super_admin: doc.is_super_admin } });
      ctx.status(201);
      return { user: publicUser(doc), temporary_password: temp.password };
    },
  }),
  statusRoute('block', 'blocked', 'Block a user: every session ends at once'),
  statusRoute('restore', 'active', 'Restore a blocked user'),
  route({
    method: 'POST',
    url: '/api/admin/users/:id/reset-password',
    summary: 'Reset a password: a temporary one is shown once, every session ends',
    access: { kind: 'super_admin' },
    responses: { 200: temporaryPasswordAnswer },
    audit: 'user.password_reset',
    params: userIdParams,
    handler: async (ctx) => {
      const target = await targetUser(ctx.app, ctx.params.id);
      const temp = await temporaryPassword(ctx.app);
      await usersCollection(ctx.app.db).updateOne({ _id: target._id }, { $set: temp.fields, $inc: { session_version: 1, login_epoch: 1 } });
      forgetUser(ctx.app, target._id);
      await ctx.audit({ workspaceId: null, resource: { type: 'user', id: target._id.toHexString() } });
      return { user: publicUser({ ...target, must_change_password: true }), temporary_password: temp.password };
    },
  }),
];
