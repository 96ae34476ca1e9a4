import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggerOptions } from '../../src/server/app.js';
import { seed } from '../../src/server/seed/seed.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { ApiClient } from '../support/http-client.js';

const lines: string[] = [];
let server: RunningServer;
let t: TestDatabase;

beforeAll(async () => {
  t = await testDatabase('logs');
  const config = testConfig({ MONGODB_URI: t.uri, MONGODB_DB: t.name, LOG_LEVEL: 'info' });
  await seed(t.db, config);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  server = await startServer(config, { logger: pino(loggerOptions('info'), sink) });
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('logs', () => {
  it('never contain passwords, cookies or invitation tokens, and escape control characters', async () => {
    const c = new ApiClient(server.url);
    await c.login('root@example.test', 'root-password-1');
    await c.get('/api/me', { authorization: 'Bearer mct_supersecrettokenvalue' });
    await c.post('/api/auth/login', { email: 'root@example.test', password: 'WRONG-password-xyz' });
    await c.get('/api/invitations/INVITETOKENabc123');
    await c.get('/invite/INVITETOKENabc123');
    await fetch(server.url + '/healthz?x=%0a{"forged":true}');
    await new Promise((r) => setTimeout(r, 100));
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('root-password-1');
    expect(log).not.toContain('WRONG-password-xyz');
    expect(log).not.toContain('mct_supersecrettokenvalue');
    expect(log).not.toContain('INVITETOKENabc123');
    expect(log).not.toMatch(/mc_session=[A-Za-z0-9]/);
    expect(log).toContain('/api/invitations/:token');
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
