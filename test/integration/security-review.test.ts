// Issue 18, the security review's small findings: each test tries the attack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({}, 'secreview');
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
