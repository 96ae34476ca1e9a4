// Refusals in a real browser say the error catalogue's own sentence, in English and in Russian:
// the last admin, an invitation for a member, and a wizard field the server refused (marked on its step).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage, fieldMessage } from '../../src/domain/error-catalogue.js';
import { usersCollection } from '../../src/server/users/user-store.js';
import { addMembership, FIXTURE_PASSWORD, makeUser, makeWorkspace } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;
let sa: ApiClient;
const WORKSPACE = 'Acme Co';

beforeAll(async () => {
  env = await startE2E('e2e-errors', { sim: true });
  // The browser's origin, which the server's cross-site check expects.
  sa = new ApiClient(env.baseUrl, env.baseUrl);
  await sa.login(env.srv.superAdmin.email, env.srv.superAdmin.password);
});
afterAll(async () => {
  await env?.stop();
});

/** An approved sender of `slug`, made through the API by the super admin (who may approve their own). */
async function approvedSender(slug: string, name: string): Promise<string> {
  const created = await sa.post(`/api/w/${slug}/senders`, { name, saddr: name.toUpperCase().slice(0, 11) });
  expect(created.status).toBe(201);
  expect((await sa.post(`/api/w/${slug}/sender-revisions/${created.body.revision.id}/approve`, {})).status).toBe(200);
  return created.body.sender.id as string;
}

async function notice(page: Page): Promise<{ code: string | null; text: string | null }> {
  const alert = page.locator('[role="alert"][data-error-code]').first();
  await alert.waitFor();
  return { code: await alert.getAttribute('data-error-code'), text: await alert.textContent() };
}

describe.each(['en', 'ru'] as const)('refusals said in %s', (language) => {
  const slug = `acme-${language}`;
  let page: Page;

  beforeAll(async () => {
    const ws = await makeWorkspace(env.srv, slug, { name: WORKSPACE });
    await addMembership(env.srv, ws, await makeUser(env.srv, `ann-${language}@example.test`, { signIn: false }), 'admin');
    // A super admin who reads the console in this language (the session's locale decides).
    const admin = await makeUser(env.srv, `sa-${language}@example.test`, { isSuperAdmin: true, signIn: false });
    await usersCollection(env.srv.database.db).updateOne({ _id: admin.oid }, { $set: { locale: language } });
    ({ page } = await env.newPage({ locale: language === 'ru' ? 'ru-RU' : 'en-GB' }));
    await signIn(page, admin.email, FIXTURE_PASSWORD);
  });

  it('last_admin: demoting the only admin names the workspace', async () => {
    await page.goto(`/w/${slug}/settings`);
    await page.getByRole('tab', { name: language === 'ru' ? 'Участники' : 'Members' }).click();
    const row = page.locator('[data-testid="members-table"] tr', { hasText: `ann-${language}@example.test` });
    await row.locator('select').first().selectOption('author');
    await expect.poll(() => notice(page)).toEqual({ code: 'last_admin', text: errorMessage('last_admin', { workspace: WORKSPACE }, language) });
    expect((await notice(page)).text).toBe(language === 'ru' ? 'В пространстве Acme Co должен остаться хотя бы один администратор.' : 'Acme Co must keep at least one admin.');
    await seen(page, `error-last-admin-${language}`);
  });

  it('already_member: inviting a member says who and where', async () => {
    await page.goto(`/w/${slug}/settings`);
    await page.getByRole('tab', { name: language === 'ru' ? 'Приглашения' : 'Invitations' }).click();
    const form = page.getByTestId('invite-form');
    await form.locator('input[name="invite_email"]').fill(`ann-${language}@example.test`);
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => notice(page)).toEqual({ code: 'already_member', text: errorMessage('already_member', { workspace: WORKSPACE }, language) });
    expect((await notice(page)).text).toBe(language === 'ru' ? 'Этот человек уже участник пространства Acme Co.' : 'This person is already a member of Acme Co.');
  });

  it('validation_failed: the wizard marks the refused field on its step, with the rule in this language', async () => {
    const senderId = await approvedSender(slug, `Brand${language}`);
    await page.goto(`/w/${slug}/campaigns/new`);
    await page.getByTestId('wizard-next').click();
    await page.locator('input[name="name"]').fill('Black Friday');
    await page.locator('select[name="sender_id"]').selectOption(senderId);
    await page.locator('select[name="esme"]').selectOption('esme-beeline');
    await page.locator('textarea[name="text"]').fill('Sale today only');
    // The sender is archived after the form listed it: only the server can refuse it now.
    expect((await sa.post(`/api/w/${slug}/senders/${senderId}/archive`)).status).toBe(200);
    await page.getByTestId('wizard-next').click();

    const sender = page.locator('select[name="sender_id"]');
    await expect.poll(() => sender.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await sender.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(fieldMessage({ rule: 'sender_not_approved' }, language));
    expect(await page.locator('input[name="name"]').getAttribute('aria-invalid')).toBe('false');
    // The notice names the field by its label on the step.
    expect(await notice(page)).toEqual({ code: 'validation_failed', text: language === 'ru' ? 'Проверьте отмеченные поля: Отправитель.' : 'Check the marked fields: Sender.' });
    await seen(page, `error-wizard-field-${language}`);
  });
});
