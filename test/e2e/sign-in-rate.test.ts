// rate_limited at the sign-in form, in English and in Russian: more sign-in attempts from one address than
// LOGIN_RATE_PER_IP a minute are refused with the catalogue's sentence (and the seconds to wait). Its own
// server, since every other e2e file signs its sessions in from the same address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/domain/error-catalogue.js';
import { seen } from './support/a11y.js';
import { startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-sign-in-rate', { overrides: { LOGIN_RATE_PER_IP: '3' } });
});
afterAll(async () => env?.stop());

describe.each(['en', 'ru'] as const)('sign-in attempts over the limit (%s)', (lang) => {
  it('rate_limited: the sign-in form says how long to wait', async () => {
    const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    await page.goto('/login');
    const limited = new RegExp(`^${errorMessage('rate_limited', { retry_after: 0 }, lang).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('0', '\\d+')}$`);
    const wrong = errorMessage('invalid_credentials', undefined, lang);
    let said: string | null = null;
    // Each attempt a different e-mail, so no account is locked first; the fourth from this address is refused.
    for (let i = 0; i < 5 && !limited.test(said ?? ''); i++) {
      await page.locator('input[name="email"]').fill(`nobody-${lang}-${i}@example.test`);
      await page.locator('input[name="password"]').fill('not-the-password');
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), page.locator('form button[type="submit"]').click()]);
      await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(new RegExp(`${limited.source}|^${wrong.replace(/[.]/g, '\\.')}$`));
      said = await page.getByTestId('login-error').textContent();
    }
    expect(said).toMatch(limited);
    await seen(page, `refusals-${lang}-rate-limited`);
  });
});
