// Page-level steps shared by the flow tests.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Polls until the locator's count is `n` (playwright-core has no expect of its own). */
export async function expectCount(page: Page, selector: string, n: number, timeout = 15_000): Promise<void> {
  await expect.poll(() => page.locator(selector).count(), { timeout }).toBe(n);
}

export async function expectText(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await expect.poll(() => page.getByText(text).count(), { timeout }).toBeGreaterThan(0);
}

/** Admin → Settings → Invitations: invites `email` with `role` and returns the link shown once. */
export async function invite(page: Page, slug: string, email: string, role: 'admin' | 'author' | 'moderator'): Promise<string> {
  await page.goto(`/w/${slug}/settings`);
  await page.getByRole('tab', { name: 'Invitations' }).click();
  const form = page.getByTestId('invite-form');
  await form.getByLabel('E-mail').fill(email);
  await form.getByLabel('Role').selectOption(role);
  await form.getByRole('button', { name: 'Send Invitation' }).click();
  const link = page.getByTestId('invitation-link');
  await link.waitFor();
  return link.inputValue();
}

/** Opens an invitation link as a new person and creates the account. */
export async function acceptAsNewUser(page: Page, link: string, name: string, password: string): Promise<void> {
  await page.goto(new URL(link).pathname);
  await page.getByTestId('invite-summary').waitFor();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await page.waitForURL(/\/w\/[^/]+\/overview$/);
}
