// Loading data for a screen: the answer, the failure, and a way to load it again.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { ApiFailure, get } from '../api/client.js';

export interface Loaded<T> {
  data: T | null;
  error: ApiFailure | null;
  loading: boolean;
  reload(): void;
}

/** Loads `path`; `S` is the schema of its answer (src/contract). */
export function useApi<S extends z.ZodType>(path: string | null): Loaded<z.infer<S>> {
  type T = z.infer<S>;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const current = useRef(0);

  useEffect(() => {
    if (path === null) return;
    const request = ++current.current;
    setLoading(true);
    get<S>(path)
      .then((answer) => {
        if (request !== current.current) return;
        setData(answer);
        setError(null);
      })
      .catch((err: unknown) => {
        if (request !== current.current) return;
        setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'network_error', String(err)));
      })
      .finally(() => {
        if (request === current.current) setLoading(false);
      });
  }, [path, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}
