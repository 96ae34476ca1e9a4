// Accessibility, checked rather than hoped for: every screen of the journeys passes axe with no serious or
// critical violation, in English and in Russian; the document title names the screen in the page's
// language; the skip link is the first stop of the keyboard and lands on the main landmark; tabs follow
// the WAI-ARIA pattern (one tab stop, Left/Right/Home/End move focus and select).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };
import { usersCollection } from '../../src/server/users/user-store.js';
import { FIXTURE_PASSWORD, makeMember, makeUser, makeWorkspace } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { expectNoSeriousA11yViolations, watchRequests } from './support/a11y.js';
import { screenshot, signIn, startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;
let sa: ApiClient;

beforeAll(async () => {
  env = await startE2E('e2e-a11y', { sim: true });
  // The browser's origin, which the server's cross-site check expects.
  sa = new ApiClient(env.baseUrl, env.baseUrl);
  await sa.login(env.srv.superAdmin.email, env.srv.superAdmin.password);
});
afterAll(async () => {
  await env?.stop();
});

const MESSAGES = { en, ru };
const POLL = { timeout: 15_000 };

async function expectTitle(page: Page, screen: string, messages: typeof en): Promise<void> {
  await expect.poll(() => page.title(), POLL).toBe(`${screen} — ${messages.app.name}`);
}

/** Waits for the screen's heading, checks the title and runs the audit. */
async function audit(page: Page, screen: string, messages: typeof en, heading = screen): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expectTitle(page, screen, messages);
  await expectNoSeriousA11yViolations(page);
}

const focused = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '', selected: document.activeElement?.getAttribute('aria-selected') ?? null }));

describe.each(['en', 'ru'] as const)('accessibility in %s', (lang) => {
  const m = MESSAGES[lang];
  const slug = `a11y-${lang}`;
  let page: Page;
  let problems: string[];
  let moderator: ApiClient;
  let campaignPath = '';

  beforeAll(async () => {
    const ws = await makeWorkspace(env.srv, slug);
    // API calls carry the browser's Origin (the server's NEXTAUTH_URL), as the console would.
    moderator = (await makeMember({ ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) }, ws, `moderator-${lang}@example.test`, 'moderator')).client;
    await usersCollection(env.srv.database.db).updateOne({ email: env.srv.superAdmin.email }, { $set: { locale: lang } });
    const created = await sa.post(`/api/w/${slug}/senders`, { name: 'Brand', saddr: 'BRAND' });
    expect(created.status).toBe(201);
    expect((await sa.post(`/api/w/${slug}/sender-revisions/${created.body.revision.id}/approve`, {})).status).toBe(200);
    const s = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    page = s.page;
    problems = s.problems;
    watchRequests(page);
  });
  afterAll(() => {
    expect(problems).toEqual([]);
  });

  it('login', async () => {
    await page.goto('/login');
    await page.locator('input[name="email"]').waitFor();
    await expectTitle(page, m.login.submit, m);
    await expectNoSeriousA11yViolations(page);
    await signIn(page, env.srv.superAdmin.email, env.srv.superAdmin.password);
    await page.waitForURL(/\/overview$/);
  });

  it('overview, with the skip link as the first keyboard stop, landing on the main landmark', async () => {
    await page.goto(`/w/${slug}/overview`);
    await audit(page, m.overview.title, m);
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe(m.nav.skipToContent);
    await screenshot(page, `a11y-${lang}-skip-link`);
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).then((f) => f.id), POLL).toBe('content');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
  });

  it('campaigns list', async () => {
    await page.goto(`/w/${slug}/campaigns`);
    await audit(page, m.campaigns.title, m);
  });

  it('the wizard, step by step, and the campaign it makes', async () => {
    await page.goto(`/w/${slug}/campaigns/new`);
    await audit(page, m.wizard.title, m);
    await page.locator('input[name="mode"][value="OnDemand"]').check();
    await page.getByTestId('wizard-next').click();

    await page.locator('input[name="name"]').waitFor();
    // A refused step marks its fields: the error state passes the audit too.
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count(), POLL).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(page);
    await page.locator('input[name="name"]').fill(`Accessible ${lang}`);
    await page.locator('select[name="sender_id"]').selectOption({ label: 'Brand (BRAND)' });
    await expect.poll(() => page.locator('select[name="esme"] option').count(), POLL).toBeGreaterThan(1);
    await page.locator('select[name="esme"]').selectOption({ index: 1 });
    await page.locator('textarea[name="text"]').fill('Hello from an accessible console');
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('wizard-next').click();

    await page.locator('#recipients-file').waitFor({ state: 'attached' });
    await expectNoSeriousA11yViolations(page);
    await page.locator('#recipients-file').setInputFiles({ name: 'numbers.txt', mimeType: 'text/plain', buffer: Buffer.from('998901000001\n998901000002\nnot-a-number\n') });
    await page.getByTestId('upload-result').waitFor({ timeout: 30_000 });
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('wizard-next').click();

    await page.locator('input[name="auto_start"]').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('review').waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('wizard-next').click();

    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignPath = new URL(page.url()).pathname;
    await audit(page, `Accessible ${lang}`, m);
  });

  it('moderation, whose tabs follow the arrow keys', async () => {
    await page.goto(`/w/${slug}/moderation`);
    await audit(page, m.moderation.title, m);
    const tabs = page.getByRole('tab');
    expect(await tabs.count()).toBe(2);
    // One tab stop: only the selected tab is in the Tab order.
    expect(await tabs.evaluateAll((els) => els.map((el) => el.getAttribute('tabindex')))).toEqual(['0', '-1']);
    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focused(page), POLL).toMatchObject({ text: expect.stringContaining(m.moderation.revisions), selected: 'true' });
    // The panel is labelled by the selected tab.
    const labelledBy = await page.getByRole('tabpanel').getAttribute('aria-labelledby');
    expect(await page.locator(`[id="${labelledBy}"]`).textContent()).toContain(m.moderation.revisions);
    await page.keyboard.press('ArrowRight'); // wraps round to the first
    await expect.poll(() => focused(page), POLL).toMatchObject({ text: expect.stringContaining(m.moderation.campaigns), selected: 'true' });
    await page.keyboard.press('ArrowLeft'); // and back round to the last
    await expect.poll(() => focused(page), POLL).toMatchObject({ text: expect.stringContaining(m.moderation.revisions), selected: 'true' });
    await expectNoSeriousA11yViolations(page);
  });

  it('a campaign approved and sent to Done, with its progress and timeline', async () => {
    const externalId = campaignPath.split('/').at(-1)!;
    expect((await moderator.post(`/api/w/${slug}/campaigns/${externalId}/approve`, {})).status).toBe(200);
    await page.goto(campaignPath);
    await page.locator('[data-status="Done"]').first().waitFor({ timeout: 60_000 });
    await audit(page, `Accessible ${lang}`, m);
    await screenshot(page, `a11y-${lang}-campaign-done`);
  });

  it('senders and a sender', async () => {
    await page.goto(`/w/${slug}/senders`);
    await audit(page, m.senders.title, m);
    await page.getByRole('link', { name: 'Brand' }).first().click();
    await audit(page, 'Brand', m);
  });

  it('audit log', async () => {
    await page.goto(`/w/${slug}/audit`);
    await audit(page, m.audit.title, m);
  });

  it('workspace settings, every tab, reached with Home/End and the arrows', async () => {
    await page.goto(`/w/${slug}/settings`);
    await audit(page, m.settings.title, m);
    const tabs = page.getByRole('tab');
    const labels = await tabs.allTextContents();
    expect(labels).toEqual(Object.values(m.settings.tabs));
    await tabs.first().focus();
    await page.keyboard.press('End');
    await expect.poll(() => focused(page), POLL).toMatchObject({ text: labels.at(-1), selected: 'true' });
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press('Home');
    await expect.poll(() => focused(page), POLL).toMatchObject({ text: labels[0], selected: 'true' });
    for (const label of labels.slice(1)) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => focused(page), POLL).toMatchObject({ text: label, selected: 'true' });
      await expectNoSeriousA11yViolations(page);
    }
  });

  it('archive, master, monitoring, diagnostics, account', async () => {
    for (const [path, title] of [
      ['/archive', m.archive.title],
      ['/master', m.master.title],
      ['/monitoring', m.monitoring.title],
      ['/diagnostics', m.diagnostics.title],
      ['/account', m.account.title],
    ] as const) {
      await page.goto(path);
      await audit(page, title, m);
    }
  });

  it('administration, every tab', async () => {
    await page.goto('/admin');
    await audit(page, m.admin.title, m);
    for (const label of Object.values(m.admin.tabs).slice(1)) {
      await page.getByRole('tab', { name: label }).click();
      await expectNoSeriousA11yViolations(page);
    }
  });

  it('a page that does not exist', async () => {
    await page.goto('/no-such-screen');
    await audit(page, m.notFound.title, m);
  });

  it('API reference', async () => {
    await page.goto('/api-reference');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    await expectTitle(page, heading!, m);
    await expectNoSeriousA11yViolations(page);
  });

  it('invitation, change of a temporary password, request access', async () => {
    const invited = await sa.post(`/api/w/${slug}/invitations`, { email: `invited-${lang}@example.test`, role: 'author' });
    expect(invited.status).toBe(201);
    const other = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    watchRequests(other.page);
    await other.page.goto(new URL(invited.body.invite_url as string).pathname);
    await other.page.getByTestId('invite-summary').waitFor();
    await audit(other.page, m.invite.title, m);

    const email = `newcomer-${lang}@example.test`;
    await makeUser(env.srv, email, { signIn: false });
    await usersCollection(env.srv.database.db).updateOne({ email }, { $set: { locale: lang, must_change_password: true } });
    await signIn(other.page, email, FIXTURE_PASSWORD);
    await other.page.waitForURL('**/change-password');
    await audit(other.page, m.password.requiredTitle, m);
    await other.page.locator('input[name="current_password"]').fill(FIXTURE_PASSWORD);
    await other.page.locator('input[name="new_password"]').fill('a-new-password-1');
    await other.page.locator('input[name="repeat_password"]').fill('a-new-password-1');
    await other.page.locator('form button[type="submit"]').click();
    await other.page.waitForURL('**/request-access');
    await audit(other.page, m.requestAccess.title, m);
    expect(other.problems).toEqual([]);
    await other.context.close();
  });
});
