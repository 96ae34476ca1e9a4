// The write protocol of every one-winner write (docs/architecture.md "Write protocol"):
// claim a key → (re-read) → conditional write → release (a version claim whose write succeeded
// is kept instead: see withVersionClaim).
import type { Collection, Db, Document, OptionalUnlessRequiredId, UpdateFilter, WithId } from 'mongodb';
import { coalescedDeletesById, coalescedInserts, type Coalescer, type InsertOutcome } from './coalescer.js';
import { COLLECTIONS } from './collections.js';
import { isDuplicateKey } from './connection.js';
import type { TenantCollection, TenantDocument, TenantFilter } from './tenant.js';

interface ClaimDoc {
  _id: string;
  claimed_at: Date;
  /** When the expiry sweeper (or a TTL index) deletes a claim that was kept. */
  expires_at: Date;
}

export interface ClaimOptions {
  /** A claim older than this is taken to belong to a process that died holding it (default 30 s). */
  staleAfterMs?: number;
  /** Where the claim lives (default `claims`; the migration lock keeps its own `locks`). */
  collection?: string;
}

const STALE_CLAIM_MS = 30_000;
/** A kept version claim outlives any reader that could still hold that version by far. */
const KEPT_CLAIM_MS = 3_600_000;

/** Claims taken and released at the same moment (the status poller applies many changes at once) share round trips. */
const batchers = new WeakMap<Db, Map<string, { take: Coalescer<ClaimDoc, InsertOutcome>; release: Coalescer<string, void> }>>();
function claimBatchers(db: Db, collection: string) {
  let byName = batchers.get(db);
  if (!byName) batchers.set(db, (byName = new Map()));
  let b = byName.get(collection);
  if (!b) {
    const claims = db.collection<ClaimDoc>(collection);
    byName.set(collection, (b = { take: coalescedInserts(claims), release: coalescedDeletesById(claims) }));
  }
  return b;
}

/**
 * Claims a key once across every process: an insert on a unique `_id` is the one write that is
 * atomic on both MongoDB and the dev database (FerretDB v1 runs `updateOne`/`findOneAndUpdate`
 * as read-then-write, so two racing conditional updates can both "win" there).
 */
async function claimOnce(db: Db, key: string, collection: string, staleAfterMs: number, now = new Date()): Promise<boolean> {
  if ((await claimBatchers(db, collection).take.submit({ _id: key, claimed_at: now, expires_at: new Date(now.getTime() + KEPT_CLAIM_MS) })) === 'inserted') return true;
  const claims = db.collection<ClaimDoc>(collection);
  const existing = await claims.findOne({ _id: key });
  // A claim without `claimed_at` (the migration lock of older versions) counts as stale.
  const heldSince = existing?.claimed_at instanceof Date ? existing.claimed_at.getTime() : 0;
  if (existing && now.getTime() - heldSince > staleAfterMs) {
    await claims.deleteOne({ _id: key, claimed_at: existing.claimed_at });
    return claimOnce(db, key, collection, staleAfterMs, now);
  }
  return false;
}

export type ClaimOutcome<T> = { won: true; value: T } | { won: false };

/**
 * The one-winner write: runs `write` only while holding the claim `key`, and releases it after.
 * `{ won: false }` when another caller holds it. `write` must re-read what it depends on (or pin it
 * in its conditional update): a claim left by a dead process is taken over once stale.
 */
export async function withClaim<T>(
  db: Db,
  key: string,
  write: () => Promise<T>,
  opts: ClaimOptions & { keepAfter?: (value: T) => boolean } = {},
): Promise<ClaimOutcome<T>> {
  const collection = opts.collection ?? COLLECTIONS.claims;
  if (!(await claimOnce(db, key, collection, opts.staleAfterMs ?? STALE_CLAIM_MS))) return { won: false };
  let keep = false;
  try {
    const value = await write();
    keep = opts.keepAfter?.(value) ?? false;
    return { won: true, value };
  } finally {
    if (!keep) await claimBatchers(db, collection).release.submit(key).catch(() => undefined);
  }
}

export interface Versioned extends TenantDocument {
  version: number;
}

/**
 * The claim on one version of a versioned document (`collection:_id:version`): whoever holds it
 * is the one writer of the next version. `write` gets the filter that pins that version and
 * returns null when its conditional write matched nothing (the version moved on). After a write
 * that moved the version the claim is kept, not released: that version is gone, so nobody needs it again, and a reader
 * still holding it loses at the claim without touching the document. That spares the release, a
 * write and a round trip per change; kept claims expire after an hour (expiry sweeper).
 */
export async function withVersionClaim<T extends Versioned, R>(
  coll: TenantCollection<T>,
  doc: Pick<T, '_id' | 'workspace_id' | 'version'>,
  write: (pinned: TenantFilter<T> & { _id: unknown; version: number }) => Promise<R | null>,
  /** False for a write that leaves the version as it is (it only holds the document): its claim is released. */
  movesVersion = true,
): Promise<R | null> {
  const key = `${coll.raw.collectionName}:${String(doc._id)}:${doc.version}`;
  const pinned = { _id: doc._id, workspace_id: doc.workspace_id, version: doc.version } as TenantFilter<T> & { _id: unknown; version: number };
  const outcome = await withClaim(coll.db, key, () => write(pinned), { keepAfter: (written) => movesVersion && written !== null });
  return outcome.won ? outcome.value : null;
}

/** An update that also moves the document to its next version. */
export function bumpingVersion<T>(update: UpdateFilter<T>): UpdateFilter<T> {
  const inc = { ...((update.$inc as Document | undefined) ?? {}), version: 1 };
  return { ...update, $inc: inc } as unknown as UpdateFilter<T>;
}

/**
 * Compare-and-set on (`_id`, `version`): exactly one of any number of concurrent callers that
 * read the same version wins, on every replica and on both database servers. The winner's
 * update also bumps `version`. Returns the updated document, or null when the race was lost
 * (the caller answers 409). `filter` may add conditions to the pinned version.
 */
export function updateIfVersion<T extends Versioned>(
  coll: TenantCollection<T>,
  filter: TenantFilter<T> & { _id: unknown; version: number },
  update: UpdateFilter<T>,
): Promise<WithId<T> | null> {
  return withVersionClaim(coll, filter as Pick<T, '_id' | 'workspace_id' | 'version'>, (pinned) =>
    coll.findOneAndUpdate({ ...filter, ...pinned }, bumpingVersion(update)),
  );
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
