import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCoreClient, type CoreClient, type CoreClientOptions } from '../../src/server/core/core-client.js';
import { createCoreHealth, type CoreHealth } from '../../src/server/core/core-health.js';
import { CoreUnavailableError } from '../../src/server/core/errors.js';
import { createTlsPool, type TlsPool } from '../../src/server/core/tls-pool.js';
import { recordingLogger, startSim, type RunningSim } from '../support/sim.js';

const FAST_MS = 300;
let sim: RunningSim;
let pool: TlsPool;
let health: CoreHealth;
const logger = recordingLogger();
const rid = 'test-core-faults';

function clientWith(overrides: Partial<CoreClientOptions> = {}): CoreClient {
  return createCoreClient({
    pool,
    apiKey: sim.coreApiKey,
    maxResponseBytes: 1024 * 1024,
    uploadBodyTimeoutMs: 30_000,
    logger,
    onNetworkFailure: (error) => health.markDown(error.message),
    onSuccess: () => health.markUp(),
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<CoreUnavailableError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoreUnavailableError);
  return error as CoreUnavailableError;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

beforeAll(async () => {
  sim = await startSim();
  pool = await createTlsPool({
    url: sim.coreUrl,
    certFile: join(sim.certsDir, 'mc-client.crt'),
    keyFile: join(sim.certsDir, 'mc-client.key'),
    caFile: join(sim.certsDir, 'ca.crt'),
    connections: 4,
    bodyTimeoutMs: 500,
    logger,
  });
});
beforeAll(() => {
  health = createCoreHealth({ healthUrl: sim.healthUrl, intervalMs: 60_000, downIntervalMs: FAST_MS, logger });
  health.start();
  return waitFor(() => health.state().status === 'ok', 5_000);
});
afterEach(async () => {
  await sim.setFaults({ down: false, slowMs: 0, error5xx: false, oversizedBytes: 0 });
  await waitFor(() => health.state().status === 'ok', 5_000);
});
afterAll(async () => {
  health?.stop();
  await pool?.close();
  await sim?.stop();
});

describe('Core fault switches', () => {
  it('down: calls fail with CoreUnavailableError, health is down at once and back up within one fast interval', async () => {
    const core = clientWith();
    await core.listActiveJobs(null, 10, rid);
    await sim.setFaults({ down: true });
    const error = await failure(core.getJobByExternalId(randomUUID(), rid));
    expect(error.reason).toBe('network');
    expect(health.state().status).toBe('down');

    await sim.setFaults({ down: false });
    const recovered = await waitFor(() => health.state().status === 'ok', FAST_MS * 4);
    expect(recovered).toBeLessThan(FAST_MS * 3);
  });

  it('down: a failed health check switches the poller to fast polling, so recovery shows within one fast interval', async () => {
    const standalone = createCoreHealth({ healthUrl: sim.healthUrl, intervalMs: 60_000, downIntervalMs: FAST_MS, logger });
    standalone.start();
    try {
      await waitFor(() => standalone.state().status === 'ok', 5_000);
      await sim.setFaults({ down: true });
      expect((await standalone.check()).status).toBe('down');
      await sim.setFaults({ down: false });
      await waitFor(() => standalone.state().status === 'ok', FAST_MS * 4);
    } finally {
      standalone.stop();
    }
  });

  it('5xx: CoreUnavailableError with the status, and health marked down', async () => {
    await sim.setFaults({ error5xx: true });
    const error = await failure(clientWith().getJob('any', rid));
    expect(error).toMatchObject({ reason: 'server_error', status: 503 });
    expect(health.state().status).toBe('down');
  });

  it('slow: times out at the body timeout instead of hanging', async () => {
    await sim.setFaults({ slowMs: 5_000 });
    const started = Date.now();
    const error = await failure(clientWith().getJob('any', rid));
    expect(error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('slow but within the timeout: succeeds and logs [core-slow] with method, path, bytes and request id', async () => {
    await sim.setFaults({ slowMs: 300 });
    await clientWith({ slowMs: 100 }).listActiveJobs(null, 5, 'rid-slow');
    const line = logger.lines.find((l) => l.msg.startsWith('[core-slow]') && (l.obj as { requestId?: string }).requestId === 'rid-slow');
    expect(line?.obj).toMatchObject({ method: 'GET', path: '/api/v1/jobs?status=active&limit=5' });
    expect((line?.obj as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(300);
  });

  it('oversized: the response is cut off at the cap with an error, not buffered', async () => {
    await sim.setFaults({ oversizedBytes: 64 * 1024 * 1024 });
    const error = await failure(clientWith().listActiveJobs(null, 5, rid));
    expect(error.reason).toBe('response_too_large');
    expect(health.state().status).toBe('ok');
  });

  it('large but under the cap: succeeds and logs [core-large]', async () => {
    await sim.setFaults({ oversizedBytes: 300 * 1024 });
    await clientWith({ largeBytes: 256 * 1024 }).deleteJob('any', 'rid-large');
    const line = logger.lines.find((l) => l.msg.startsWith('[core-large]') && (l.obj as { requestId?: string }).requestId === 'rid-large');
    expect((line?.obj as { bytes: number }).bytes).toBe(300 * 1024);
  });
});
