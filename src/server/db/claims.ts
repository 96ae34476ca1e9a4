import type { Collection, Db, OptionalUnlessRequiredId } from 'mongodb';
import { coalescedDeletesById, coalescedInserts, type Coalescer, type InsertOutcome } from './coalescer.js';
import { COLLECTIONS } from './collections.js';
import { isDuplicateKey } from './connection.js';

interface ClaimDoc {
  _id: string;
  claimed_at: Date;
}

/** A claim older than this is taken to belong to a process that died between claim and write. */
const STALE_CLAIM_MS = 30_000;

/** Claims taken and released at the same moment (the status poller applies many changes at once) share round trips. */
const batchers = new WeakMap<Db, { take: Coalescer<ClaimDoc, InsertOutcome>; release: Coalescer<string, void> }>();
function claimBatchers(db: Db) {
  let b = batchers.get(db);
  if (!b) {
    const claims = db.collection<ClaimDoc>(COLLECTIONS.claims);
    batchers.set(db, (b = { take: coalescedInserts(claims), release: coalescedDeletesById(claims) }));
  }
  return b;
}

/**
 * Claims a key once across every process: an insert on a unique `_id` is the one write that is
 * atomic on both MongoDB and the dev database (FerretDB v1 runs `updateOne`/`findOneAndUpdate`
 * as read-then-write, so two racing conditional updates can both "win" there).
 */
export async function claimOnce(db: Db, key: string, now = new Date()): Promise<boolean> {
  const claims = db.collection<ClaimDoc>(COLLECTIONS.claims);
  if ((await claimBatchers(db).take.submit({ _id: key, claimed_at: now })) === 'inserted') return true;
  const existing = await claims.findOne({ _id: key });
  if (existing && now.getTime() - existing.claimed_at.getTime() > STALE_CLAIM_MS) {
    await claims.deleteOne({ _id: key, claimed_at: existing.claimed_at });
    return claimOnce(db, key, now);
  }
  return false;
}

/** Inserts the document unless its `_id` exists; true when this call inserted it. */
export async function insertIfAbsent<T extends { _id: string }>(coll: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await coll.insertOne(doc);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export function releaseClaim(db: Db, key: string): Promise<void> {
  return claimBatchers(db).release.submit(key);
}
