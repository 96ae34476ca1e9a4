// Issue 17 "Changes reach Core", in the console: the settings screen says how many campaigns a new
// default sending window reaches; once saved, how many Core jobs took it and which one keeps its
// window because it is already sending — in English and in Russian; the simulator's jobs confirm it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { FIXTURE_PASSWORD, makeMember, makeWorkspace } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;
beforeAll(async () => {
  // A slow send rate keeps the running campaign Sending while the window is saved.
  env = await startE2E('e2e-window', { sim: { sendRate: 5, failureShare: 0 } });
});
afterAll(async () => env?.stop());

const TEXTS = {
  en: { limit: /Send only inside a daily window/, timezone: 'Time zone', save: 'Save', sent: 'The new window was sent to 1 campaign.', running: /Already sending.*: Running one/, before: /for 1 campaign that uses it and has not started sending\. 1 already sending keeps the window/ },
  ru: { limit: /Отправлять только в дневное окно/, timezone: 'Часовой пояс', save: 'Сохранить', sent: 'Новое окно передано 1 кампании.', running: /Уже идут.*: Running one/, before: /для 1 кампании, которая использует это окно и ещё не начала отправку\. 1 уже идущая кампания сохранит окно/ },
};

describe('the workspace settings screen tells where a new window went', () => {
  for (const lang of ['en', 'ru'] as const) {
    it(`in ${lang}`, { timeout: 120_000 }, async () => {
      const srv = { ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) };
      const slug = `window-${lang}`;
      const ws = await makeWorkspace(srv, slug);
      const admin = await makeMember(srv, ws, `admin-window-${lang}@example.test`, 'admin');
      const author = await makeMember(srv, ws, `author-window-${lang}@example.test`, 'author');
      const moderator = await makeMember(srv, ws, `moderator-window-${lang}@example.test`, 'moderator');
      await srv.database.db.collection(COLLECTIONS.users).updateOne({ email: admin.email }, { $set: { locale: lang } });
      const base = `/api/w/${slug}`;
      const sender = await admin.client.post(`${base}/senders`, { name: 'Brand', saddr: 'BRAND' });
      expect((await moderator.client.post(`${base}/sender-revisions/${sender.body.revision.id}/approve`, { note: 'ok' })).status).toBe(200);
      const create = async (name: string) => {
        const r = await author.client.post(`${base}/campaigns`, { external_id: randomUUID(), mode: 'OnDemand', name, sender_id: sender.body.sender.id, esme: 'esme-beeline', text: 'Hello' });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        return r.body.campaign as { external_id: string; job_id: string };
      };
      const draft = await create('Draft one');
      const running = await create('Running one');
      const numbers = Array.from({ length: 2000 }, (_, i) => `99890${1_000_000 + i}\n`).join('');
      await env.srv.app.core.core.uploadRecipients(running.job_id, numbers, 'e2e-upload');
      const summary = { file_name: 'n.txt', bytes: numbers.length, accepted: 2000, invalid: 0, duplicates: 0, sample_errors: [] };
      await srv.database.db.collection(COLLECTIONS.campaigns).updateOne({ external_id: running.external_id }, { $set: { recipients: summary } });
      expect((await author.client.post(`${base}/campaigns/${running.external_id}/submit`, {})).status).toBe(200);
      expect((await moderator.client.post(`${base}/campaigns/${running.external_id}/approve`, {})).status).toBe(200);
      await expect.poll(async () => (await author.client.get(`${base}/campaigns/${running.external_id}`)).body.campaign.status, { timeout: 30_000 }).toBe('Sending');

      const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
      await signIn(page, admin.email, FIXTURE_PASSWORD);
      await page.goto(`/w/${slug}/settings`);
      const t = TEXTS[lang];
      // Before saving, the screen says how many campaigns a new window reaches.
      await expect.poll(() => page.getByText(t.before).count(), { timeout: 15_000 }).toBe(1);
      await page.getByLabel(t.limit).check();
      await page.locator('input[type="time"]').nth(0).fill('08:00');
      await page.locator('input[type="time"]').nth(1).fill('22:00');
      await page.getByLabel(t.timezone).selectOption('Europe/Moscow'); // picked from the list, never typed
      await page.getByRole('button', { name: t.save, exact: true }).click();
      const status = page.getByRole('status').filter({ hasText: t.sent });
      await expect.poll(() => status.count(), { timeout: 15_000 }).toBe(1);
      expect(await status.textContent()).toMatch(t.running);
      await seen(page, `workspace-window-${lang}`);

      const job = (id: string) => env.sim!.control<{ params: { sending_window: unknown } }>('GET', `/jobs/${id}`);
      expect((await job(draft.job_id)).params.sending_window).toEqual({ start: '08:00', end: '22:00', timezone: 'Europe/Moscow' });
      expect((await job(running.job_id)).params.sending_window).toBeNull();
      await admin.client.post(`${base}/campaigns/${running.external_id}/cancel`, {});
    });
  }
});
