import { ObjectId, type Filter, type WithId } from 'mongodb';
import { z } from 'zod';
import type { TenantCollection, TenantDocument, TenantFilter } from './tenant.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { badRequest } from '../http/errors.js';

/** `?limit=&cursor=` of a list (api.md "Lists"); spread into a list's strict query schema. */
export const pageQueryFields = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};
export const pageQuery = z.strictObject(pageQueryFields);

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface IdPage<T> {
  items: T[];
  next_cursor: string | null;
}

/** The `_id` the cursor points after; anything but one of our cursors is a 400, never a first page. */
export function decodeIdCursor(cursor: string | undefined): ObjectId | null {
  if (!cursor) return null;
  const id = decodeCursor<unknown>(cursor);
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) throw badRequest([{ path: 'query.cursor', reason: 'not a cursor from this API' }]);
  return new ObjectId(id);
}

/**
 * One page of a tenant list ordered by `_id` (creation order, since ids are minted at insert).
 * The caller's filter keeps `workspace_id` equality first; the cursor only adds an `_id` bound.
 */
export async function findIdPage<T extends TenantDocument>(
  coll: TenantCollection<T>,
  filter: TenantFilter<T>,
  page: PageRequest,
  order: 1 | -1,
): Promise<IdPage<WithId<T>>> {
  const after = decodeIdCursor(page.cursor);
  const bounded = after ? ({ ...filter, _id: order === 1 ? { $gt: after } : { $lt: after } } as Filter<T> as TenantFilter<T>) : filter;
  const rows = await coll.find(bounded).sort({ _id: order }).limit(page.limit + 1).toArray();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > page.limit && last ? encodeCursor(last._id.toHexString()) : null };
}
