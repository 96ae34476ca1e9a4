// The one way the console talks to the API: JSON in and out, errors as ApiFailure (api.md envelope).

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

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
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

/** Non-GET requests always send JSON (the server's CSRF check relies on the browser's Origin header). */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: method === 'GET' ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    throw new ApiFailure(0, 'network_error', 'The service is not responding. Please try again later');
  }
  if (!res.ok) {
    const failure = await failureOf(res);
    if (failure.status === 401 && path !== '/api/auth/login') window.dispatchEvent(new CustomEvent('mc:unauthenticated'));
    throw failure;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body);
export const patch = <T>(path: string, body?: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

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
