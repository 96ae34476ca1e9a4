// The one way the console talks to the API: JSON in and out, errors as ApiFailure (api.md envelope).
// Each call names the zod schema of the route's answer (src/contract), the one the server declares
// and the OpenAPI document publishes; only its type is used here, so zod stays out of the bundle.
import type { z } from 'zod';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  request_id?: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function failureOf(res: Response): Promise<ApiFailure> {
  const text = await res.text();
  try {
    const parsed = JSON.parse(text) as { error?: ErrorBody };
    if (parsed.error) return new ApiFailure(res.status, parsed.error.code, parsed.error.message, parsed.error.details ?? null);
  } catch {
    // not our envelope (a proxy page): fall through to a generic failure
  }
  return new ApiFailure(res.status, res.status >= 500 ? 'service_unavailable' : 'http_error', res.statusText || `HTTP ${res.status}`);
}

/** The failure of a refused request; a 401 also tells the console that the session is gone. */
export async function refusalOf(res: Response, path: string): Promise<ApiFailure> {
  const failure = await failureOf(res);
  if (failure.status === 401 && path !== '/api/auth/login') window.dispatchEvent(new CustomEvent('mc:unauthenticated', { detail: failure }));
  return failure;
}

export const notResponding = () => new ApiFailure(0, 'network_error', 'The service is not responding. Please try again later');

/** Non-GET requests always send JSON (the server's CSRF check relies on the browser's Origin header). */
export async function api<S extends z.ZodType = z.ZodUnknown>(method: Method, path: string, body?: unknown): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: method === 'GET' ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw notResponding();
  }
  if (!res.ok) throw await refusalOf(res, path);
  if (res.status === 204) return undefined as z.infer<S>;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as z.infer<S>;
}

export const get = <S extends z.ZodType = z.ZodUnknown>(path: string) => api<S>('GET', path);
export const post = <S extends z.ZodType = z.ZodUnknown>(path: string, body?: unknown) => api<S>('POST', path, body);
export const patch = <S extends z.ZodType = z.ZodUnknown>(path: string, body?: unknown) => api<S>('PATCH', path, body);
export const put = <S extends z.ZodType = z.ZodUnknown>(path: string, body?: unknown) => api<S>('PUT', path, body);
export const del = <S extends z.ZodType = z.ZodUnknown>(path: string) => api<S>('DELETE', path);

/** `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

export const wsPath = (slug: string, rest = '') => `/api/w/${encodeURIComponent(slug)}${rest}`;
