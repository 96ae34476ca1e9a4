import type { Document, UpdateFilter, WithId } from 'mongodb';
import { claimOnce, releaseClaim } from './claims.js';
import type { TenantCollection, TenantDocument, TenantFilter } from './tenant.js';

export interface Versioned extends TenantDocument {
  version: number;
}

/**
 * Compare-and-set on (`_id`, `version`): exactly one of any number of concurrent callers that
 * read the same version wins, on every replica and on both database servers. The winner's
 * update also bumps `version`. Returns the updated document, or null when the race was lost
 * (the caller answers 409).
 */
export async function updateIfVersion<T extends Versioned>(
  coll: TenantCollection<T>,
  filter: TenantFilter<T> & { _id: unknown; version: number },
  update: UpdateFilter<T>,
): Promise<WithId<T> | null> {
  const key = `${coll.raw.collectionName}:${String(filter._id)}:${filter.version}`;
  if (!(await claimOnce(coll.db, key))) return null;
  try {
    const inc = { ...((update.$inc as Document | undefined) ?? {}), version: 1 };
    return await coll.findOneAndUpdate(filter, { ...update, $inc: inc } as unknown as UpdateFilter<T>);
  } finally {
    // Once the version moved on, nobody can claim the old one usefully; keep the collection small.
    await releaseClaim(coll.db, key).catch(() => undefined);
  }
}
