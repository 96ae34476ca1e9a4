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
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) throw badRequest([{ path: 'query.cursor', reason: 'not a cursor from this API', rule: 'invalid_cursor' }]);
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

type SortKey = string | number | Date | null;

/** What a key page adds to its list's filter (spread into it; the list's filter has no `$or` of its own). */
export interface KeyBound {
  $or?: Array<Record<string, unknown>>;
}

/** The rows after a (key, _id) position in the order `order`. */
function afterKey(field: string, order: 1 | -1, key: SortKey, id: ObjectId): KeyBound {
  const beyond = order === 1 ? '$gt' : '$lt';
  return { $or: [{ [field]: { [beyond]: key } }, { [field]: key, _id: { [beyond]: id } }] };
}

function decodeKeyCursor(cursor: string | undefined): { key: SortKey; id: ObjectId } | null {
  if (!cursor) return null;
  const c = decodeCursor<unknown>(cursor);
  const ok = (x: unknown): x is { k: unknown; d?: boolean; id: string } =>
    typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string' && /^[0-9a-f]{24}$/.test((x as { id: string }).id);
  if (!ok(c) || !(c.k === null || typeof c.k === 'string' || typeof c.k === 'number') || (c.d && (typeof c.k !== 'string' || Number.isNaN(Date.parse(c.k))))) {
    throw badRequest([{ path: 'query.cursor', reason: 'not a cursor from this API', rule: 'invalid_cursor' }]);
  }
  return { key: c.d && typeof c.k === 'string' ? new Date(c.k) : (c.k as string | number | null), id: new ObjectId(c.id) };
}

/**
 * One page of a list ordered by `field` then `_id` (names, revision numbers, submission times).
 * `find` runs the list's own filter with `bound` spread into it (empty for the first page), sorted
 * and limited as given; the cursor carries the last row's (field, _id) pair.
 */
export async function findKeyPage<T extends { _id: ObjectId }>(
  find: (bound: KeyBound, sort: Record<string, 1 | -1>, limit: number) => Promise<T[]>,
  field: keyof T & string,
  order: 1 | -1,
  page: PageRequest,
): Promise<IdPage<T>> {
  const after = decodeKeyCursor(page.cursor);
  const rows = await find(after ? afterKey(field, order, after.key, after.id) : {}, { [field]: order, _id: order }, page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  if (rows.length <= page.limit || !last) return { items, next_cursor: null };
  const key = last[field] as SortKey;
  const cursor = { k: key instanceof Date ? key.toISOString() : key, ...(key instanceof Date ? { d: true } : {}), id: last._id.toHexString() };
  return { items, next_cursor: encodeCursor(cursor) };
}
