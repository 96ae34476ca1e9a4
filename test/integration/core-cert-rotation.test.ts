import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreClient, type CoreClient } from '../../src/server/core/core-client.js';
import { createTlsPool, type TlsPool } from '../../src/server/core/tls-pool.js';
import { recordingLogger, startSim, type RunningSim } from '../support/sim.js';

let sim: RunningSim;
let dir: string;
let pool: TlsPool;
let core: CoreClient;
const logger = recordingLogger();

interface SimState {
  lastClientCert: { core: { subject: string } | null };
}

beforeAll(async () => {
  sim = await startSim();
  dir = await mkdtemp(join(tmpdir(), 'mc-cert-rotation-'));
  for (const name of ['ca.crt', 'mc-client.crt', 'mc-client.key']) await copyFile(join(sim.certsDir, name), join(dir, name));
  pool = await createTlsPool({
    url: sim.coreUrl,
    certFile: join(dir, 'mc-client.crt'),
    keyFile: join(dir, 'mc-client.key'),
    caFile: join(dir, 'ca.crt'),
    connections: 4,
    bodyTimeoutMs: 10_000,
    logger,
    watchIntervalMs: 50,
    reloadDebounceMs: 150,
  });
  core = createCoreClient({ pool, apiKey: sim.coreApiKey, maxResponseBytes: 1024 * 1024, uploadBodyTimeoutMs: 30_000, logger });
});
afterAll(async () => {
  await pool?.close();
  await sim?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const lastSubject = async (): Promise<string | undefined> => (await sim.control<SimState>('GET', '/state')).lastClientCert.core?.subject;

describe('client certificate rotation', () => {
  it('swaps to new files during a stream of requests without a failed request', async () => {
    expect(pool.certificate()).toMatchObject({ subject: 'CN=mc-client', ok: true });
    await core.listActiveJobs(null, 1, 'before');
    expect(await lastSubject()).toBe('CN=mc-client');

    let stop = false;
    let completed = 0;
    const failures: unknown[] = [];
    const worker = async (): Promise<void> => {
      for (let i = 0; i < 10_000 && !stop; i++) {
        await core.listActiveJobs(null, 1, `stream-${i}`).then(
          () => void (completed += 1),
          (error: unknown) => void failures.push(error),
        );
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await sleep(300);
    await copyFile(join(sim.certsDir, 'mc-client-2.crt'), join(dir, 'mc-client.crt'));
    await copyFile(join(sim.certsDir, 'mc-client-2.key'), join(dir, 'mc-client.key'));
    const deadline = Date.now() + 10_000;
    while (pool.certificate()?.subject !== 'CN=mc-client-2' && Date.now() < deadline) await sleep(50);
    await sleep(300);
    stop = true;
    await Promise.all(workers);

    expect(failures).toEqual([]);
    expect(completed).toBeGreaterThan(20);
    expect(pool.certificate()).toMatchObject({ subject: 'CN=mc-client-2', ok: true });
    await core.listActiveJobs(null, 1, 'after');
    expect(await lastSubject()).toBe('CN=mc-client-2');
  });

  it('keeps the old material when the new file is bad, and reports the problem', async () => {
    await writeFile(join(dir, 'mc-client.crt'), 'not a certificate');
    expect(await pool.reload()).toBe(false);
    expect(pool.certificate()).toMatchObject({ subject: 'CN=mc-client-2', ok: false });
    expect(pool.certificate()?.error).toMatch(/no certificate|cannot parse/);
    await core.listActiveJobs(null, 1, 'after-bad');

    // A certificate whose key does not match is refused too.
    await copyFile(join(sim.certsDir, 'mc-client.crt'), join(dir, 'mc-client.crt'));
    expect(await pool.reload()).toBe(false);
    expect(pool.certificate()?.error).toMatch(/does not match/);

    // A certificate from another CA is refused.
    await copyFile(join(sim.certsDir, 'rogue-client.crt'), join(dir, 'mc-client.crt'));
    await copyFile(join(sim.certsDir, 'rogue-client.key'), join(dir, 'mc-client.key'));
    expect(await pool.reload()).toBe(false);
    expect(pool.certificate()?.error).toMatch(/does not chain/);
    await core.listActiveJobs(null, 1, 'still-old');
    expect(await lastSubject()).toBe('CN=mc-client-2');
    expect(logger.lines.some((l) => l.msg.startsWith('[core-tls] new certificate refused'))).toBe(true);
  });
});
