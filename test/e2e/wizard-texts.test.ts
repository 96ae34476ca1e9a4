// What a newcomer met in the campaign wizard (found walking the product): braces typed in an
// OnDemand/OnTime/Spread text are sent as typed, so the text step warns (without blocking); and the
// ESME is named as step 2 names it (the Proxy's name) on the review step and the campaign page —
// in English and in Russian.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PASSWORD } from '../integration/workspaces-fixtures.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';
import { authorWithApprovedSender } from './support/workspace.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-wizard-texts', { sim: true });
});
afterAll(async () => env?.stop());

const POLL = { timeout: 15_000 };
const texts = {
  en: { braces: 'Braces are sent as typed: placeholders such as {{code}} are filled in only in mode Trigger.' },
  ru: { braces: 'Фигурные скобки уйдут как написаны: подстановки вида {{code}} заполняются только в режиме «Триггер».' },
};

describe.each(['en', 'ru'] as const)('campaign wizard texts (%s)', (lang) => {
  it('warns that braces are sent as typed outside Trigger, and names the ESME as step 2 does', async () => {
    const slug = `wizard-${lang}`;
    const { author } = await authorWithApprovedSender(env, slug, lang);

    const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    await signIn(page, author.email, FIXTURE_PASSWORD);
    await page.goto(`/w/${slug}/campaigns/new`);
    await page.locator('input[name="mode"][value="OnDemand"]').check();
    await page.getByTestId('wizard-next').click();
    await page.locator('input[name="name"]').fill(`Braces ${lang}`);
    await page.locator('select[name="sender_id"]').selectOption({ label: 'Brand (BRAND)' });
    await expect.poll(() => page.locator('select[name="esme"] option[value="esme-beeline"]').textContent(), POLL).toBe('Beeline');
    await page.locator('select[name="esme"]').selectOption('esme-beeline');

    const warning = page.getByTestId('braces-sent-as-typed');
    const text = page.locator('textarea[name="text"]');
    await text.fill('Hello {name}');
    await expect.poll(() => warning.textContent(), POLL).toBe(texts[lang].braces);
    await text.fill('Hello there');
    await expect.poll(() => warning.count(), POLL).toBe(0);
    await text.fill('Your code is {{code}}');
    await expect.poll(() => warning.textContent(), POLL).toBe(texts[lang].braces);
    await seen(page, `wizard-texts-${lang}-braces`);

    // Not blocking: the author goes on with the text as typed.
    await page.getByTestId('wizard-next').click();
    await page.locator('#recipients-file').setInputFiles({ name: 'numbers.txt', mimeType: 'text/plain', buffer: Buffer.from('998901234567\n') });
    await page.getByTestId('upload-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('wizard-next').click();
    await page.locator('input[name="auto_start"]').waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('review').waitFor();
    await expect.poll(() => page.getByTestId('esme-name').textContent(), POLL).toBe('Beeline');
    expect(await page.getByTestId('review').innerText()).not.toContain('esme-beeline');
    expect(await page.locator('pre.message-text').textContent()).toBe('Your code is {{code}}');

    await page.getByTestId('wizard-next').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('campaign-parameters').getByTestId('esme-name').textContent(), POLL).toBe('Beeline');
    expect(await page.getByTestId('campaign-parameters').innerText()).not.toContain('esme-beeline');
    await seen(page, `wizard-texts-${lang}-campaign`);
  });
});
