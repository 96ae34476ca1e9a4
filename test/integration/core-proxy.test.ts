import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreRequestError } from '../../src/server/core/errors.js';
import { createProxyClient, type ProxyClientOptions } from '../../src/server/core/proxy-client.js';
import { createTlsPool, type TlsPool } from '../../src/server/core/tls-pool.js';
import { recordingLogger, startSim, type RunningSim } from '../support/sim.js';

let sim: RunningSim;
let pool: TlsPool;
const logger = recordingLogger();

interface Counters {
  counters: { proxyLogins: number; proxyUnauthorized: number };
}
const counters = async () => (await sim.control<Counters>('GET', '/state')).counters;

beforeAll(async () => {
  sim = await startSim({ env: { SIM_PROXY_EMAIL: 'svc@mc.test', SIM_PROXY_PASSWORD: 'proxy-secret', SIM_PROXY_APP_ID: 'mc' } });
  pool = await createTlsPool({
    url: sim.proxyUrl,
    certFile: join(sim.certsDir, 'mc-client.crt'),
    keyFile: join(sim.certsDir, 'mc-client.key'),
    caFile: join(sim.certsDir, 'ca.crt'),
    connections: 8,
    bodyTimeoutMs: 10_000,
    logger,
  });
});
afterAll(async () => {
  await pool?.close();
  await sim?.stop();
});

function proxyClient(overrides: Partial<ProxyClientOptions> = {}) {
  return createProxyClient({
    loginUrl: `${sim.proxyUrl}/api/v1/user/login`,
    apiUrl: sim.proxyUrl,
    pool,
    email: 'svc@mc.test',
    password: 'proxy-secret',
    appId: 'mc',
    logger,
    ...overrides,
  });
}

describe('Proxy client', () => {
  it('logs in once, lists ESMEs and strategies, and caches them', async () => {
    await sim.reset();
    const proxy = proxyClient();
    const esmes = await proxy.listEsmes();
    expect(esmes.map((e) => e.id)).toContain('esme-beeline');
    expect(esmes[0]).toMatchObject({ rate_limit_per_sec: expect.any(Number), enabled: expect.any(Boolean) });
    expect((await proxy.listStrategies('esme-beeline')).map((s) => s.id)).toEqual(['cp1', 'onbuild_cp1', 'blacklist']);
    await proxy.listEsmes();
    expect(await counters()).toMatchObject({ proxyLogins: 1 });
    await expect(proxy.listStrategies('no-such-esme')).rejects.toMatchObject({ status: 404 });
  });

  it('refuses wrong credentials with a CoreRequestError 401', async () => {
    await expect(proxyClient({ password: 'wrong' }).listEsmes()).rejects.toBeInstanceOf(CoreRequestError);
  });

  it('after the Proxy expires its token, 50 concurrent callers share exactly one refresh', async () => {
    await sim.reset();
    const proxy = proxyClient();
    await proxy.listEsmes();
    await sim.setFaults({ expireProxyTokens: true });
    proxy.invalidateCache();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? proxy.listEsmes() : proxy.listStrategies('esme-ucell'))));
    expect(results.every((list) => list.length > 0)).toBe(true);
    expect(await counters()).toMatchObject({ proxyLogins: 2, proxyUnauthorized: 50 });
  });

  it('refreshes the token 5 minutes before it expires, without waiting for a 401', async () => {
    await sim.reset();
    let skewMs = 0;
    const proxy = proxyClient({ now: () => Date.now() + skewMs, cacheTtlMs: 0 });
    await proxy.listEsmes();
    skewMs = 56 * 60_000; // the 3600 s token now has under 5 minutes left
    await proxy.listEsmes();
    expect(await counters()).toMatchObject({ proxyLogins: 2, proxyUnauthorized: 0 });
  });
});
