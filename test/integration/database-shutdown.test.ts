import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateDbServer, type PrivateDbServer } from '../support/private-db-server.js';

let srv: PrivateDbServer;
beforeAll(async () => {
  srv = await startPrivateDbServer();
});
afterAll(async () => {
  await srv?.stop();
});

/** When the request was sent: before the database was told to stop, while it shut down, after it exited. */
type Phase = 'up' | 'stopping' | 'gone';

interface Answer {
  path: string;
  phase: Phase;
  status: number;
  code: string | undefined;
}

// Runs first: it starts the database again, the test after it leaves the database stopped.
describe('an audit export asked for while the database is away', () => {
  it('answers 503 database_unavailable before any of the file, not a download cut after its headers', { timeout: 300_000 }, async () => {
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    expect((await admin.post('/api/workspaces', { slug: 'exported', name: 'Exported' })).status).toBe(201);
    const exports = ['/api/audit.csv', '/api/w/exported/audit.csv'];
    for (const path of exports) {
      const up = await admin.get(path);
      expect(up.status, path).toBe(200);
      expect(String(up.body).split('\n')[0], path).toMatch(/^ts,id,action,/);
    }
    await srv.stopDb();
    for (const path of exports) {
      const gone = await admin.get(path);
      expect({ path, status: gone.status, code: gone.body?.error?.code, type: gone.headers.get('content-type') }).toEqual({
        path,
        status: 503,
        code: 'database_unavailable',
        type: expect.stringMatching(/^application\/json/),
      });
    }
    await srv.startDb();
    await expect.poll(async () => (await admin.get('/api/audit.csv')).status, { timeout: 60_000 }).toBe(200);
  });
});

// The database is stopped for real (SIGTERM, graceful close, exit) under a steady stream of
// requests. The dev database's rare answer to an operation its shutdown cuts ("context canceled",
// InternalError) could not be provoked on purpose here: test/unit/database-shutdown-answer.test.ts
// checks that answer, and MongoDB's InterruptedAtShutdown, through the server's error handler.
describe('requests while the database shuts down', () => {
  it('answer as usual or 503 database_unavailable, never 500', { timeout: 300_000 }, async () => {
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    expect((await admin.post('/api/workspaces', { slug: 'going-away', name: 'Going away' })).status).toBe(201);
    // Reads through every guard (session, membership) and a route's own queries, and a write.
    const requests: { path: string; send: () => ReturnType<typeof admin.get> }[] = [
      ...['/api/me', '/api/workspaces', '/api/w/going-away', '/api/w/going-away/members', '/api/w/going-away/campaigns', '/api/w/going-away/senders'].map((path) => ({
        path,
        send: () => admin.get(path),
      })),
      { path: 'PATCH /api/me', send: () => admin.patch('/api/me', { name: 'Admin' }) },
    ];
    for (const r of requests) expect((await r.send()).status, r.path).toBe(200);

    const answers: Answer[] = [];
    let phase: Phase = 'up';
    let stop = false;
    const loops = Array.from({ length: 12 }, async (_, n) => {
      for (let i = n; !stop; i++) {
        const r = requests[i % requests.length]!;
        const sentIn = phase;
        const res = await r.send();
        answers.push({ path: r.path, phase: sentIn, status: res.status, code: res.body?.error?.code });
      }
    });
    try {
      await expect.poll(() => answers.length, { timeout: 120_000, message: 'answers before the shutdown' }).toBeGreaterThanOrEqual(100);
      phase = 'stopping';
      await srv.stopDb();
      phase = 'gone';
      const answeredSinceGone = () => requests.every((r) => answers.some((a) => a.phase === 'gone' && a.path === r.path));
      await expect.poll(answeredSinceGone, { timeout: 120_000, message: 'every request answered once sent after the database exited' }).toBe(true);
    } finally {
      stop = true;
      await Promise.all(loops);
    }

    const unexpected = answers.filter((a) => !(a.status < 300 || (a.status === 503 && a.code === 'database_unavailable')));
    expect(unexpected).toEqual([]);
    expect(answers.filter((a) => a.phase === 'stopping').length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.phase === 'gone' && a.status === 503).length).toBeGreaterThan(0);
  });
});
