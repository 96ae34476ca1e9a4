// Walks a `{items, next_cursor}` list two items at a time, and checks the cursors it refuses.
import { expect } from 'vitest';
import { encodeCursor } from '../../src/server/http/cursor.js';
import type { ApiClient } from '../support/http-client.js';

const MAX_PAGES = 100;
const withParam = (path: string, param: string) => `${path}${path.includes('?') ? '&' : '?'}${param}`;

/** Every item's key in list order; every page but the last is full, and the last says `next_cursor: null`. */
export async function pageThrough(client: ApiClient, path: string, key: (item: { [field: string]: unknown }) => string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const r = await client.get(withParam(path, `limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    seen.push(...(r.body.items as { [field: string]: unknown }[]).map(key));
    cursor = r.body.next_cursor as string | null;
    if (cursor === null) {
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      return seen;
    }
    expect(r.body.items).toHaveLength(2);
  }
  throw new Error(`${path}: still a next_cursor after ${MAX_PAGES} pages`);
}

/** Garbage, cursors that do not hold an ObjectId, and limits outside 1..200 are 400. */
export async function expectBadPagingRefused(client: ApiClient, path: string): Promise<void> {
  const cursors = ['garbage!', encodeCursor('not-an-object-id'), encodeCursor(42), encodeCursor(null), encodeCursor({ id: '0123456789abcdef01234567' })];
  for (const cursor of cursors) {
    const r = await client.get(withParam(path, `cursor=${encodeURIComponent(cursor)}`));
    expect(r.status, cursor).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
  }
  for (const limit of ['0', '201', 'x']) expect((await client.get(withParam(path, `limit=${limit}`))).status, limit).toBe(400);
}
