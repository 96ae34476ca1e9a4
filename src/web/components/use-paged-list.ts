// Cursor paging over `{items, next_cursor}` lists: forward with the server's cursor, back with a stack.
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { pageOf } from '../../contract/common.js';
import { useApi } from './use-api.js';

/** `S` is the schema of one item of the list (src/contract). */
export function usePagedList<S extends z.ZodType>(basePath: string | null, params: string) {
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [basePath, params]);
  const cursor = cursors[cursors.length - 1];
  const sep = params ? '&' : '?';
  const path = basePath === null ? null : `${basePath}${params}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`;
  const loaded = useApi<ReturnType<typeof pageOf<S>>>(path);
  return {
    ...loaded,
    items: loaded.data?.items ?? [],
    hasNext: Boolean(loaded.data?.next_cursor),
    hasPrev: cursors.length > 0,
    next: () => loaded.data?.next_cursor && setCursors([...cursors, loaded.data.next_cursor]),
    prev: () => setCursors(cursors.slice(0, -1)),
  };
}
