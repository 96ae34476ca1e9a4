import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../support/sim.js';

let sim: RunningSim;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.stop();
});

function agentWith(client: 'mc-client' | 'rogue-client' | null): Agent {
  const read = (name: string) => readFileSync(join(sim.certsDir, name));
  return new Agent({
    connect: {
      ca: read('ca.crt'),
      rejectUnauthorized: true,
      ...(client ? { cert: read(`${client}.crt`), key: read(`${client}.key`) } : {}),
    },
  });
}

async function getJobs(client: 'mc-client' | 'rogue-client' | null, apiKey = sim.coreApiKey): Promise<number> {
  const dispatcher = agentWith(client);
  try {
    const response = await request(`${sim.coreUrl}/api/v1/jobs`, { dispatcher, headers: { 'x-api-key': apiKey } });
    await response.body.text();
    return response.statusCode;
  } finally {
    await dispatcher.destroy();
  }
}

describe('simulator mTLS', () => {
  it('accepts the dev client certificate', async () => {
    expect(await getJobs('mc-client')).toBe(200);
  });

  it('fails the handshake without a client certificate', async () => {
    await expect(getJobs(null)).rejects.toThrow();
  });

  it('fails the handshake with a certificate from an untrusted CA', async () => {
    await expect(getJobs('rogue-client')).rejects.toThrow();
  });

  it('answers 401 to a wrong X-API-Key', async () => {
    expect(await getJobs('mc-client', 'wrong-key')).toBe(401);
  });

  it('rejects even the dev certificate while the rejectClientCert fault is on', async () => {
    await sim.setFaults({ rejectClientCert: true });
    await expect(getJobs('mc-client')).rejects.toThrow();
    await sim.setFaults({ rejectClientCert: false });
    expect(await getJobs('mc-client')).toBe(200);
  });

  it('serves plain-HTTP health', async () => {
    const response = await request(sim.healthUrl);
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ status: 'ok' });
  });

  it('refuses to start with NODE_ENV=production', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'sim/main.ts', '--certs', sim.certsDir], {
      cwd: join(sim.certsDir, '..'),
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('refusing to start with NODE_ENV=production');
  });
});
