import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '../../src/server/metrics/app-metrics.js';
import { metricsAuthorized } from '../../src/server/metrics/metrics-routes.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startSim, type RunningSim } from '../support/sim.js';

const TOKEN = 'metrics-token-0123456789-abcdefghij';
let srv: TestServer;
let open: TestServer;
let sim: RunningSim;

beforeAll(async () => {
  sim = await startSim();
  const upstream = { CORE_API_URL: sim.coreUrl, CORE_HEALTH_URL: sim.healthUrl, PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`, PROXY_API_URL: sim.proxyUrl };
  srv = await startTestServer({ ...upstream, METRICS_TOKEN: TOKEN }, 'opsmetrics');
  open = await startTestServer(upstream, 'opsmetricsopen');
});
afterAll(async () => {
  await srv?.stop();
  await open?.stop();
  await sim?.stop();
});

const scrape = (server: TestServer, token?: string) =>
  fetch(`${server.url}/metrics`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });

describe('GET /metrics', () => {
  it('checks the bearer token in constant time, and is open only when no token is configured', () => {
    expect(metricsAuthorized(undefined, undefined)).toBe(true);
    expect(metricsAuthorized(TOKEN, `Bearer ${TOKEN}`)).toBe(true);
    expect(metricsAuthorized(TOKEN, `bearer   ${TOKEN}`)).toBe(true);
    expect(metricsAuthorized(TOKEN, undefined)).toBe(false);
    expect(metricsAuthorized(TOKEN, TOKEN)).toBe(false);
    expect(metricsAuthorized(TOKEN, `Bearer ${TOKEN}x`)).toBe(false);
    expect(metricsAuthorized(TOKEN, `Basic ${TOKEN}`)).toBe(false);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    for (const token of [undefined, 'wrong']) {
      const r = await scrape(srv, token);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(await r.text()).not.toContain('mc_');
    }
  });

  it('exposes every metric of the registry in Prometheus text', async () => {
    const r = await scrape(srv, TOKEN);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    for (const name of Object.values(METRIC_NAMES)) expect(text, name).toContain(`# TYPE ${name} `);
    expect(text).toContain('mc_process_resident_memory_bytes');
  });

  it('labels HTTP latency by route template and status, never by the raw path', async () => {
    const id = new ObjectId().toHexString();
    const client = srv.client();
    await client.login(srv.superAdmin.email, srv.superAdmin.password);
    expect((await client.post(`/api/admin/users/${id}/block`)).status).toBe(404);
    expect((await client.get(`/api/no/such/${id}`)).status).toBe(404);
    const text = await (await scrape(srv, TOKEN)).text();
    expect(text).toMatch(/mc_http_request_duration_seconds_count\{method="POST",route="\/api\/admin\/users\/:id\/block",status="404"\} 1/);
    expect(text).toMatch(/mc_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="200"\} 1/);
    expect(text).toMatch(/mc_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).not.toContain(id);
  });

  it('records Core calls by route template, Core errors and Core health', async () => {
    await srv.app.core.health.check();
    const externalId = `ext-${new ObjectId().toHexString()}`;
    expect(await srv.app.core.core.getJobByExternalId(externalId, 'req-metrics')).toBeNull();
    const text = await (await scrape(srv, TOKEN)).text();
    expect(text).toMatch(/mc_core_request_duration_seconds_count\{method="GET",route="[^"]*:external_id[^"]*",status="404"\} 1/);
    expect(text).not.toContain(externalId);
    expect(text).toMatch(/^mc_core_up 1$/m);
  });

  it('exposes the counters other domains record (audit, drains; poller lag and uploads: metrics-recorded.test.ts)', async () => {
    const m = srv.app.metrics;
    m.auditWrites.inc({ sink: 'fallback' });
    m.auditFallbackBytes.set(1234);
    m.auditDrains.inc({ outcome: 'completed' });
    m.uploadBytes.inc(4096);
    const text = await (await scrape(srv, TOKEN)).text();
    expect(text).toMatch(/^mc_audit_writes_total\{sink="fallback"\} 1$/m);
    expect(text).toMatch(/^mc_audit_fallback_bytes 1234$/m);
    expect(text).toMatch(/^mc_audit_drains_total\{outcome="completed"\} 1$/m);
    expect(text).toMatch(/^mc_upload_bytes_total 4096$/m);
  });

  it('is open without METRICS_TOKEN outside production, with a registry of its own per server', async () => {
    const r = await scrape(open);
    expect(r.status).toBe(200);
    expect(await r.text()).not.toMatch(/^mc_upload_bytes_total 4096$/m);
  });
});
