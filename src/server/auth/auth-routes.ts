import { meAnswer, userAnswer } from '../../contract/users.js';
import { ApiError, badRequest, conflict } from '../http/errors.js';
import { route } from '../http/route.js';
import { publicUser, usersCollection } from '../users/user-store.js';
import { loginBody, passwordChangeBody, profileBody } from './auth-schemas.js';
import { attemptLogin } from './login.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';
import { clearSessionCookie, setSessionCookie } from './session.js';
import { forgetUser } from './session-cache.js';
import { myWorkspaces } from '../workspaces/my-workspaces.js';

const invalidCredentials = () => new ApiError('invalid_credentials');

export const authRoutes = [
  route({
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with e-mail and password',
    access: { kind: 'public' },
    responses: { 200: userAnswer },
    rateLimit: { name: 'login', limit: (c) => c.LOGIN_RATE_PER_IP, windowMs: 60_000, by: 'ip' },
    body: loginBody,
    handler: async (ctx) => {
      const { app, body, reply } = ctx;
      const outcome = await attemptLogin(app, body.email, body.password);
      if (outcome.user) ctx.actor = { type: 'user', id: outcome.user._id.toHexString(), email: outcome.user.email };
      else ctx.actor = { type: 'user', id: null, email: body.email.toLowerCase().slice(0, 254) };
      if (outcome.kind !== 'ok' && outcome.lockedNow && outcome.user)
        await ctx.audit({ action: 'auth.locked_out', workspaceId: null, resource: { type: 'user', id: outcome.user._id.toHexString() }, after: { locked_for_seconds: app.config.LOGIN_LOCKOUT_SECONDS } });
      if (outcome.kind === 'locked') {
        await ctx.audit({ action: 'auth.login_failed', workspaceId: null, resource: { type: 'user', id: outcome.user?._id.toHexString() ?? null }, after: { reason: 'account_locked' } });
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        throw new ApiError('account_locked', { retry_after: outcome.retryAfterSeconds });
      }
      if (outcome.kind === 'invalid') {
        await ctx.audit({ action: 'auth.login_failed', workspaceId: null, resource: { type: 'user', id: outcome.user?._id.toHexString() ?? null } });
        throw invalidCredentials();
      }
      const now = Date.now();
      setSessionCookie(app, reply, { u: outcome.user._id.toHexString(), v: outcome.user.session_version, iat: now, la: now });
      await ctx.audit({ action: 'auth.login', workspaceId: null, resource: { type: 'user', id: outcome.user._id.toHexString() } });
      return { user: publicUser(outcome.user) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out: ends every session of this user (the cookie stops working everywhere)',
    access: { kind: 'user', allowPasswordChangeRequired: true },
    responses: { 204: null },
    audit: 'auth.logout',
    handler: async (ctx) => {
      const user = ctx.user;
      await usersCollection(ctx.app.db).updateOne({ _id: user._id }, { $inc: { session_version: 1 } });
      forgetUser(ctx.app, user._id);
      clearSessionCookie(ctx.app, ctx.reply);
      await ctx.audit({ workspaceId: null, resource: { type: 'user', id: user._id.toHexString() } });
      ctx.status(204);
    },
  }),
  route({
    method: 'GET',
    url: '/api/me',
    summary: 'The signed-in user and their workspaces',
    access: { kind: 'user', allowPasswordChangeRequired: true },
    responses: { 200: meAnswer },
    handler: async ({ app, user }) => ({ user: publicUser(user), workspaces: user.must_change_password ? [] : await myWorkspaces(app, user) }),
  }),
  route({
    method: 'PATCH',
    url: '/api/me',
    summary: 'Change my name or language',
    access: { kind: 'user' },
    responses: { 200: userAnswer },
    audit: 'auth.profile_updated',
    body: profileBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const user = ctx.user;
      const updated = await usersCollection(app.db).findOneAndUpdate({ _id: user._id }, { $set: body }, { returnDocument: 'after' });
      await ctx.audit({ workspaceId: null, resource: { type: 'user', id: user._id.toHexString() }, before: { name: user.name, locale: user.locale }, after: body });
      return { user: publicUser(updated ?? user) };
    },
  }),
  route({
    method: 'POST',
    url: '/api/me/password',
    summary: 'Change my password (needs the current one); other sessions end',
    access: { kind: 'user', allowPasswordChangeRequired: true },
    responses: { 200: userAnswer },
    audit: 'auth.password_changed',
    rateLimit: { name: 'password_change', limit: 10, windowMs: 60_000, by: 'user' },
    body: passwordChangeBody,
    handler: async (ctx) => {
      const { app, body } = ctx;
      const user = ctx.user;
      if (!(await verifyPassword(body.current_password, user.password_hash))) throw new ApiError('wrong_password');
      const problem = passwordProblem('body.new_password', body.new_password, user.email);
      if (problem) throw badRequest([problem]);
      const password_hash = await hashPassword(body.new_password, app.config.BCRYPT_COST);
      const updated = await usersCollection(app.db).findOneAndUpdate(
        { _id: user._id, session_version: user.session_version },
        { $set: { password_hash, must_change_password: false, password_expires_at: null }, $inc: { session_version: 1 } },
        { returnDocument: 'after' },
      );
      if (!updated) throw conflict('account_changed');
      forgetUser(app, user._id);
      const now = Date.now();
      setSessionCookie(app, ctx.reply, { u: user._id.toHexString(), v: updated.session_version, iat: now, la: now });
      await ctx.audit({ workspaceId: null, resource: { type: 'user', id: user._id.toHexString() } });
      return { user: publicUser(updated) };
    },
  }),
];
