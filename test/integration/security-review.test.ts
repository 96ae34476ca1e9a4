// Issue 18, the security review's small findings: each test tries the attack.
import net from 'node:net';
import { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ BODY_IDLE_TIMEOUT_MS: '1000' }, 'secreview');
});
afterAll(async () => srv?.stop());

describe('malformed input reaches no 500', () => {
  it('a malformed mc_session cookie (%E0%A4%A) is no session: 401 on signed-in routes', async () => {
    for (const path of ['/api/me', '/api/w/default/campaigns', '/api/admin/users']) {
      const res = await fetch(srv.url + path, { headers: { cookie: 'mc_session=%E0%A4%A' } });
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
  });

  it('a malformed URL (FST_ERR_BAD_URL) answers the envelope with the security headers and request id', async () => {
    const res = await fetch(srv.url + '/api/w/%E0%A4%A/campaigns', { headers: { 'x-request-id': 'bad-url-1' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-request-id')).toBe('bad-url-1');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const body = (await res.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.request_id).toBe('bad-url-1');
  });
});

/** Sends a request's head and then the body pieces, each after the previous one was written and `gapMs` passed. */
function rawRequest(port: number, head: string, pieces: string[], gapMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
    socket.on('connect', async () => {
      socket.write(head);
      for (const p of pieces) {
        await new Promise((r) => setTimeout(r, gapMs));
        if (socket.destroyed) return;
        socket.write(p);
      }
    });
    setTimeout(() => reject(new Error('the server kept the connection open')), 20_000).unref();
  });
}

describe('slow request bodies', () => {
  const port = () => Number(new URL(srv.url).port);
  const head = (length: number) =>
    `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3000\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

  it('a body that stops arriving is cut off after BODY_IDLE_TIMEOUT_MS of inactivity', async () => {
    const { answer, closedAfterMs } = await rawRequest(port(), head(100), ['{"email":'], 0);
    expect(answer).toBe('');
    expect(closedAfterMs).toBeLessThan(15_000);
  });

  it('a body that keeps arriving slowly is served, however long it takes in total', async () => {
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'wrong-password-1' });
    const pieces = body.match(/.{1,8}/g)!; // 7 pieces, 100 ms apart: longer in total than the idle limit
    const { answer } = await rawRequest(port(), head(body.length), pieces, 100);
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });
});

describe('answers that carry secrets are not cached', () => {
  it('every API answer says Cache-Control: no-store (temporary passwords, new API tokens, invitation links)', async () => {
    const sa = srv.client();
    await sa.login(srv.superAdmin.email, srv.superAdmin.password);
    const token = await sa.post('/api/w/default/api-tokens', { name: 'cache test' });
    expect(token.status).toBe(201);
    expect(token.headers.get('cache-control')).toBe('no-store');
    const invite = await sa.post('/api/w/default/invitations', { email: 'invitee@example.test', role: 'author' });
    expect(invite.status).toBe(201);
    expect(invite.body.invite_url).toBeTruthy();
    expect(invite.headers.get('cache-control')).toBe('no-store');
    const user = await sa.post('/api/admin/users', { email: 'reset-me@example.test', name: 'Reset Me' });
    expect(user.status).toBe(201);
    expect(user.body.temporary_password).toBeTruthy();
    expect(user.headers.get('cache-control')).toBe('no-store');
    const id = user.body.user.id;
    const reset = await sa.post(`/api/admin/users/${id}/reset-password`, {});
    expect(reset.status).toBe(200);
    expect(reset.headers.get('cache-control')).toBe('no-store');
  });
});

describe('failed Bearer tokens (per IP)', () => {
  it('an IP past its 30 failures gets 429 without its token being looked up, also in a parallel burst', async () => {
    let lookups = 0;
    const findOne = Collection.prototype.findOne;
    const spy = vi.spyOn(Collection.prototype, 'findOne').mockImplementation(function (this: Collection, ...args: unknown[]) {
      if (this.collectionName === 'api_tokens') lookups++;
      return (findOne as (...a: unknown[]) => unknown).apply(this, args);
    } as Collection['findOne']);
    try {
      const attempt = () =>
        fetch(srv.url + '/api/v1/campaigns/some-campaign/numbers', {
          method: 'POST',
          headers: { authorization: `Bearer mct_${'x'.repeat(43)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ numbers: ['998901234567'] }),
        }).then((r) => r.status);
      const first = await Promise.all(Array.from({ length: 31 }, attempt));
      expect(first.filter((st) => st === 401).length).toBeGreaterThanOrEqual(30 - 1);
      expect(first.filter((st) => st === 429).length).toBeGreaterThanOrEqual(1);
      const before = lookups;
      const burst = await Promise.all(Array.from({ length: 20 }, attempt));
      expect(burst).toEqual(Array(20).fill(429));
      expect(lookups - before).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
