// Issue 17's journeys in a real browser, in English and in Russian, each as the role that does it:
// the four modes from the wizard to their terminal state on the simulator's clock (Trigger fed
// through the API with a token made in Settings), an edit after approval with a replaced upload
// back to the queue and approved again, a rejection whose reason the author sees, a window pause
// with its reason, a deleted campaign. The workspace, its people and its sender are setup (written
// to the database and made through the API); everything under test goes through the console.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/domain/error-catalogue.js';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { FIXTURE_PASSWORD, makeMember, makeWorkspace, type FixtureUser } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';
import { expectCount } from './support/console.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-journeys', { sim: { sendRate: 400, failureShare: 0 } });
});
afterAll(async () => env?.stop());

const MINUTE = 60_000;
/** vitest's expect.poll gives up after 1 s unless told; the browser and the poller need longer on a busy machine. */
const POLL = { timeout: 15_000 };
const TASHKENT_OFFSET = 5 * 60 * MINUTE; // the browser runs in Asia/Tashkent (UTC+5, no DST)

/** A `datetime-local` value for instant `ms` as the browser (in Tashkent) reads it. */
const localInput = (ms: number) => new Date(ms + TASHKENT_OFFSET).toISOString().slice(0, 16);

/** Now for MC and for the simulator, whose clock may have been moved ahead by an earlier journey. */
async function clockBase(): Promise<number> {
  const state = await env.sim!.control<{ clock: { now: string } }>('GET', '/state');
  return Math.max(Date.now(), Date.parse(state.clock.now));
}

function numbersFile(count: number, from = 1_000_000): Buffer {
  return Buffer.from(`${Array.from({ length: count }, (_, i) => `99890${from + i}`).join('\n')}\n`);
}

interface Team {
  slug: string;
  lang: 'en' | 'ru';
  author: Page;
  moderator: Page;
  admin: Page;
  sa: Page;
  problems: string[][];
}

async function pageFor(user: { email: string; password: string }, lang: 'en' | 'ru', problems: string[][]): Promise<Page> {
  const s = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
  problems.push(s.problems);
  await signIn(s.page, user.email, user.password);
  return s.page;
}

async function makeTeam(lang: 'en' | 'ru'): Promise<Team> {
  // API setup calls carry the browser's Origin (the server's NEXTAUTH_URL), as the console would.
  const srv = { ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) };
  const slug = `journeys-${lang}`;
  const ws = await makeWorkspace(srv, slug);
  const members: Record<string, FixtureUser> = {
    admin: await makeMember(srv, ws, `admin-${lang}@example.test`, 'admin'),
    author: await makeMember(srv, ws, `author-${lang}@example.test`, 'author'),
    moderator: await makeMember(srv, ws, `moderator-${lang}@example.test`, 'moderator'),
  };
  await srv.database.db.collection(COLLECTIONS.users).updateMany({ email: { $regex: `-${lang}@example\\.test$` } }, { $set: { locale: lang } });
  const created = await members.admin!.client.post(`/api/w/${slug}/senders`, { name: 'Brand', saddr: 'BRAND' });
  expect(created.status).toBe(201);
  expect((await members.moderator!.client.post(`/api/w/${slug}/sender-revisions/${created.body.revision.id}/approve`, { note: 'ok' })).status).toBe(200);
  const problems: string[][] = [];
  const as = (key: string) => pageFor({ email: members[key]!.email, password: FIXTURE_PASSWORD }, lang, problems);
  const sa = await pageFor(env.srv.superAdmin, lang, problems);
  if (lang === 'ru') await env.srv.database.db.collection(COLLECTIONS.users).updateOne({ email: env.srv.superAdmin.email }, { $set: { locale: 'ru' } });
  return { slug, lang, author: await as('author'), moderator: await as('moderator'), admin: await as('admin'), sa, problems };
}

interface WizardInput {
  mode: 'OnDemand' | 'OnTime' | 'Spread' | 'Trigger';
  name: string;
  text: string;
  start?: number;
  end?: number;
  dailyTime?: string;
  file?: Buffer;
  autoStart?: boolean;
  window?: { start: string; end: string; timezone: string };
}

/** Walks the five steps as the author and submits; returns the campaign's URL. */
async function wizard(team: Team, input: WizardInput, shots = ''): Promise<string> {
  const page = team.author;
  await page.goto(`/w/${team.slug}/campaigns/new`);
  await page.locator(`input[name="mode"][value="${input.mode}"]`).check();
  if (input.start !== undefined) await page.locator('input[name="start_at"]').fill(localInput(input.start));
  if (input.end !== undefined) await page.locator('input[name="end_at"]').fill(localInput(input.end));
  if (input.dailyTime) await page.locator('input[name="daily_time"]').fill(input.dailyTime);
  if (shots) await seen(page, `${shots}-1-mode`);
  await page.getByTestId('wizard-next').click();

  await page.locator('input[name="name"]').waitFor();
  await page.locator('input[name="name"]').fill(input.name);
  await page.locator('select[name="sender_id"]').selectOption({ label: 'Brand (BRAND)' });
  await expect.poll(() => page.locator('select[name="esme"] option[value="esme-beeline"]').count(), POLL).toBe(1);
  await page.locator('select[name="esme"]').selectOption('esme-beeline');
  await page.locator('textarea[name="text"]').fill(input.text);
  if (shots) await seen(page, `${shots}-2-parameters`);
  await page.getByTestId('wizard-next').click();

  if (input.file) {
    await page.locator('#recipients-file').setInputFiles({ name: 'numbers.txt', mimeType: 'text/plain', buffer: input.file });
    await page.getByTestId('upload-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('wizard-next').click();
  }

  await page.locator('input[name="auto_start"]').waitFor();
  if (input.autoStart === false) await page.locator('input[name="auto_start"]').uncheck();
  if (input.window) {
    await page.locator('input[name="window_override"]').check();
    await page.locator('input[name="window_start"]').fill(input.window.start);
    await page.locator('input[name="window_end"]').fill(input.window.end);
    await page.locator('select[name="window_timezone"]').selectOption(input.window.timezone);
  }
  await page.getByTestId('wizard-next').click();
  await page.getByTestId('review').waitFor();
  if (shots) await seen(page, `${shots}-5-review`);
  await page.getByTestId('wizard-next').click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** The moderator accepts the campaign from the queue (never the author: four eyes). */
async function accept(team: Team, name: string): Promise<void> {
  const page = team.moderator;
  await page.goto(`/w/${team.slug}/moderation`);
  const row = page.locator('[data-testid="moderation-campaigns"] tbody tr', { hasText: name });
  await expect.poll(() => row.count(), POLL).toBe(1);
  await row.locator('button.btn-primary').click();
  await expect.poll(() => row.count(), POLL).toBe(0);
}

async function statusOf(page: Page, url: string, status: string, timeout = 60_000): Promise<void> {
  if (new URL(page.url()).pathname !== url) await page.goto(url);
  await expectCount(page, `[data-status="${status}"]`, 1, timeout);
}

const texts = {
  en: { reason: 'Wrong sender for this text', cost: /800 SMS parts.*400 numbers × 2 parts/, paused: /Paused outside its sending window/, resumeWaits: /waits for its sending window/, approvedWarning: /sends it back to moderation/, noRecipients: /Upload a recipient file with at least one valid number/ },
  ru: { reason: 'Не тот отправитель для этого текста', cost: /^Частей SMS: 800.*номеров: 400 × частей в сообщении: 2/, paused: /Приостановлена вне окна отправки/, resumeWaits: /ждёт своего окна отправки/, approvedWarning: /вернёт её на модерацию/, noRecipients: /загрузите файл получателей хотя бы с одним правильным номером/ },
};

/** Russian pages may show data (names, numbers, zones) in Latin letters, nothing else. */
async function expectNoEnglish(page: Page, allowed: string[]): Promise<void> {
  const text = await page.locator('main').innerText();
  const words = text.replace(/\S+@\S+/g, ' ').match(/[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]/g) ?? [];
  const ok = new Set(['Workspace', 'journeys-ru', 'CSV', 'BRAND', 'Brand', 'ESME', 'SMS', 'GSM', 'UCS', 'TON', 'NPI', 'Asia', 'Tashkent', 'UTC', 'esme-beeline', 'Beeline', 'curl', 'POST', 'Authorization', 'Bearer', 'Content-Type', 'application', 'json', 'X', 'H', 'd', 'number', 'vars', 'code', 'http', 'api', 'v', 'campaigns', 'numbers', 'txt', ...allowed]);
  const english = words.filter((w) => !ok.has(w) && !/^[0-9a-f-]+$/.test(w));
  expect(english, english.join(' ')).toEqual([]);
}

describe.each(['en', 'ru'] as const)('campaign journeys (%s)', (lang) => {
  let team: Team;
  const shot = (name: string) => `journeys-${lang}-${name}`;
  const t = texts[lang];

  beforeAll(async () => {
    team = await makeTeam(lang);
  });

  it('OnDemand: the review and the queue show the bill; approved, it sends to Done', async () => {
    const name = `OnDemand ${lang}`;
    // 161 GSM characters: 2 parts per message.
    const url = await wizard(team, { mode: 'OnDemand', name, text: `Sale ${'x'.repeat(156)}`, file: numbersFile(400) }, shot('ondemand'));
    await team.moderator.goto(`/w/${team.slug}/moderation`);
    const row = team.moderator.locator('[data-testid="moderation-campaigns"] tbody tr', { hasText: name });
    await expect.poll(() => row.getByTestId('campaign-cost').textContent(), POLL).toMatch(t.cost);
    await seen(team.moderator, shot('moderation-cost'));
    await accept(team, name);
    await statusOf(team.author, url, 'Done');
    expect(await team.author.getByTestId('campaign-cost').textContent()).toMatch(t.cost);
    await seen(team.author, shot('ondemand-done'));
  });

  it('the recipients step refuses to go on without accepted numbers', async () => {
    const page = team.author;
    await page.goto(`/w/${team.slug}/campaigns/new`);
    await page.locator('input[name="mode"][value="OnDemand"]').check();
    await page.getByTestId('wizard-next').click();
    await page.locator('input[name="name"]').fill(`Empty ${lang}`);
    await page.locator('select[name="sender_id"]').selectOption({ label: 'Brand (BRAND)' });
    await expect.poll(() => page.locator('select[name="esme"] option[value="esme-beeline"]').count(), POLL).toBe(1);
    await page.locator('select[name="esme"]').selectOption('esme-beeline');
    await page.locator('textarea[name="text"]').fill('Hello');
    await page.getByTestId('wizard-next').click();
    await page.locator('#recipients-file').waitFor();
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toMatch(t.noRecipients);
    expect(await page.locator('#recipients-file').count()).toBe(1);
    await seen(page, shot('no-recipients'));
  });

  it('OnTime: asks its start on step 1, waits in Pending, starts when the clock reaches it', async () => {
    const base = await clockBase();
    const name = `OnTime ${lang}`;
    // A start that has passed is refused before any request.
    await team.author.goto(`/w/${team.slug}/campaigns/new`);
    await team.author.locator('input[name="mode"][value="OnTime"]').check();
    await team.author.locator('input[name="start_at"]').fill(localInput(Date.now() - 2 * MINUTE));
    await team.author.getByTestId('wizard-next').click();
    await expectCount(team.author, '[data-testid="mode-dates"] .field-error', 1);
    await seen(team.author, shot('ontime-past-start'));

    const url = await wizard(team, { mode: 'OnTime', name, text: 'Your order ships today.', start: base + 10 * MINUTE, file: numbersFile(50) }, shot('ontime'));
    await accept(team, name);
    await statusOf(team.author, url, 'Pending');
    await env.sim!.setClock(1, 11 * MINUTE);
    await statusOf(team.author, url, 'Done');
    await seen(team.author, shot('ontime-done'));
  });

  it('Trigger: no recipients step, placeholders listed, numbers pushed with a token from Settings, Expired at its end', async () => {
    const base = await clockBase();
    const name = `Trigger ${lang}`;
    const page = team.author;
    await page.goto(`/w/${team.slug}/campaigns/new`);
    await page.locator('input[name="mode"][value="Trigger"]').check();
    expect(await page.locator('input[name="start_at"]').count()).toBe(0);
    await page.locator('input[name="end_at"]').fill(localInput(base + 60 * MINUTE));
    await page.getByTestId('wizard-next').click();
    await page.locator('textarea[name="text"]').fill('Your code is {{code}}, valid for {{minutes}} minutes');
    await expect.poll(() => page.getByTestId('template-placeholders').textContent(), POLL).toMatch(/code\s*minutes/);
    await seen(page, shot('trigger-placeholders'));

    const url = await wizard(team, { mode: 'Trigger', name, text: 'Your code is {{code}}', end: base + 60 * MINUTE });
    await accept(team, name);
    await statusOf(page, url, 'Sending');

    // The admin makes the token in Settings and reads the example call on the campaign.
    const admin = team.admin;
    await admin.goto(`/w/${team.slug}/settings`);
    await admin.getByRole('tab').nth(4).click();
    await admin.locator('form input:not([readonly])').first().fill('crm');
    await admin.locator('form button[type="submit"]').click();
    const token = await admin.getByTestId('api-token').inputValue();
    await admin.goto(url);
    await expect.poll(() => admin.getByTestId('trigger-command').textContent(), POLL).toContain('crm');
    await seen(admin, shot('trigger-example'));

    const externalId = url.split('/').pop()!;
    for (const code of ['1111', '2222', '3333']) {
      const r = await fetch(`${env.baseUrl}/api/v1/campaigns/${externalId}/numbers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ number: '998901234567', vars: { code } }),
      });
      expect(r.status).toBe(202);
    }
    await expect.poll(async () => Number(await page.getByTestId('progress-sent').textContent()), { timeout: 30_000 }).toBe(3);
    await env.sim!.setClock(1, 61 * MINUTE);
    await statusOf(page, url, 'Expired');
    await seen(page, shot('trigger-expired'));
  });

  it('Spread: start, end and daily time (with its zone) on step 1; daily shares to Done', async () => {
    const base = await clockBase();
    const name = `Spread ${lang}`;
    const start = base + 10 * MINUTE;
    const url = await wizard(
      team,
      { mode: 'Spread', name, text: 'Weekly digest', start, end: start + 2 * 24 * 60 * MINUTE + 60 * MINUTE, dailyTime: '06:00', file: numbersFile(60) },
      shot('spread'),
    );
    await accept(team, name);
    expect(await team.author.getByTestId('campaign-parameters').textContent()).toContain('06:00 (UTC)');
    if (lang === 'ru') await expectNoEnglish(team.author, ['Spread', 'ru', 'Weekly', 'digest']);
    await env.sim!.setClock(43_200);
    try {
      await statusOf(team.author, url, 'Done');
    } finally {
      await env.sim!.setClock(1);
    }
    await seen(team.author, shot('spread-done'));
  });

  it('an edit after approval warns first, replaces the upload, goes back to the queue and is approved again', async () => {
    const name = `Edited ${lang}`;
    const url = await wizard(team, { mode: 'OnDemand', name, text: 'First text', file: numbersFile(20), autoStart: false });
    await accept(team, name);
    const page = team.author;
    await page.reload(); // approval without auto-start keeps the status New: no status event to follow
    await statusOf(page, url, 'approved_start');
    await page.getByTestId('edit-campaign').click();
    await expect.poll(() => page.getByTestId('edit-approved-notice').textContent(), POLL).toMatch(t.approvedWarning);
    await seen(page, shot('edit-warning'));
    if (lang === 'ru') await expectNoEnglish(page, ['Edited', 'ru']);
    await page.getByTestId('wizard-next').click();
    await page.locator('textarea[name="text"]').fill('Second text');
    await page.getByTestId('wizard-next').click();
    await page.locator('#recipients-file').setInputFiles({ name: 'more.txt', mimeType: 'text/plain', buffer: numbersFile(35, 2_000_000) });
    await expect.poll(() => page.getByTestId('accepted-count').textContent(), { timeout: 30_000 }).toBe('35');
    expect(await page.getByTestId('upload-progress-percent').textContent()).toMatch(/^100\s?%$/);
    await seen(page, shot('edit-replaced-upload'));
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('review').waitFor();
    await page.getByTestId('wizard-next').click();
    await page.waitForURL(`**${url}`);
    await expectCount(page, '[data-status="awaiting_approval"]', 1);
    await expect.poll(() => page.getByTestId('timeline-changes').allTextContents(), POLL).toEqual(expect.arrayContaining([expect.stringContaining('First text → Second text')]));
    await seen(page, shot('edit-back-in-queue'));
    await accept(team, name);
    await page.reload();
    await statusOf(page, url, 'approved_start');
    // What was approved again is the replaced list: 35 numbers, not the first 20.
    await expect.poll(() => page.getByTestId('campaign-cost').textContent(), POLL).toMatch(/\b35\b/);
    expect(await page.getByTestId('campaign-cost').textContent()).not.toMatch(/\b20\b/);
  });

  it('a rejection with its reason is seen by the author', async () => {
    const name = `Rejected ${lang}`;
    const url = await wizard(team, { mode: 'OnDemand', name, text: 'Hello', file: numbersFile(5) });
    const mod = team.moderator;
    await mod.goto(`/w/${team.slug}/moderation`);
    const row = mod.locator('[data-testid="moderation-campaigns"] tbody tr', { hasText: name });
    await row.locator('button.btn-danger').click();
    await row.locator('input[name="reason"]').fill(t.reason);
    await row.locator('form button[type="submit"]').click();
    await expect.poll(() => row.count(), POLL).toBe(0);
    await statusOf(team.author, url, 'Cancelled');
    expect(await team.author.getByTestId('rejection-reason').textContent()).toContain(t.reason);
    // The route writes its audit event just after the status event goes out: read the timeline afresh.
    await team.author.reload();
    await expect.poll(() => team.author.getByTestId('timeline-changes').allTextContents(), POLL).toEqual(expect.arrayContaining([expect.stringContaining(t.reason)]));
    await seen(team.author, shot('rejected'));
    if (lang === 'ru') await expectNoEnglish(team.author, ['Rejected', 'ru', 'Hello']);
  });

  it('a window pause shows its reason and why Resume waits', async () => {
    // A one-hour window two hours from now in Tashkent: the campaign pauses as soon as it runs.
    const hour = (new Date(await clockBase()).getUTCHours() + 5) % 24;
    const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    const name = `Window ${lang}`;
    const url = await wizard(team, { mode: 'OnDemand', name, text: 'Night owls', file: numbersFile(10), window: { start: hh(hour + 2), end: hh(hour + 3), timezone: 'Asia/Tashkent' } });
    await accept(team, name);
    const page = team.author;
    await statusOf(page, url, 'Paused');
    await expect.poll(() => page.getByTestId('pause-reason').textContent(), POLL).toMatch(t.paused);
    expect(await page.getByTestId('pause-reason').textContent()).toContain(`${hh(hour + 2)}–${hh(hour + 3)} (Asia/Tashkent)`);
    expect(await page.getByTestId('resume-waits').textContent()).toMatch(t.resumeWaits);
    await seen(page, shot('window-paused'));
    if (lang === 'ru') await expectNoEnglish(page, ['Window', 'Night', 'owls', 'ru']);
  });

  it('a super admin deletes a campaign after a confirmation naming it', async () => {
    const name = `Rejected ${lang}`;
    const sa = team.sa;
    await sa.goto(`/w/${team.slug}/campaigns`);
    await sa.getByRole('link', { name }).click();
    await sa.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    const url = new URL(sa.url()).pathname;
    await sa.getByTestId('action-bar').locator('button.btn-danger').last().click();
    await expect.poll(() => sa.getByTestId('delete-confirm').textContent(), POLL).toContain(`${name}`);
    await seen(sa, shot('delete-confirm'));
    await sa.getByTestId('delete-confirm').locator('button.btn-danger').click();
    await sa.waitForURL(`**/w/${team.slug}/campaigns`);
    await expectCount(sa, `text=${name}`, 0);
    // Its address now says the catalogue's "not found", in this language.
    await sa.goto(url);
    await expect.poll(() => sa.locator('[role="alert"][data-error-code="not_found"]').textContent(), POLL).toBe(errorMessage('not_found', undefined, lang));
    await seen(sa, shot('deleted-not-found'));
    for (const problems of team.problems) expect(problems).toEqual([]);
  });
});
