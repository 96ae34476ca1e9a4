import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CoreUnavailableError } from './errors.js';
import type { CoreLogger, CoreMetrics } from './logger.js';
import type { TlsPool } from './tls-pool.js';
import { proxyEsmeSchema, proxyLoginSchema, proxyStrategySchema, type ProxyEsme, type ProxyStrategy } from './core-types.js';
import { createUpstreamRequester, expectOk, type UpstreamResponse } from './upstream-request.js';

export interface ProxyClientOptions {
  loginUrl: string;
  apiUrl: string;
  pool: TlsPool;
  email: string;
  password: string;
  appId: string;
  logger: CoreLogger;
  maxResponseBytes?: number;
  metrics?: CoreMetrics;
  cacheTtlMs?: number;
  refreshBeforeMs?: number;
  now?: () => number;
}

export interface ProxyClient {
  listEsmes(requestId?: string): Promise<ProxyEsme[]>;
  listStrategies(esmeId: string, requestId?: string): Promise<ProxyStrategy[]>;
  /** Drops the 60 s lists cache (e.g. after a super admin edits presets and wants fresh data). */
  invalidateCache(): void;
}

interface Token {
  value: string;
  expiresAt: number;
}

/**
 * The Proxy through one service-account token per process: refreshed 5 minutes before it
 * expires and after a 401 (the call is retried once); concurrent callers share one login.
 */
export function createProxyClient(options: ProxyClientOptions): ProxyClient {
  const now = options.now ?? Date.now;
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  const refreshBeforeMs = options.refreshBeforeMs ?? 5 * 60_000;
  const request = createUpstreamRequester({
    upstream: 'proxy',
    pool: options.pool,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const loginUrl = new URL(options.loginUrl);
  const apiOrigin = new URL(options.apiUrl).origin;
  const apiBase = new URL(options.apiUrl).pathname.replace(/\/$/, '');

  let token: Token | null = null;
  let login: Promise<Token> | null = null;
  const cache = new Map<string, { expiresAt: number; value: unknown }>();

  async function logIn(requestId: string): Promise<Token> {
    const response = await request({
      method: 'POST',
      origin: loginUrl.origin,
      path: `${loginUrl.pathname}${loginUrl.search}`,
      route: loginUrl.pathname,
      requestId,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: options.email, password: options.password, app_id: options.appId }),
    });
    const parsed = proxyLoginSchema.safeParse(expectOk('proxy', response));
    const expiresAt = parsed.success ? Date.parse(parsed.data.expires_at) : Number.NaN;
    if (!parsed.success || Number.isNaN(expiresAt)) throw new CoreUnavailableError('proxy', 'bad_response', 'login answer has no token/expires_at');
    options.logger.info({ expiresAt: parsed.data.expires_at, requestId }, '[proxy] service token refreshed');
    return { value: parsed.data.token, expiresAt };
  }

  function currentToken(requestId: string): Promise<Token> {
    if (token && now() < token.expiresAt - refreshBeforeMs) return Promise.resolve(token);
    login ??= logIn(requestId)
      .then((fresh) => (token = fresh))
      .finally(() => {
        login = null;
      });
    return login;
  }

  async function authorisedGet(path: string, route: string, requestId: string): Promise<unknown> {
    const send = (used: Token): Promise<UpstreamResponse> =>
      request({
        method: 'GET',
        origin: apiOrigin,
        path: `${apiBase}${path}`,
        route,
        requestId,
        headers: { authorization: `Bearer ${used.value}`, 'x-app-id': options.appId },
      });
    const first = await currentToken(requestId);
    let response = await send(first);
    if (response.status === 401) {
      // Only the first caller to see this token refused drops it; the others reuse the new one.
      if (token === first) token = null;
      response = await send(await currentToken(requestId));
    }
    return expectOk('proxy', response, options.metrics);
  }

  async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now()) return hit.value as T;
    const value = await load();
    cache.set(key, { value, expiresAt: now() + cacheTtlMs });
    return value;
  }

  function parseList<T extends z.ZodType>(schema: T, body: unknown, route: string): Array<z.infer<T>> {
    const parsed = z.array(schema).safeParse(body);
    if (!parsed.success) throw new CoreUnavailableError('proxy', 'bad_response', `${route}: unexpected answer shape`);
    return parsed.data;
  }

  return {
    listEsmes: (requestId = randomUUID()) =>
      cached('esmes', async () => {
        const route = '/api/v1/settings/esmes';
        return parseList(proxyEsmeSchema, await authorisedGet(route, route, requestId), route);
      }),
    listStrategies: (esmeId, requestId = randomUUID()) =>
      cached(`strategies:${esmeId}`, async () => {
        const route = '/api/v1/settings/strategies';
        const body = await authorisedGet(`${route}?esme=${encodeURIComponent(esmeId)}`, route, requestId);
        return parseList(proxyStrategySchema, body, route);
      }),
    invalidateCache: () => cache.clear(),
  };
}

