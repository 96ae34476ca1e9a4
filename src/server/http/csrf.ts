import type { FastifyRequest } from 'fastify';

/**
 * Every state-changing request must come from our own origin (security.md). Bearer-token routes
 * under /api/v1/ never read cookies, so they are exempt.
 */
export function violatesOrigin(req: FastifyRequest, publicOrigin: string): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  if (req.url.startsWith('/api/v1/')) return false;
  return req.headers.origin !== publicOrigin;
}
