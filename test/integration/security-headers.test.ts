import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ GRAFANA_PUBLIC_URL: 'https://grafana.example.test/d/mc' }, 'csp');
});
afterAll(async () => srv?.stop());

function cspDirectives(header: string | null): Map<string, string> {
  return new Map((header ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]));
}

describe('security headers (make test-csp)', () => {
  for (const path of ['/', '/login', '/w/default/campaigns', '/api/me', '/healthz', '/api/no-such-route']) {
    it(`${path} carries a strict CSP and the other headers`, async () => {
      const res = await fetch(srv.url + path);
      const csp = cspDirectives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('script-src')).toBe("'self'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('frame-src')).toBe('https://grafana.example.test');
      expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-request-id')).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      // Served over plain http on localhost: no HSTS (it is sent when NEXTAUTH_URL is https).
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });
  }

  it('serves the web UI for page routes and the error envelope for unknown API routes', async () => {
    const page = await fetch(srv.url + '/w/default/campaigns');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline scripts (CSP would block them)
    const api = await fetch(srv.url + '/api/no-such-route');
    expect(api.status).toBe(404);
    const body = (await api.json()) as { error: { code: string; request_id: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.request_id).toBe(api.headers.get('x-request-id'));
  });

  it('keeps a safe incoming X-Request-Id and replaces an unsafe one', async () => {
    const kept = await fetch(srv.url + '/healthz', { headers: { 'x-request-id': 'abc.DEF_123-x' } });
    expect(kept.headers.get('x-request-id')).toBe('abc.DEF_123-x');
    const replaced = await fetch(srv.url + '/healthz', { headers: { 'x-request-id': 'evil id; with spaces' } });
    expect(replaced.headers.get('x-request-id')).not.toContain(' ');
    const tooLong = await fetch(srv.url + '/healthz', { headers: { 'x-request-id': 'a'.repeat(65) } });
    expect(tooLong.headers.get('x-request-id')).not.toBe('a'.repeat(65));
  });

  it('sets the session cookie HttpOnly and SameSite=Lax (not Secure on plain localhost)', async () => {
    const res = await fetch(srv.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
      body: JSON.stringify({ email: srv.superAdmin.email, password: srv.superAdmin.password }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });
});

describe('https deployments', () => {
  it('adds HSTS and Secure cookies when NEXTAUTH_URL is https', async () => {
    const https = await startTestServer({ NEXTAUTH_URL: 'https://mc.example.test' }, 'csphttps');
    try {
      const res = await fetch(https.url + '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://mc.example.test' },
        body: JSON.stringify({ email: https.superAdmin.email, password: https.superAdmin.password }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await https.stop();
    }
  });
});
