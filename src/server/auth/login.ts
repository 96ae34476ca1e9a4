import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import type { AppContext } from '../app-context.js';
import { insertIfAbsent } from '../db/claims.js';
import { COLLECTIONS } from '../db/collections.js';
import { usersCollection, normalizeEmail, type UserDoc } from '../users/user-store.js';
import { hashPassword, verifyPassword } from './password.js';

export type LoginOutcome =
  | { kind: 'ok'; user: UserDoc }
  | { kind: 'invalid'; user: UserDoc | null; lockedNow: boolean }
  | { kind: 'locked'; user: UserDoc | null; retryAfterSeconds: number; lockedNow: false };

/** A numbered failure slot, or (`_id` `unknown:…`) the failure run of an e-mail that has no user. */
interface LoginSlot {
  _id: string;
  user_id: UserDoc['_id'] | null;
  created_at: Date;
  login_epoch?: number;
}

/**
 * Whose failures are counted: a user (runs numbered by `users.login_epoch`) or an e-mail no user
 * has (runs numbered in a `login_slots` document of its own), so that an unknown e-mail locks
 * exactly like a real one and the answers do not tell them apart.
 */
interface Subject {
  key: string;
  epoch: number;
  user: UserDoc | null;
}

let dummyHash: Promise<string> | null = null;
/** Every answer but a success pays for exactly one bcrypt verify, so timing tells nothing apart. */
const dummy = (cost: number) => (dummyHash ??= hashPassword('not-a-real-password', cost));

const slotId = (s: Subject, epoch: number, n: number) => `${s.key}:${epoch}:${n}`;
const unknownKey = (email: string) => `unknown:${createHash('sha256').update(email).digest('hex')}`;

async function subjectOf(app: AppContext, email: string): Promise<Subject> {
  const user = await usersCollection(app.db).findOne({ email });
  if (user) return { key: user._id.toHexString(), epoch: user.login_epoch, user };
  const key = unknownKey(email);
  const run = await app.db.collection<LoginSlot>(COLLECTIONS.loginSlots).findOne({ _id: key });
  return { key, epoch: run?.login_epoch ?? 0, user: null };
}

/**
 * Each attempt must first take one of LOGIN_MAX_ATTEMPTS numbered slots of the subject's current
 * failure run by inserting `login_slots/{subject}:{epoch}:{n}`. Unique inserts are atomic on every
 * server and replica, so however many attempts race, at most that many get to check the password.
 * The lock is the last slot itself (locked until its time + the lockout). A success, or the end of
 * a lock, starts a new run; the slots of the run before stay until the run after that starts, so an
 * attempt that read the old run late finds its slots taken instead of free again (a burst at the
 * lock's expiry gets LOGIN_MAX_ATTEMPTS checks in all, not one run's worth per stale reader).
 */
export async function attemptLogin(app: AppContext, email: string, password: string, now = new Date()): Promise<LoginOutcome> {
  const slots = app.db.collection<LoginSlot>(COLLECTIONS.loginSlots);
  const max = app.config.LOGIN_MAX_ATTEMPTS;
  const lockoutMs = app.config.LOGIN_LOCKOUT_SECONDS * 1000;
  let subject = await subjectOf(app, normalizeEmail(email));
  const refuse = async (until: Date): Promise<LoginOutcome> => {
    await verifyPassword(password, await dummy(app.config.BCRYPT_COST));
    return locked(subject.user, until, now);
  };
  const lastSlot = await slots.findOne({ _id: slotId(subject, subject.epoch, max) });
  if (lastSlot) {
    const until = new Date(lastSlot.created_at.getTime() + lockoutMs);
    if (until > now) return refuse(until);
    subject = await startNewRun(app, subject);
  }

  let slot: number | null = null;
  for (let n = 1; n <= max && slot === null; n++) {
    if (await insertIfAbsent(slots, { _id: slotId(subject, subject.epoch, n), user_id: subject.user?._id ?? null, created_at: now })) slot = n;
  }
  if (slot === null) return refuse(new Date(now.getTime() + lockoutMs));

  const { user } = subject;
  const passwordOk = await verifyPassword(password, user ? user.password_hash : await dummy(app.config.BCRYPT_COST));
  if (!user) return { kind: 'invalid', user: null, lockedNow: slot === max };
  const expired = user.password_expires_at !== null && user.password_expires_at <= now;
  if (passwordOk && !expired && user.status === 'active') return { kind: 'ok', user: (await startNewRun(app, subject, { last_login_at: now })).user ?? user };
  // The last allowed failure still answers "wrong password"; its slot is the lock.
  return { kind: 'invalid', user, lockedNow: slot === max };
}

/**
 * Moves to the next failure run and drops the slots of the run before the current one. Racing
 * callers write the same values, so the race is harmless.
 */
async function startNewRun(app: AppContext, s: Subject, extra: Partial<UserDoc> = {}): Promise<Subject> {
  const next = s.epoch + 1;
  const slots = app.db.collection<LoginSlot>(COLLECTIONS.loginSlots);
  if (s.user) await usersCollection(app.db).updateOne({ _id: s.user._id, login_epoch: s.epoch }, { $set: { login_epoch: next, ...extra } });
  else await slots.updateOne({ _id: s.key }, { $set: { login_epoch: next, user_id: null, created_at: new Date() } }, { upsert: true });
  const old = Array.from({ length: app.config.LOGIN_MAX_ATTEMPTS }, (_, i) => slotId(s, s.epoch - 1, i + 1));
  if (s.epoch >= 1) await slots.deleteMany({ _id: { $in: old } });
  return { ...s, epoch: next, user: s.user ? { ...s.user, login_epoch: next, ...extra } : null };
}

function locked(user: UserDoc | null, until: Date, now: Date): LoginOutcome {
  return { kind: 'locked', user, retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)), lockedNow: false };
}

/**
 * Drops failure slots (and unknown e-mails' run documents) older than the lockout plus a day:
 * no lock or late reader needs them, and unknown e-mails would otherwise pile up.
 */
export async function pruneLoginSlots(db: Db, lockoutSeconds: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - lockoutSeconds * 1000 - 86_400_000);
  const r = await db.collection<LoginSlot>(COLLECTIONS.loginSlots).deleteMany({ created_at: { $lt: cutoff } });
  return r.deletedCount;
}
