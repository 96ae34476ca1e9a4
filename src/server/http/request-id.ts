import { randomUUID } from 'node:crypto';

const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's X-Request-Id only when it is safe to log and echo (security.md). */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && ACCEPTED.test(header) ? header : randomUUID();
}
