// Leases: a document per held thing (`leases/{id}`) with a holder and an expiry, so a replica that
// dies without letting go frees what it held once the expiry passes. Taking is a unique insert
// (atomic on MongoDB and the dev database alike); an expired lease is taken over under a claim on
// that expired generation, so exactly one contender deletes it and inserts its own.
import type { Db } from 'mongodb';
import { insertIfAbsent, withClaim } from './claims.js';
import { COLLECTIONS } from './collections.js';

interface LeaseDoc {
  _id: string;
  holder: string;
  expires_at: Date;
}

const leases = (db: Db) => db.collection<LeaseDoc>(COLLECTIONS.leases);

/** Takes the lease, or extends it when `holder` already has it; false while someone else holds it. */
export async function takeLease(db: Db, id: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expires_at = new Date(now.getTime() + ttlMs);
  if (await insertIfAbsent(leases(db), { _id: id, holder, expires_at })) return true;
  const current = await leases(db).findOne({ _id: id });
  if (current?.holder === holder) return renewLease(db, id, holder, ttlMs, now);
  if (current && current.expires_at.getTime() > now.getTime()) return false;
  if (!current) return insertIfAbsent(leases(db), { _id: id, holder, expires_at });
  // FerretDB runs a filtered delete as read-then-write: two contenders that both read the expired
  // lease could each delete, the second deleting the first one's fresh lease. The claim on this
  // generation lets one in; it is kept (nobody needs that generation again) and expires with the others.
  const generation = `lease:${id}:${current.holder}:${current.expires_at.getTime()}`;
  const takeover = await withClaim(
    db,
    generation,
    async () => {
      await leases(db).deleteOne({ _id: id, holder: current.holder, expires_at: current.expires_at });
      return insertIfAbsent(leases(db), { _id: id, holder, expires_at });
    },
    { keepAfter: () => true },
  );
  return takeover.won && takeover.value;
}

/** Extends a lease `holder` has; false when it lost it (expired and taken by another). */
export async function renewLease(db: Db, id: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const r = await leases(db).updateOne({ _id: id, holder }, { $set: { expires_at: new Date(now.getTime() + ttlMs) } });
  return r.matchedCount === 1;
}

export async function releaseLease(db: Db, id: string, holder: string): Promise<void> {
  await leases(db).deleteOne({ _id: id, holder });
}

export async function leaseHolder(db: Db, id: string, now = new Date()): Promise<string | null> {
  const current = await leases(db).findOne({ _id: id });
  return current && current.expires_at.getTime() > now.getTime() ? current.holder : null;
}

export interface HeldLease {
  id: string;
  release(): Promise<void>;
}

/**
 * A lease kept while something runs (an upload, an event stream): renewed every third of its
 * time-to-live until released. `slots` > 1 makes it a cap: one of `prefix:1 … prefix:slots`.
 * Null when the lease (or every slot) is held elsewhere.
 */
export async function holdLease(db: Db, prefix: string, holder: string, ttlMs: number, slots = 1, onError?: (err: unknown) => void): Promise<HeldLease | null> {
  let id: string | null = null;
  for (let n = 1; n <= slots && id === null; n++) {
    const candidate = slots === 1 ? prefix : `${prefix}:${n}`;
    if (await takeLease(db, candidate, holder, ttlMs)) id = candidate;
  }
  if (id === null) return null;
  const held = id;
  const timer = setInterval(() => {
    renewLease(db, held, holder, ttlMs).catch((err: unknown) => onError?.(err));
  }, ttlMs / 3);
  timer.unref();
  let released = false;
  return {
    id: held,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(timer);
      await releaseLease(db, held, holder);
    },
  };
}
