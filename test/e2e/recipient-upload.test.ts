// Uploads a person can follow, in a real browser, in English and in Russian: Cancel during a
// recipient upload keeps the previous list (in the console, in the campaign and in Core), and after
// the last byte the step shows the server's processing (lines read, accepted, duplicates, from its
// `upload` events) until the result table; a Cancel that comes after the whole list went to Core keeps
// the new list and says so. The workspace, its people, sender and campaign are setup.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { FIXTURE_PASSWORD, type FixtureUser } from '../integration/workspaces-fixtures.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';
import { authorWithApprovedSender } from './support/workspace.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-upload', { sim: true });
});
afterAll(async () => env?.stop());

const POLL = { timeout: 30_000 };
const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));
/** "13.3 %" or "13,3 %" → 13.3 */
const percent = (text: string | null) => Number((text ?? '').replace(',', '.').replace(/[^\d.]/g, ''));

/** `lines` lines over `distinct` numbers, in order: the first `distinct` are new, the rest repeat them. */
function numbersFile(lines: number, distinct: number, from = 1_000_000): Buffer {
  const line = (i: number) => `99890${from + (i % distinct)}\n`;
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) parts.push(line(i));
  return Buffer.from(parts.join(''));
}

const texts = {
  en: { cancelled: /Upload cancelled\. The previous list is kept\./, processing: /The server is checking the numbers/, tooLate: /the new list is kept/ },
  ru: { cancelled: /Загрузка отменена\. Остаётся прежний список\./, processing: /Сервер проверяет номера/, tooLate: /остаётся новый список/ },
};

interface Setup {
  slug: string;
  author: FixtureUser;
  page: Page;
  campaign: { external_id: string; job_id: string };
}

async function setup(lang: 'en' | 'ru'): Promise<Setup> {
  const slug = `upload-${lang}`;
  const { author, senderId } = await authorWithApprovedSender(env, slug, lang);
  const created = await author.client.post(`/api/w/${slug}/campaigns`, {
    external_id: randomUUID(),
    mode: 'OnDemand',
    name: `Upload ${lang}`,
    sender_id: senderId,
    esme: 'esme-beeline',
    text: 'Hello',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
  await signIn(page, author.email, FIXTURE_PASSWORD);
  return { slug, author, page, campaign: created.body.campaign };
}

/** Opens the draft's wizard on its recipients step. */
async function recipientsStep(s: Setup): Promise<void> {
  await s.page.goto(`/w/${s.slug}/campaigns/${s.campaign.external_id}/edit`);
  await s.page.locator('input[name="mode"]:checked').waitFor();
  await s.page.getByTestId('wizard-next').click();
  await s.page.locator('input[name="name"]').waitFor();
  await s.page.getByTestId('wizard-next').click();
  await s.page.locator('#recipients-file').waitFor();
}

const chooseFile = (page: Page, name: string, buffer: Buffer) => page.locator('#recipients-file').setInputFiles({ name, mimeType: 'text/plain', buffer });
const coreTotal = async (jobId: string) => (await env.srv.app.core.core.getJob(jobId, 'e2e')).total;

describe.each(['en', 'ru'] as const)('recipient uploads (%s)', (lang) => {
  let s: Setup;
  const shot = (name: string) => `upload-${lang}-${name}`;
  const t = texts[lang];

  beforeAll(async () => {
    s = await setup(lang);
  });

  it('Cancel mid-file keeps the previous list in the console, the campaign and Core', async () => {
    const { page } = s;
    await recipientsStep(s);
    await chooseFile(page, 'first.txt', numbersFile(3, 3));
    await expect.poll(() => page.getByTestId('accepted-count').textContent(), POLL).toBe('3');
    const status = () => s.author.client.get(`/api/w/${s.slug}/campaigns/${s.campaign.external_id}/recipients/status`);
    // The browser sends at most 1 MiB/s, so the 9 MiB file is still going up when Cancel is pressed.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
    try {
      await chooseFile(page, 'big.txt', numbersFile(700_000, 700_000, 2_000_000));
      await expect.poll(async () => (await status()).body.upload.state, POLL).toBe('running');
      await page.getByTestId('upload-cancel').click();
      await expect.poll(() => page.getByTestId('upload-cancelled').textContent(), POLL).toMatch(t.cancelled);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    expect(percent(await page.getByTestId('upload-progress-percent').textContent())).toBeLessThan(100);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe('recipients-file'); // the keyboard is not lost
    expect(await page.getByTestId('accepted-count').textContent()).toBe('3');
    const after = (await status()).body;
    expect(after.upload).toMatchObject({ state: 'failed', error: 'upload_cancelled' });
    expect(after.recipients).toMatchObject({ file_name: 'first.txt', accepted: 3 });
    expect(await coreTotal(s.campaign.job_id)).toBe(3);
    expect(await env.srv.database.db.collection(COLLECTIONS.leases).countDocuments({ _id: { $regex: '^upload:' } } as object)).toBe(0);
    await seen(page, shot('cancelled'));
  });

  it('after the last byte, shows the server processing the list until the result table', async () => {
    const { page } = s;
    // Core takes its time to commit the list: the step stays in its processing phase until it answers.
    await env.sim!.setFaults({ holdUploads: true });
    try {
      await chooseFile(page, 'processing.txt', numbersFile(600_000, 400_000, 3_000_000));
      await page.getByTestId('upload-processing').waitFor(POLL);
      expect(await page.getByTestId('upload-processing').getByRole('status').textContent()).toMatch(t.processing);
      // Everything read: the counts the server reported, live, before Core answered.
      await expect.poll(async () => digits(await page.getByTestId('processing-lines').textContent()), POLL).toBe(600_000);
      expect(digits(await page.getByTestId('processing-accepted').textContent())).toBe(400_000);
      expect(digits(await page.getByTestId('processing-duplicates').textContent())).toBe(200_000);
      expect(await page.getByTestId('upload-result').count()).toBe(0);
      await seen(page, shot('processing'));
    } finally {
      await env.sim!.setFaults({ holdUploads: false });
    }
    await expect.poll(async () => digits(await page.getByTestId('accepted-count').textContent()), POLL).toBe(400_000);
    expect(await page.getByTestId('upload-processing').count()).toBe(0);
    expect(await coreTotal(s.campaign.job_id)).toBe(400_000);
    await seen(page, shot('result'));
  });

  it('Cancel after the whole list went to Core keeps the new list, and says so', async () => {
    const { page } = s;
    await env.sim!.setFaults({ holdUploads: true });
    try {
      await chooseFile(page, 'late.txt', numbersFile(50_000, 50_000, 4_000_000));
      await expect.poll(async () => digits(await page.getByTestId('processing-lines').textContent()), POLL).toBe(50_000);
      await page.getByTestId('upload-cancel').click();
      await page.getByTestId('upload-cancelling').waitFor(POLL);
    } finally {
      await env.sim!.setFaults({ holdUploads: false });
    }
    await expect.poll(() => page.getByTestId('upload-cancelled').textContent(), POLL).toMatch(t.tooLate);
    expect(digits(await page.getByTestId('accepted-count').textContent())).toBe(50_000);
    expect(await coreTotal(s.campaign.job_id)).toBe(50_000);
    await seen(page, shot('cancel-too-late'));
  });
});
