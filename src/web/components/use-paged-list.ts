// Cursor paging over `{items, next_cursor}` lists: forward with the server's cursor, back with a stack.
import { useEffect, useState } from 'react';
import type { Page } from '../api/client.js';
import { useApi } from './use-api.js';

export function usePagedList<T>(basePath: string | null, params: string) {
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [basePath, params]);
  const cursor = cursors[cursors.length - 1];
  const sep = params ? '&' : '?';
  const path = basePath === null ? null : `${basePath}${params}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`;
  const loaded = useApi<Page<T>>(path);
  return {
    ...loaded,
    items: loaded.data?.items ?? [],
    hasNext: Boolean(loaded.data?.next_cursor),
    hasPrev: cursors.length > 0,
    next: () => loaded.data?.next_cursor && setCursors([...cursors, loaded.data.next_cursor]),
    prev: () => setCursors(cursors.slice(0, -1)),
  };
}
