import { badRequest } from './errors.js';

/** Opaque cursors: base64url of a JSON value the list route chooses (api.md "Lists"). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T = string>(cursor: string | undefined): T | null {
  if (!cursor) return null;
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T;
  } catch {
    throw badRequest([{ path: 'query.cursor', reason: 'not a cursor from this API', rule: 'invalid_cursor' }]);
  }
}
