// The re-check an open event stream runs (security.md, Event streams): the session it opened
// with must still be current and its user still a member of the workspace.
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { SESSION_MAX_AGE_MS, type SessionClaims } from '../auth/session-token.js';
import { isDatabaseUnavailable } from '../db/connection.js';
import { memberOf } from '../http/guards.js';
import { can } from '../../domain/permissions.js';
import { usersCollection, type UserDoc } from '../users/user-store.js';
import { resolveWorkspace } from '../workspaces/membership.js';

/**
 * Whether the stream may stay open. The idle limit is not applied: an open stream is activity.
 * Logout and blocking bump `session_version`, so both end the stream here; while the database is
 * unreachable a cached user or membership older than 15 minutes ends it too.
 */
export async function streamStillAllowed(app: AppContext, claims: SessionClaims, slug: string, now = Date.now()): Promise<boolean> {
  if (now - claims.iat > SESSION_MAX_AGE_MS) return false;
  let user: UserDoc | null | undefined;
  try {
    user = await usersCollection(app.db).findOne({ _id: new ObjectId(claims.u) });
  } catch (err) {
    if (!isDatabaseUnavailable(err)) throw err;
    user = app.lastKnown.users.recall(claims.u);
  }
  if (!user || user.status !== 'active' || user.session_version !== claims.v || user.must_change_password) return false;
  try {
    const ws = await resolveWorkspace(app, slug, user);
    return can(memberOf(user, ws), 'workspace.view').allowed;
  } catch {
    return false;
  }
}
