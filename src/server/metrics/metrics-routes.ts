import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { route } from '../http/route.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Constant-time check of `Authorization: Bearer <METRICS_TOKEN>`; open when no token is configured (development). */
export function metricsAuthorized(expected: string | undefined, authorization: string | undefined): boolean {
  if (!expected) return true;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(expected));
}

/** Prometheus scrape endpoint (operations.md §5); production refuses to start without METRICS_TOKEN. */
export const metricsRoutes = [
  route({
    method: 'GET',
    url: '/metrics',
    summary: 'Prometheus metrics (bearer METRICS_TOKEN when set)',
    access: { kind: 'public' },
    responses: { 200: { contentType: 'text/plain', description: 'Prometheus text exposition format' } },
    handler: async ({ app, req, reply }) => {
      if (!metricsAuthorized(app.config.METRICS_TOKEN, req.headers.authorization)) {
        throw new ApiError('unauthenticated', { reason: 'metrics_token' }, { 'www-authenticate': 'Bearer' });
      }
      reply.type(app.metrics.registry.contentType);
      return app.metrics.registry.metrics();
    },
  }),
];
