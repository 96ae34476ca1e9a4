// Issue 17 "Moderator and admin tools", in Chromium, in English and in Russian: the audit log filters on
// the object, names the sender and links to its page; Diagnostics shows audit retention and the fallback
// file as their own tiles and the checklist in the page's language. Each screen passes the axe audit.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };
import { usersCollection } from '../../src/server/users/user-store.js';
import { makeWorkspace } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { expectNoSeriousA11yViolations, watchRequests } from './support/a11y.js';
import { screenshot, signIn, startE2E, type E2EEnv } from './support/browser.js';

let env: E2EEnv;
let sa: ApiClient;

beforeAll(async () => {
  env = await startE2E('e2e-auditdiag', { sim: true });
  sa = new ApiClient(env.baseUrl, env.baseUrl);
  await sa.login(env.srv.superAdmin.email, env.srv.superAdmin.password);
});
afterAll(async () => {
  await env?.stop();
});

const MESSAGES = { en, ru };
const POLL = { timeout: 15_000 };
const cellTexts = (page: Page, column: number) =>
  page.getByTestId('audit-table').locator(`tbody tr td:nth-child(${column})`).allInnerTexts();

describe.each(['en', 'ru'] as const)('audit log and diagnostics in %s', (lang) => {
  const m = MESSAGES[lang];
  const slug = `auditdiag-${lang}`;
  const senderName = `Brand ${lang.toUpperCase()}`;
  const campaignName = `Sale ${lang.toUpperCase()}`;
  const campaignId = randomUUID();
  let senderId = '';
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    await makeWorkspace(env.srv, slug);
    await usersCollection(env.srv.database.db).updateOne({ email: env.srv.superAdmin.email }, { $set: { locale: lang } });
    const created = await sa.post(`/api/w/${slug}/senders`, { name: senderName, saddr: `BR${lang.toUpperCase()}` });
    expect(created.status).toBe(201);
    senderId = created.body.sender.id;
    expect((await sa.post(`/api/w/${slug}/sender-revisions/${created.body.revision.id}/approve`, {})).status).toBe(200);
    const campaign = { external_id: campaignId, mode: 'OnDemand', name: campaignName, sender_id: senderId, esme: 'esme-beeline', text: 'Hello' };
    const made = await sa.post(`/api/w/${slug}/campaigns`, campaign);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const s = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    page = s.page;
    problems = s.problems;
    watchRequests(page);
    await signIn(page, env.srv.superAdmin.email, env.srv.superAdmin.password);
  });
  afterAll(() => {
    expect(problems).toEqual([]);
  });

  it('filters the audit log on the object and the actor, shows the changes, and links the sender by name', async () => {
    await page.goto(`/w/${slug}/audit`);
    await page.getByRole('heading', { level: 1, name: m.audit.title }).waitFor();
    await page.getByLabel(m.audit.resourceType).selectOption('sender');
    // Only the sender's own events remain (its revision's approval is about a sender_revision).
    await expect.poll(() => cellTexts(page, 2), POLL).toEqual([m.auditActions.sender.created]);
    expect(await cellTexts(page, 4)).toEqual([`${m.resourceType.sender}\n${senderName}`]);
    expect((await cellTexts(page, 5))[0]).toContain(`${m.auditFields.name}: ${senderName}`);
    await page.getByLabel(m.audit.resourceType).selectOption('sender_revision');
    await expect.poll(() => cellTexts(page, 2), POLL).toEqual([m.auditActions.sender_revision.approved]);
    // A revision's events name its sender too.
    expect(await page.getByTestId('audit-object').allInnerTexts()).toEqual([senderName]);
    // Each kind of object's statuses in its own words.
    expect(await cellTexts(page, 5)).toEqual([`${m.auditFields.status}: ${m.senderStatus.pending_approval} → ${m.senderStatus.approved}`]);
    await page.getByLabel(m.audit.actorEmail).fill('nobody@example.test');
    await page.getByText(m.audit.empty).waitFor();
    await page.getByLabel(m.audit.actorEmail).fill(env.srv.superAdmin.email);
    await expect.poll(() => page.getByTestId('audit-object').count(), POLL).toBe(1);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, `audit-${lang}-filtered`);
    await page.getByTestId('audit-object').first().click();
    await page.waitForURL(new RegExp(`/w/${slug}/senders/${senderId}$`));
    await page.getByRole('heading', { level: 1, name: senderName }).waitFor();
  });

  it("filters on one campaign's id and links its name to the campaign's page", async () => {
    await page.goto(`/w/${slug}/audit`);
    await page.getByRole('heading', { level: 1, name: m.audit.title }).waitFor();
    await page.getByLabel(m.audit.resourceType).selectOption('campaign');
    await page.getByLabel(m.audit.resourceId).fill(campaignId);
    // Every row left is about this campaign, named (the unfiltered page also lists the sender's events).
    await expect.poll(async () => [...new Set(await page.getByTestId('audit-object').allInnerTexts())], POLL).toEqual([campaignName]);
    expect(await cellTexts(page, 2)).toContain(m.auditActions.campaign.created);
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('audit-object').first().click();
    await page.waitForURL(new RegExp(`/w/${slug}/campaigns/${campaignId}$`));
    await page.getByRole('heading', { level: 1, name: campaignName }).waitFor();
  });

  it('shows audit retention and the fallback file as tiles, and the checklist in the page language', async () => {
    await page.goto('/diagnostics');
    await page.getByRole('heading', { level: 1, name: m.diagnostics.title }).waitFor();
    const tile = (id: string) => ({ label: () => page.getByTestId(id).locator('.kpi-label').textContent(), value: () => page.getByTestId(id).locator('.kpi-value').innerText() });
    await expect.poll(tile('diag-retention').label, POLL).toBe(m.diagnostics.retention);
    expect(await tile('diag-retention').value()).toBe(lang === 'ru' ? '90 дней' : '90 days');
    expect(await tile('diag-fallback-size').label()).toBe(m.diagnostics.fallbackSize);
    expect(await tile('diag-fallback-size').value()).toBe(`0 ${m.units.B}`);
    expect(await tile('diag-fallback-lines').label()).toBe(m.diagnostics.fallbackLines);
    expect(await tile('diag-fallback-lines').value()).toBe('0');
    const checkedAt = await page.getByTestId('diag-checked-at').innerText();
    expect(checkedAt).toContain(m.diagnostics.checkedAt.split(' {{')[0]);
    const summaries = await page.getByTestId('check-summary').allInnerTexts();
    expect(summaries).toHaveLength(6);
    expect(summaries[0]).toContain(m.diagnostics.summary.schema_version.split(' {{')[0]);
    // No English sentence of the server's `detail` reaches a Russian page.
    if (lang === 'ru') expect(await page.locator('main').innerText()).not.toMatch(/schema version|super admin|fallback file|plain http/i);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, `diagnostics-${lang}`);
    // Refresh reads again; the checklist, computed less than a minute ago, keeps its time.
    await page.getByRole('button', { name: m.common.refresh }).click();
    await expectNoSeriousA11yViolations(page);
    expect(await page.getByTestId('diag-checked-at').innerText()).toBe(checkedAt);
  });
});
