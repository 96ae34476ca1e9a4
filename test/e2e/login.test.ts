// Sign-in, a failed sign-in, and the must-change-password flow, in a real browser against the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;

beforeAll(async () => {
  env = await startE2E('e2e-login');
});
afterAll(async () => {
  await env?.stop();
});

describe('login', () => {
  it('signs the seeded super admin in and out', async () => {
    const { page, problems, context } = await env.newPage();
    await page.goto('/campaigns-that-do-not-exist');
    await page.waitForURL('**/login');
    await seen(page, 'login');
    await signIn(page, env.srv.superAdmin.email, env.srv.superAdmin.password);
    await page.waitForURL(/\/w\/[^/]+\/overview$/);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Overview' }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('core-status').textContent()).not.toContain('Loading');
    await seen(page, 'overview');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    // The cookie is gone and the session revoked: a reload stays on the login page.
    await page.goto('/');
    await page.waitForURL('**/login');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a wrong password with a message and keeps focus in the form', async () => {
    const { page, problems, context } = await env.newPage();
    await page.goto('/login');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByText('This field is required.').count()).toBe(2);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await page.getByLabel('E-mail').fill(env.srv.superAdmin.email);
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('E-mail or password is wrong.');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await seen(page, 'login-failed');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('makes a user with a temporary password choose a new one before anything else', async () => {
    const admin = await env.newPage();
    await signIn(admin.page, env.srv.superAdmin.email, env.srv.superAdmin.password);
    await admin.page.getByRole('link', { name: 'Administration' }).click();
    await admin.page.getByRole('tab', { name: 'Users' }).click();
    const form = admin.page.getByTestId('create-user-form');
    await form.getByLabel('E-mail').fill('newbie@example.test');
    await form.getByLabel('Name').fill('Newbie Person');
    await form.getByRole('button', { name: 'Create user' }).click();
    const temporary = await admin.page.getByTestId('temporary-password').inputValue();
    expect(temporary).toMatch(/^.{16}$/);
    await seen(admin.page, 'admin-users');
    await admin.context.close();

    const { page, problems, context } = await env.newPage();
    await signIn(page, 'newbie@example.test', temporary);
    await page.waitForURL('**/change-password');
    // Other pages are closed until the password is changed.
    await page.goto('/account');
    await page.waitForURL('**/change-password');
    await page.getByLabel('Current password').fill(temporary);
    await page.getByLabel('New password', { exact: true }).fill('my-own-password-1');
    await page.getByLabel('Repeat the new password').fill('something-else-1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByText('The passwords do not match.').count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('repeat_password');
    await page.getByLabel('Repeat the new password').fill('my-own-password-1');
    await seen(page, 'change-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    // No workspace yet: the request-access page.
    await page.waitForURL('**/request-access');
    await expect.poll(() => page.getByRole('heading', { name: 'Request access' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await signIn(page, 'newbie@example.test', 'my-own-password-1');
    await page.waitForURL('**/request-access');
    expect(problems).toEqual([]);
    await context.close();
  });
});
