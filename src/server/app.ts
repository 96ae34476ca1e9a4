import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppContext } from './app-context.js';
import { isDatabaseUnavailable } from './db/connection.js';
import { ApiError, badRequest, coreUnavailable, databaseUnavailable, envelope, forbidden } from './http/errors.js';
import { CoreConflictError, CoreRequestError, CoreUnavailableError, isCoreJobMissing } from './core/errors.js';
import { closeAfterAnswer } from './http/close-after-answer.js';
import { watchBodyIdle } from './http/body-idle-timeout.js';
import { violatesOrigin } from './http/csrf.js';
import { REDACTED_PATHS, redactUrl } from './http/redact.js';
import { requestIdFrom } from './http/request-id.js';
import type { RequestGuards } from './http/guards.js';
import { runRoute, type RouteDef } from './http/route.js';
import { securityHeaders } from './http/security-headers.js';
import { openApiDocument } from './http/openapi.js';
import { checkResponses } from './http/response-check.js';

export const JSON_BODY_LIMIT = 1024 * 1024;
const UPLOAD_TYPES = ['text/plain', 'text/csv', 'application/octet-stream'];

export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactUrl(req.url), id: req.id }),
    },
  };
}

/** Builds the HTTP app: hooks in the order of the request chain, then every domain's routes. */
export async function buildApp(app: AppContext, routes: RouteDef[], guards: RequestGuards): Promise<FastifyInstance> {
  const headers = securityHeaders(app.config);
  const server = Fastify({
    loggerInstance: app.logger as FastifyBaseLogger,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: trustedProxies(app.config.TRUST_PROXY),
    // A URL Fastify cannot decode (FST_ERR_BAD_URL) never reaches the hooks: answer it here with
    // the same headers, request id and envelope as every other answer.
    frameworkErrors: (err, req, frameworkReply) => {
      const reply = frameworkReply as unknown as FastifyReply;
      const e = badRequest([{ path: 'url', reason: 'not a valid URL', rule: 'invalid_format' }]);
      reply.headers(headers).header('x-request-id', req.id).code(e.status).send(envelope(e, req.id));
    },
  });

  // Uploads stream; the route decides what to do with the body.
  server.addContentTypeParser(UPLOAD_TYPES, { bodyLimit: Number.MAX_SAFE_INTEGER }, (_req, payload, done) => done(null, payload));

  server.addHook('onRequest', async (req, reply) => {
    reply.headers(headers);
    reply.header('x-request-id', req.id);
    // API answers are never cached: some carry a temporary password, a new API token or an invitation link.
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    watchBodyIdle(req, reply, app.config.BODY_IDLE_TIMEOUT_MS);
    if (violatesOrigin(req, app.config.publicOrigin)) throw forbidden('cross_site');
  });

  // Labelled by route template (routeOptions.url), never the raw path: ids and tokens stay out of metrics.
  server.addHook('onResponse', async (req, reply) => {
    app.metrics.observeHttp(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });

  if (app.config.NODE_ENV === 'test') checkResponses(server, routes);

  server.setErrorHandler((err: FastifyError | ApiError | Error, req, reply) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500 && apiError.code === 'internal_error') req.log.error({ err }, 'unhandled error');
    if (apiError.headers) reply.headers(apiError.headers);
    // A refused upload must not make Node read and discard up to UPLOAD_MAX_BYTES of body.
    if (UPLOAD_TYPES.some((t) => req.headers['content-type']?.startsWith(t))) closeAfterAnswer(req, reply);
    reply.code(apiError.status).send(envelope(apiError, req.id));
  });

  for (const def of routes) {
    server.route({ method: def.method, url: def.url, handler: runRoute(app, def, guards) });
  }
  server.get('/api/openapi.json', async () => openApiDocument(routes));

  const webDir = path.resolve(app.config.WEB_DIST_DIR ?? 'dist/web');
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await server.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: '1h' });

  server.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !['/healthz', '/readyz', '/metrics'].includes(req.url);
    if (isPage && hasWeb) return reply.type('text/html').header('cache-control', 'no-cache').send(fs.createReadStream(path.join(webDir, 'index.html')));
    const e = new ApiError('not_found', { reason: 'route', method: req.method, path: redactUrl(req.url.split('?')[0] ?? '') });
    return reply.code(404).send(envelope(e, req.id));
  });
  return server;
}

/** A hop count as the function Fastify makes of one (its types accept no number). */
function trustedProxies(setting: false | number | string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

function toApiError(err: FastifyError | ApiError | Error): ApiError {
  if (err instanceof ApiError) return err;
  if (isDatabaseUnavailable(err)) return databaseUnavailable();
  if (err instanceof CoreUnavailableError) return coreUnavailable();
  if (err instanceof CoreConflictError) return new ApiError('conflict', { reason: 'core_refused', core: { message: err.message, details: err.details } });
  if (isCoreJobMissing(err)) return new ApiError('conflict', { reason: 'core_job_lost' });
  if (err instanceof CoreRequestError) return new ApiError('core_rejected', { core_status: err.status, core: err.details });
  // Fastify's codes are strings; a driver's (MongoServerError) are numbers.
  const code: unknown = (err as FastifyError).code;
  const status = (err as FastifyError).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) return new ApiError('payload_too_large');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
    return new ApiError('unsupported_media_type');
  if (status === 400 || (typeof code === 'string' && code.startsWith('FST_ERR_CTP'))) return badRequest([{ path: 'body', reason: err.message, rule: 'invalid_json' }]);
  return new ApiError('internal_error');
}
