import type { FastifyReply, FastifyRequest } from 'fastify';
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { databaseUnavailable } from '../http/errors.js';
import { SESSION_COOKIE } from '../http/guards.js';
import { usersCollection, type UserDoc } from '../users/user-store.js';
import { SESSION_MAX_AGE_MS, type SessionClaims } from './session-token.js';

/** Re-issue the cookie at most this often, to slide the idle timeout without a write per request. */
const REFRESH_AFTER_MS = 60_000;

/** A value that is not valid percent-encoding (`%E0%A4%A`) is no value: the caller is signed out, not a 500. */
function decodeCookieValue(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeCookieValue(part.slice(i + 1).trim());
  }
  return undefined;
}

export function setSessionCookie(app: AppContext, reply: FastifyReply, claims: SessionClaims): void {
  const attrs = [
    `${SESSION_COOKIE}=${app.sessions.sign(claims)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor((claims.iat + SESSION_MAX_AGE_MS - Date.now()) / 1000)}`,
  ];
  if (app.config.secureCookies) attrs.push('Secure');
  reply.header('set-cookie', attrs.join('; '));
}

export function clearSessionCookie(app: AppContext, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${app.config.secureCookies ? '; Secure' : ''}`);
}

/**
 * The signed-in user, checked against the database on every request (so a block or a password
 * change ends sessions on every replica at once). While the database is unreachable the last
 * value seen is used, if it is recent enough; otherwise 503.
 */
export async function resolveSession(app: AppContext, req: FastifyRequest, reply: FastifyReply): Promise<UserDoc | null> {
  const claims = app.sessions.verify(readCookie(req, SESSION_COOKIE));
  if (!claims || !ObjectId.isValid(claims.u)) return null;
  let user: UserDoc | null | undefined;
  try {
    user = await usersCollection(app.db).findOne({ _id: new ObjectId(claims.u) });
    if (user) app.lastKnown.users.remember(claims.u, user);
    else app.lastKnown.users.forget(claims.u);
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    user = app.lastKnown.users.recall(claims.u);
    if (!user) throw databaseUnavailable();
  }
  if (!user || user.status !== 'active' || user.session_version !== claims.v) return null;
  const now = Date.now();
  if (now - claims.la > REFRESH_AFTER_MS) setSessionCookie(app, reply, { ...claims, la: now });
  return user;
}
