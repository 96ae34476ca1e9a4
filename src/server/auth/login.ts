import type { AppContext } from '../app-context.js';
import { insertIfAbsent } from '../db/claims.js';
import { COLLECTIONS } from '../db/collections.js';
import { usersCollection, normalizeEmail, type UserDoc } from '../users/user-store.js';
import { hashPassword, verifyPassword } from './password.js';

export type LoginOutcome =
  | { kind: 'ok'; user: UserDoc }
  | { kind: 'invalid'; user: UserDoc | null; lockedNow: boolean }
  | { kind: 'locked'; user: UserDoc; retryAfterSeconds: number; lockedNow: false };

interface LoginSlot {
  _id: string;
  user_id: UserDoc['_id'];
  created_at: Date;
}

let dummyHash: Promise<string> | null = null;
/** Unknown e-mails still pay for one bcrypt verify, so timing does not tell them apart. */
const dummy = (cost: number) => (dummyHash ??= hashPassword('not-a-real-password', cost));

const slotId = (user: UserDoc, n: number) => `${user._id.toHexString()}:${user.login_epoch}:${n}`;

/**
 * Each attempt must first take one of LOGIN_MAX_ATTEMPTS numbered slots of the user's current
 * failure run (`login_epoch`) by inserting `login_slots/{user}:{epoch}:{n}`. Unique inserts are
 * atomic on every server and replica, so however many attempts race, at most that many get to
 * check the password. The lock is the last slot itself (locked until its time + the lockout):
 * nothing is written to the user document that a concurrent write could lose (FerretDB v1
 * rewrites whole documents). A success, or the end of a lock, starts a new run.
 */
export async function attemptLogin(app: AppContext, email: string, password: string, now = new Date()): Promise<LoginOutcome> {
  const users = usersCollection(app.db);
  const slots = app.db.collection<LoginSlot>(COLLECTIONS.loginSlots);
  const max = app.config.LOGIN_MAX_ATTEMPTS;
  const lockoutMs = app.config.LOGIN_LOCKOUT_SECONDS * 1000;
  let user = await users.findOne({ email: normalizeEmail(email) });
  if (!user) {
    await verifyPassword(password, await dummy(app.config.BCRYPT_COST));
    return { kind: 'invalid', user: null, lockedNow: false };
  }
  const lastSlot = await slots.findOne({ _id: slotId(user, max) });
  if (lastSlot) {
    const until = new Date(lastSlot.created_at.getTime() + lockoutMs);
    if (until > now) return locked(user, until, now);
    user = await startNewRun(app, user);
  }

  let slot: number | null = null;
  for (let n = 1; n <= max && slot === null; n++) {
    if (await insertIfAbsent(slots, { _id: slotId(user, n), user_id: user._id, created_at: now })) slot = n;
  }
  if (slot === null) return locked(user, new Date(now.getTime() + lockoutMs), now);

  const passwordOk = await verifyPassword(password, user.password_hash);
  const expired = user.password_expires_at !== null && user.password_expires_at <= now;
  if (passwordOk && !expired && user.status === 'active') return { kind: 'ok', user: await startNewRun(app, user, { last_login_at: now }) };
  // The last allowed failure still answers "wrong password"; its slot is the lock.
  return { kind: 'invalid', user, lockedNow: slot === max };
}

/** Moves to the next failure run. Racing callers write the same values, so the race is harmless. */
async function startNewRun(app: AppContext, user: UserDoc, extra: Partial<UserDoc> = {}): Promise<UserDoc> {
  const next = { login_epoch: user.login_epoch + 1, ...extra };
  await usersCollection(app.db).updateOne({ _id: user._id, login_epoch: user.login_epoch }, { $set: next });
  await app.db.collection<LoginSlot>(COLLECTIONS.loginSlots).deleteMany({ user_id: user._id, _id: { $not: new RegExp(`:${next.login_epoch}:`) } });
  return { ...user, ...next };
}

function locked(user: UserDoc, until: Date, now: Date): LoginOutcome {
  return { kind: 'locked', user, retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)), lockedNow: false };
}
