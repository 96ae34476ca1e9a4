// The whole flow in a real browser: workspace and invitations, a sender approved by a
// moderator, an OnDemand campaign built in the wizard with an uploaded file, approved, watched live
// to Done with its report downloaded; the Core-down banner; Diagnostics; the same screens in Russian.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';
import { acceptAsNewUser, expectCount, expectText, invite } from './support/console.js';
import { routesExist } from './support/routes.js';

const SLUG = 'acme-co';
const PASSWORD = 'e2e-password-1';
const people = { admin: 'ada@example.test', moderator: 'moe@example.test', author: 'otto@example.test' };

const workspaceFlow = routesExist('POST /api/workspaces', 'POST /api/w/:slug/invitations', 'POST /api/invitations/:token/accept');
const senderFlow = workspaceFlow && routesExist('POST /api/w/:slug/senders', 'GET /api/w/:slug/moderation', 'POST /api/w/:slug/sender-revisions/:id/approve');
const campaignFlow =
  senderFlow &&
  routesExist(
    'POST /api/w/:slug/campaigns',
    'PUT /api/w/:slug/campaigns/:external_id/recipients',
    'POST /api/w/:slug/campaigns/:external_id/submit',
    'POST /api/w/:slug/campaigns/:external_id/approve',
    'GET /api/w/:slug/events',
    'GET /api/w/:slug/campaigns/:external_id/report.csv',
    'GET /api/w/:slug/sending-options',
  );
const diagnostics = routesExist('GET /api/diagnostics');

let env: E2EEnv;
const sessions: Record<string, { context: BrowserContext; page: Page; problems: string[] }> = {};
let campaignUrl = '';

beforeAll(async () => {
  env = await startE2E('e2e-flow', { sim: { sendRate: 400, failureShare: 0.05 } });
});
afterAll(async () => {
  for (const s of Object.values(sessions)) await s.context.close().catch(() => undefined);
  await env?.stop();
});

function recipientsFile(): Buffer {
  const valid = Array.from({ length: 400 }, (_, i) => `+998 90 ${String(1_000_000 + i)}`);
  const lines = ['phone', ...valid.slice(0, 200), 'not-a-number', '12', valid[0]!, ...valid.slice(200), '998901234567890123'];
  return Buffer.from(`${lines.join('\n')}\n`);
}

describe('the console, end to end', () => {
  it.skipIf(!workspaceFlow)('a super admin creates a workspace and invites people who accept', async () => {
    const sa = (sessions.sa = await env.newPage());
    await signIn(sa.page, env.srv.superAdmin.email, env.srv.superAdmin.password);
    await sa.page.getByRole('link', { name: 'Administration' }).click();
    const form = sa.page.getByTestId('create-workspace-form');
    await form.getByRole('button', { name: 'Create workspace' }).click();
    // A failed submit focuses the first invalid field.
    await expect.poll(() => sa.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('workspace_name');
    await form.getByLabel('Name').fill('Acme Co');
    await form.getByLabel('Address (slug)').fill(SLUG);
    await form.getByRole('button', { name: 'Create workspace' }).click();
    await expectCount(sa.page, `[data-workspace="${SLUG}"]`, 1);
    await seen(sa.page, 'admin-workspaces');

    const adminLink = await invite(sa.page, SLUG, people.admin, 'admin');
    await seen(sa.page, 'settings-invitations');
    const admin = (sessions.admin = await env.newPage());
    await acceptAsNewUser(admin.page, adminLink, 'Ada Admin', PASSWORD);
    expect(new URL(admin.page.url()).pathname).toBe(`/w/${SLUG}/overview`);

    // The new admin invites the rest of the team.
    for (const [role, email] of [['moderator', people.moderator], ['author', people.author]] as const) {
      const link = await invite(admin.page, SLUG, email, role);
      const s = (sessions[role] = await env.newPage());
      await acceptAsNewUser(s.page, link, `${role} person`, PASSWORD);
    }
    await admin.page.getByRole('tab', { name: 'Members' }).click();
    await expectCount(admin.page, '[data-testid="members-table"] tbody tr', 3);
    await seen(admin.page, 'settings-members');
    // Role-based menus: the author sees no Settings, Moderation or Audit log.
    const author = sessions.author!.page;
    expect(await author.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await author.getByRole('link', { name: 'Moderation' }).count()).toBe(0);
    expect(await author.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
  });

  it.skipIf(!senderFlow)('the admin creates a sender and the moderator approves it', async () => {
    const admin = sessions.admin!.page;
    await admin.goto(`/w/${SLUG}/senders`);
    await admin.getByRole('button', { name: 'New Sender' }).click();
    const form = admin.getByTestId('address-form');
    await form.getByLabel('Name').fill('Brand');
    await form.getByLabel('Sender address').fill('BRAND');
    // Alphanumeric defaults fill in as the address is typed.
    expect(await form.getByLabel('Source TON').inputValue()).toBe('5');
    await form.getByRole('button', { name: 'Create sender' }).click();
    await expectCount(admin, '[data-testid="senders-table"] tbody tr', 1);
    await expectText(admin, 'Pending approval');

    const moderator = sessions.moderator!.page;
    await moderator.goto(`/w/${SLUG}/moderation`);
    await moderator.getByRole('tab', { name: /Sender revisions/ }).click();
    await expectCount(moderator, '[data-testid="moderation-revisions"] tbody tr', 1);
    await seen(moderator, 'moderation-revisions');
    await moderator.locator('[data-testid="moderation-revisions"] tbody tr').getByRole('button', { name: 'Accept' }).click();
    await expectText(moderator, 'No sender revisions are waiting.');

    await admin.reload();
    await expectText(admin, 'Approved');
    await admin.getByRole('link', { name: 'Brand' }).click();
    await expectCount(admin, '[data-testid="revisions-table"] tbody tr', 1);
    await seen(admin, 'sender-detail');
  });

  it.skipIf(!campaignFlow)('an author builds an OnDemand campaign with an uploaded file and submits it', async () => {
    const page = sessions.author!.page;
    await page.goto(`/w/${SLUG}/campaigns`);
    await page.getByTestId('new-campaign').click();
    await page.waitForURL(`**/w/${SLUG}/campaigns/new`);
    await page.getByLabel(/On demand/).check();
    await page.getByTestId('wizard-next').click();

    // Step 2: a failed submit marks and focuses the first problem.
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('name');
    await page.getByLabel('Campaign name').fill('Black Friday');
    await page.getByLabel('Sender').selectOption({ label: 'Brand (BRAND)' });
    await page.getByLabel('ESME').selectOption('esme-beeline');
    await page.getByLabel('Message text').fill('Скидки до 50% только сегодня!');
    await expect.poll(() => page.getByTestId('segment-counter').textContent()).toContain('UCS-2');
    expect(await page.getByTestId('segment-parts').textContent()).toBe('1');
    await page.getByLabel('Message text').fill('Sale: up to 50% off today only! Reply STOP to opt out.');
    await expect.poll(() => page.getByTestId('segment-counter').textContent()).toContain('GSM-7');
    await seen(page, 'wizard-parameters');
    await page.getByTestId('wizard-next').click();

    // Step 3: the upload with its progress bar and the invalid lines.
    await page.locator('#recipients-file').setInputFiles({ name: 'black-friday.csv', mimeType: 'text/csv', buffer: recipientsFile() });
    await page.getByTestId('upload-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('upload-progress-percent').textContent()).toBe('100%');
    expect(await page.getByTestId('accepted-count').textContent()).toBe('400');
    expect(await page.getByTestId('invalid-count').textContent()).toBe('3');
    await expectCount(page, '[data-testid="invalid-lines"] tbody tr', 3);
    await seen(page, 'wizard-recipients');
    await page.getByTestId('wizard-next').click();

    // Step 4: schedule (OnDemand: auto-start after approval).
    expect(await page.getByLabel('Start automatically after approval').isChecked()).toBe(true);
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('review').waitFor();
    await seen(page, 'wizard-review');
    await page.getByTestId('wizard-next').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignUrl = new URL(page.url()).pathname;
    await expectCount(page, '[data-status="awaiting_approval"]', 1);

    await page.goto(`/w/${SLUG}/campaigns`);
    await expectCount(page, '[data-testid="campaign-table"] [data-status="awaiting_approval"]', 1);
    await seen(page, 'campaigns');
  });

  it.skipIf(!campaignFlow)('the moderator approves and the author watches it reach Done live, then downloads the report', async () => {
    const author = sessions.author!.page;
    await author.goto(campaignUrl);
    await expectCount(author, '[data-status="awaiting_approval"]', 1);
    // The author may not moderate their own campaign: no Accept button here.
    expect(await author.getByRole('button', { name: 'Accept' }).count()).toBe(0);

    const moderator = sessions.moderator!.page;
    await moderator.goto(`/w/${SLUG}/moderation`);
    const row = moderator.locator('[data-testid="moderation-campaigns"] tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    await seen(moderator, 'moderation-campaigns');
    await row.getByRole('button', { name: 'Accept' }).click();
    await expectText(moderator, 'No campaigns are waiting.');

    // No reload: the status and the progress arrive over the event stream.
    await expectCount(author, '[data-status="Done"]', 1, 60_000);
    // Core counts failures apart from sent messages: together they are every accepted number.
    const processed = async () => Number(await author.getByTestId('progress-sent').textContent()) + Number(await author.getByTestId('progress-failed').textContent());
    await expect.poll(processed, { timeout: 15_000 }).toBe(400);
    expect(await author.getByTestId('campaign-progress-percent').textContent()).toBe('100%');
    await author.reload();
    await expectCount(author, '[data-testid="reports-table"] tbody tr', 50);
    await expectCount(author, '[data-testid="audit-timeline"] li', 4, 15_000).catch(async () => {
      expect(await author.locator('[data-testid="audit-timeline"] li').count()).toBeGreaterThanOrEqual(4);
    });
    await seen(author, 'campaign-detail');

    const [download] = await Promise.all([author.waitForEvent('download'), author.getByTestId('report-csv').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\n').filter((line) => /998901/.test(line))).toHaveLength(400);

    // Overview's "sent today" is what Core reported sent today in the browser's day: this campaign's
    // sent messages (unless the browser's day changed meanwhile).
    const sent = Number(await author.getByTestId('progress-sent').textContent());
    const day = await author.evaluate(() => new Date().toDateString());
    await author.goto(`/w/${SLUG}/overview`);
    const sentToday = () => author.getByTestId('kpi-sent-today').locator('.kpi-value').textContent().then((t) => Number(t?.replace(/\D/g, '')));
    if (day === (await author.evaluate(() => new Date().toDateString()))) await expect.poll(sentToday, { timeout: 15_000 }).toBe(sent);
    expect(sessions.author!.problems).toEqual([]);
  });

  it.skipIf(!campaignFlow)('shows the Core-down banner while the simulator is down, and clears it', async () => {
    const page = sessions.author!.page;
    await page.goto(`/w/${SLUG}/campaigns`);
    const banner = page.getByTestId('core-banner');
    expect(await banner.count()).toBe(0);
    await env.sim!.setFaults({ down: true });
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toBe('Core is unavailable — creating and starting campaigns is temporarily disabled');
    expect(await page.getByTestId('new-campaign').getAttribute('aria-disabled')).toBe('true');
    await seen(page, 'core-down');
    await env.sim!.setFaults({ down: false });
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.getByTestId('new-campaign').getAttribute('aria-disabled')).toBe('false');
  });

  it.skipIf(!diagnostics)('Diagnostics shows the checklist to a super admin', async () => {
    const page = sessions.sa?.page ?? (sessions.sa = await env.newPage()).page;
    if (new URL(page.url()).pathname.startsWith('/login') || page.url() === 'about:blank') await signIn(page, env.srv.superAdmin.email, env.srv.superAdmin.password);
    await page.goto('/diagnostics');
    await page.getByTestId('diag-checks').waitFor();
    for (const id of ['schema', 'super_admin', 'audit_fallback', 'core']) await expectCount(page, `[data-check="${id}"]`, 1);
    await expectCount(page, '[data-check="super_admin"][data-ok="true"]', 1);
    expect(await page.locator('[data-check="core_certificates"]').textContent()).toMatch(/\d+ days left/);
    await expectCount(page, '[data-check="audit_fallback"][data-ok="true"]', 1);
    expect(await page.locator('[data-check="audit_fallback"]').textContent()).toContain('(0 lines)');
    await expect.poll(() => page.getByTestId('diag-schema').textContent()).toMatch(/\d+ \/ \d+/);
    await seen(page, 'diagnostics');
    await page.goto('/monitoring');
    await expectText(page, 'Configure environment variables to embed Grafana');
    await seen(page, 'monitoring');
    await page.goto(`/w/${SLUG}/audit`);
    await page.getByTestId('audit-table').waitFor();
    await seen(page, 'audit');
  });

  it.skipIf(!campaignFlow)('in Russian, the main screens show no English string', async () => {
    const s = sessions.admin!;
    const page = s.page;
    await page.goto('/account');
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(page, 'Сохранено.');
    // Data (names, e-mails, sender and ESME names) and technical acronyms may be Latin; nothing else.
    const allowed = new Set(['Acme', 'Co', 'acme-co', 'Ada', 'Admin', 'moderator', 'author', 'person', 'Black', 'Friday', 'Brand', 'BRAND', 'MC', 'ESME', 'CSV', 'SMS', 'JSON', 'TON', 'NPI', 'IP', 'GSM', 'UCS', 'Grafana', 'Sale', 'up', 'to', 'off', 'today', 'only', 'Reply', 'STOP', 'opt', 'out', 'Beeline', 'Ucell', 'Mobiuz', 'esme-beeline', 'slug', 'master', 'archive', 'O', 'zbekcha', 'English', // language names are written in their own language
      // the uploaded file's name and invalid line, and the simulator's delivery error text
      'black-friday', 'csv', 'not-a-number', 'simulated', 'delivery', 'failure']);
    const screens = [`/w/${SLUG}/overview`, `/w/${SLUG}/campaigns`, campaignUrl, `/w/${SLUG}/campaigns/new`, `/w/${SLUG}/moderation`, `/w/${SLUG}/senders`, `/w/${SLUG}/audit`, `/w/${SLUG}/settings`, '/archive', '/monitoring', '/account'];
    for (const path of screens) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      const text = await page.locator('body').innerText();
      const words = text.replace(/\S+@\S+/g, ' ').match(/[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]/g) ?? [];
      const english = words.filter((word) => !allowed.has(word) && !/^[0-9a-f-]+$/.test(word));
      expect(english, `${path}: ${english.join(' ')}`).toEqual([]);
      await seen(page, `ru${path.replace(/\//g, '-').replace(/-[0-9a-f-]{36}$/, '-detail')}`);
    }
    expect(s.problems).toEqual([]);
  });

  it.skipIf(!workspaceFlow)('works at phone width', async () => {
    const { page, context } = await env.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, people.author, PASSWORD);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await page.getByTestId('campaign-table').waitFor();
    // Wide tables scroll inside their card; nothing else may widen the page.
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll('body *'))
        .filter((el) => !el.closest('.table-wrap > *') && el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
    );
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await seen(page, 'phone-campaigns');
    await context.close();
  });
});
