// What a newcomer reads on a campaign page before anything is sent (found walking the product):
// no "loading progress…" that never ends, a Trigger campaign's recipients say numbers come through
// the API instead of "no recipient file yet", and the Recipients heading stands apart from the
// progress figures above it; a one-part message's bill reads "1 part" — in English and in Russian.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD } from '../integration/workspaces-fixtures.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';
import { authorWithApprovedSender } from './support/workspace.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-detail-texts', { sim: true });
});
afterAll(async () => env?.stop());

const texts = {
  en: { cost: /^0 SMS parts \(0 numbers × 1 part\)$/, none: 'Nothing sent yet.', trigger: 'No file: numbers arrive one at a time through the API.', file: 'No recipient file yet.', stale: /loading/i },
  ru: { cost: /^Частей SMS: 0 \(номеров: 0 × частей в сообщении: 1\)$/, none: 'Ещё ничего не отправлено.', trigger: 'Без файла: номера поступают по одному через API.', file: 'Файл получателей ещё не загружен.', stale: /загрузка/i },
};

describe.each(['en', 'ru'] as const)('campaign page before sending (%s)', (lang) => {
  it('says nothing was sent yet, where a Trigger campaign gets its numbers, and keeps Recipients apart from the figures', async () => {
    const slug = `detail-${lang}`;
    const { author, senderId } = await authorWithApprovedSender(env, slug, lang);
    const base = { sender_id: senderId, esme: 'esme-beeline' };
    const trigger = await author.client.post(`/api/w/${slug}/campaigns`, {
      ...base,
      external_id: randomUUID(),
      mode: 'Trigger',
      name: `Codes ${lang}`,
      text: 'Your code is {{code}}',
      end_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(201);
    const onDemand = await author.client.post(`/api/w/${slug}/campaigns`, { ...base, external_id: randomUUID(), mode: 'OnDemand', name: `Sale ${lang}`, text: 'Hello' });
    expect(onDemand.status, JSON.stringify(onDemand.body)).toBe(201);

    const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    await signIn(page, author.email, FIXTURE_PASSWORD);
    const t = texts[lang];
    for (const [campaign, recipients] of [[trigger, t.trigger], [onDemand, t.file]] as const) {
      await page.goto(`/w/${slug}/campaigns/${campaign.body.campaign.external_id}`);
      await page.getByTestId('progress-none').waitFor();
      expect(await page.getByTestId('progress-none').textContent()).toBe(t.none);
      const progressCard = page.locator('section.card', { has: page.getByTestId('campaign-progress') });
      expect(await progressCard.innerText()).not.toMatch(t.stale);
      expect(await progressCard.locator('p.empty').textContent()).toBe(recipients);
      const figures = await progressCard.locator('dl.stats').first().boundingBox();
      const heading = await progressCard.locator('h2').nth(1).boundingBox();
      expect(heading!.y - (figures!.y + figures!.height)).toBeGreaterThanOrEqual(16);
    }
    // The draft's bill in the language's grammar: one part is "1 part", not "1 parts".
    expect(await page.getByTestId('campaign-cost').textContent()).toMatch(t.cost);
    await seen(page, `detail-texts-${lang}`);
  });
});
