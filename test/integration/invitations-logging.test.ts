import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loggerOptions } from '../../src/server/app.js';
import { seed } from '../../src/server/seed/seed.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { ApiClient } from '../support/http-client.js';

// security.md: invitation links are shown to the admin, never logged — not at creation, not when opened.
const lines: string[] = [];
let database: TestDatabase;
let server: RunningServer;
const config = () => testConfig({ MONGODB_URI: database.uri, MONGODB_DB: database.name, LOG_LEVEL: 'debug' });

beforeAll(async () => {
  database = await testDatabase('invlog');
  await seed(database.db, config());
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString('utf8')), done()) });
  server = await startServer(config(), { logger: pino(loggerOptions('debug'), sink) });
});
afterAll(async () => {
  await server?.close();
  await database?.drop();
});

it('never writes the invitation token to the log', async () => {
  const sa = new ApiClient(server.url);
  await sa.login('root@example.test', 'root-password-1');
  const created = await sa.post('/api/w/default/invitations', { email: 'logged@example.test', role: 'author' });
  expect(created.status).toBe(201);
  const token = decodeURIComponent((created.body.invite_url as string).split('/invite/')[1]!);
  const anon = new ApiClient(server.url);
  expect((await anon.get(`/api/invitations/${token}`)).status).toBe(200);
  expect((await anon.post(`/api/invitations/${token}/accept`, { name: 'Logged', password: 'a-good-password-1' })).status).toBe(200);
  const log = lines.join('');
  expect(log).toContain('invitation created');
  expect(log).not.toContain(token);
  expect(log).not.toContain(encodeURIComponent(token));
});
