// The senders list shows a new sender's address while it waits for approval (it used to show "—"),
// marked as waiting — in English and in Russian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { FIXTURE_PASSWORD, makeMember, makeWorkspace } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-senders-list');
});
afterAll(async () => env?.stop());

const POLL = { timeout: 15_000 };
const texts = { en: 'NEWBRAND waiting for approval', ru: 'NEWBRAND ждёт одобрения' };

describe.each(['en', 'ru'] as const)('senders list (%s)', (lang) => {
  it('shows the address of a new sender waiting for approval, marked as such', async () => {
    const srv = { ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) };
    const slug = `senders-${lang}`;
    const ws = await makeWorkspace(srv, slug);
    const admin = await makeMember(srv, ws, `admin-sl-${lang}@example.test`, 'admin');
    await env.srv.database.db.collection(COLLECTIONS.users).updateOne({ email: admin.email }, { $set: { locale: lang } });
    expect((await admin.client.post(`/api/w/${slug}/senders`, { name: 'New brand', saddr: 'NEWBRAND' })).status).toBe(201);

    const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    await signIn(page, admin.email, FIXTURE_PASSWORD);
    await page.goto(`/w/${slug}/senders`);
    const row = page.locator('[data-testid="senders-table"] tbody tr', { hasText: 'New brand' });
    await expect.poll(() => row.getByTestId('saddr-pending').textContent(), POLL).toBe(texts[lang]);
    await seen(page, `senders-list-${lang}`);
  });
});
