import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import { answer, readJson, sendJson } from './http-io.js';
import { SimHttpError } from './jobs.js';
import { describeClientCert, type SimState } from './state.js';
import { mtlsOptions, type ServerTlsMaterial } from './tls-material.js';

const loginSchema = z.object({ email: z.string().min(1), password: z.string().min(1), app_id: z.string().min(1) });

const ESMES = [
  { id: 'esme-beeline', name: 'Beeline', rate_limit_per_sec: 200, enabled: true },
  { id: 'esme-ucell', name: 'Ucell', rate_limit_per_sec: 150, enabled: true },
  { id: 'esme-mobiuz', name: 'Mobiuz', rate_limit_per_sec: 100, enabled: true },
  { id: 'esme-legacy', name: 'Legacy gateway', rate_limit_per_sec: 10, enabled: false },
];

const STRATEGIES: Record<string, Array<{ id: string; name: string }>> = {
  'esme-beeline': [
    { id: 'cp1', name: 'cp1' },
    { id: 'onbuild_cp1', name: 'onbuild_cp1' },
    { id: 'blacklist', name: 'blacklist' },
  ],
  'esme-ucell': [
    { id: 'cp1', name: 'cp1' },
    { id: 'cp2', name: 'cp2' },
  ],
  'esme-mobiuz': [{ id: 'cp2', name: 'cp2' }],
  'esme-legacy': [],
};

export function createProxyApiServer(state: SimState, tls: ServerTlsMaterial): Server {
  return createServer({ ...mtlsOptions(tls), keepAliveTimeout: 30_000 }, (req, res) => {
    void answer(res, async () => {
      state.lastClientCert.proxy = describeClientCert(req.socket as TLSSocket);
      const url = new URL(req.url ?? '/', 'https://proxy.invalid');
      if (req.method === 'POST' && url.pathname === '/api/v1/user/login') {
        const body = await readJson(req, loginSchema);
        const expected = state.config.proxy;
        const refused =
          (expected.email !== null && body.email !== expected.email) ||
          (expected.password !== null && body.password !== expected.password) ||
          (expected.appId !== null && body.app_id !== expected.appId);
        if (refused) throw new SimHttpError(401, 'invalid credentials');
        state.counters.proxyLogins += 1;
        const token = randomBytes(24).toString('base64url');
        // Token expiry runs on the real clock: it concerns MC's process, not simulated campaigns.
        const expiresAt = Date.now() + expected.tokenTtlS * 1000;
        state.proxyTokens.set(token, { appId: body.app_id, expiresAt });
        return sendJson(res, 200, { token, expires_at: new Date(expiresAt).toISOString() });
      }
      if (req.method !== 'GET') throw new SimHttpError(404, `no route ${req.method} ${url.pathname}`);
      state.counters.proxyRequests += 1;
      authorise(state, req.headers.authorization, req.headers['x-app-id']);
      if (url.pathname === '/api/v1/settings/esmes') return sendJson(res, 200, ESMES);
      if (url.pathname === '/api/v1/settings/strategies') {
        const strategies = STRATEGIES[url.searchParams.get('esme') ?? ''];
        if (!strategies) throw new SimHttpError(404, 'unknown esme');
        return sendJson(res, 200, strategies);
      }
      throw new SimHttpError(404, `no route GET ${url.pathname}`);
    });
  });
}

function authorise(state: SimState, authorization: string | undefined, appId: string | string[] | undefined): void {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const known = token === undefined ? undefined : state.proxyTokens.get(token);
  if (!known || known.expiresAt <= Date.now() || known.appId !== appId) {
    state.counters.proxyUnauthorized += 1;
    throw new SimHttpError(401, 'token missing, expired or not issued for this X-App-ID');
  }
}
