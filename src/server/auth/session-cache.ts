// The last-known users and memberships (used only while the database is unreachable) must never
// outlive a change the database has seen: `users.session_version` moves on logout, block,
// password change or reset and role change, and that is the source of truth.
import { ObjectId } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { usersCollection, type UserDoc } from '../users/user-store.js';
import { membershipsCollection } from '../workspaces/workspace-store.js';
import { eventHub } from '../events/event-hub.js';

const CHUNK = 500;

/** Not a workspace: the channel on which replicas tell each other that a user's session changed. */
export const SESSIONS_CHANNEL = '_sessions';
const SESSION_CHANGED = 'session.changed';

function forgetHere(app: AppContext, id: string): void {
  app.lastKnown.users.forget(id);
  app.lastKnown.memberships.forgetWhere((key) => key.endsWith(`:${id}`));
}

/**
 * Drops what this process remembers of a user, called by the replica that made the change, and
 * tells the other replicas through the event feed (they forget within its poll, well under a
 * second); the periodic check below covers a replica that missed the message.
 */
export function forgetUser(app: AppContext, userId: ObjectId | string): void {
  const id = typeof userId === 'string' ? userId : userId.toHexString();
  forgetHere(app, id);
  eventHub.publish(SESSIONS_CHANNEL, SESSION_CHANGED, { user_id: id }, { keep: false });
}

const sameSession = (a: Pick<UserDoc, 'session_version' | 'status' | 'must_change_password'>, b: typeof a) =>
  a.session_version === b.session_version && a.status === b.status && a.must_change_password === b.must_change_password;

/**
 * One check of every remembered user against the database (projection of the session fields,
 * in chunks): a user whose session moved on elsewhere — on another replica — is forgotten.
 */
export async function revalidateSessionCache(app: AppContext): Promise<number> {
  const remembered = [...app.lastKnown.users.all()];
  let forgotten = 0;
  for (let i = 0; i < remembered.length; i += CHUNK) {
    const chunk = remembered.slice(i, i + CHUNK);
    const current = await usersCollection(app.db)
      .find({ _id: { $in: chunk.map(([, u]) => u._id) } }, { projection: { session_version: 1, status: 1, must_change_password: 1 } })
      .toArray();
    const byId = new Map(current.map((u) => [u._id.toHexString(), u]));
    for (const [id, cached] of chunk) {
      const now = byId.get(id);
      if (now && sameSession(now, cached)) continue;
      forgetUser(app, id);
      forgotten++;
    }
  }
  // Memberships (role, moderator flag, removal) the same way: a changed or missing one is forgotten.
  const members = [...app.lastKnown.memberships.all()].filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== null);
  for (let i = 0; i < members.length; i += CHUNK) {
    const chunk = members.slice(i, i + CHUNK);
    const current = await membershipsCollection(app.db)
      .raw.find({ _id: { $in: chunk.map(([, m]) => m._id) } }, { projection: { role: 1, is_moderator: 1 } })
      .toArray();
    const byId = new Map(current.map((m) => [m._id.toHexString(), m]));
    for (const [key, cached] of chunk) {
      const now = byId.get(cached._id.toHexString());
      if (now && now.role === cached.role && now.is_moderator === cached.is_moderator) continue;
      app.lastKnown.memberships.forget(key);
      forgotten++;
    }
  }
  return forgotten;
}

/** Checks the cache every `intervalMs` while the database answers; an unreachable database skips a round. */
export function startSessionCacheChecks(app: AppContext, intervalMs: number): { stop(): void } {
  const unsubscribe = eventHub.subscribe(SESSIONS_CHANNEL, (event) => {
    const { user_id: id } = event.data as { user_id?: unknown };
    if (event.name === SESSION_CHANGED && typeof id === 'string') forgetHere(app, id);
  });
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    revalidateSessionCache(app)
      .catch(() => undefined)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
