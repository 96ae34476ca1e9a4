// Issue 17's moderator and admin tools in a real browser, in English and in Russian, each step as the
// person who does it: a join request approved as author + moderator (who then moderates a sender revision
// and a campaign), a join request rejected with a note the requester reads, the global presets saved
// through their form (refused first, with the catalogue's words), and a saddr preset picked in the
// sender form. People, the workspace and the campaign to moderate are setup; the rest goes through the console.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldMessage } from '../../src/domain/error-catalogue.js';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };
import { FIXTURE_PASSWORD, makeMember, makeUser, makeWorkspace, type FixtureUser } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';
import { expectCount, expectText } from './support/console.js';

let env: E2EEnv;
beforeAll(async () => {
  env = await startE2E('e2e-modtools', { sim: true });
});
afterAll(async () => env?.stop());

const MESSAGES = { en, ru };
type Lang = keyof typeof MESSAGES;
/** i18next's `{{name}}` placeholders filled, as the console shows the text. */
const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{\{(\w+)\}\}/g, (_w, name: string) => String(values[name]));

async function pageAs(email: string, password: string, lang: Lang, problems: string[][]): Promise<Page> {
  const s = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
  problems.push(s.problems);
  await signIn(s.page, email, password);
  return s.page;
}

const users = () => env.srv.database.db.collection(COLLECTIONS.users);
const auditEvent = (action: string, resourceId: string) => env.srv.database.db.collection(COLLECTIONS.auditLogs).findOne({ action, 'resource.id': resourceId });

/** The requester's side: asks to join the workspace named `wsName` from the request-access page. */
async function askToJoin(page: Page, lang: Lang, wsName: string, message: string): Promise<void> {
  const L = MESSAGES[lang];
  await page.waitForURL(/\/request-access$/);
  await page.getByLabel(L.settings.message).fill(message);
  const row = page.locator('li', { hasText: wsName });
  await row.getByRole('button', { name: L.requestAccess.request }).click();
  await row.getByText(L.requestAccess.sent).waitFor();
}

/** The admin's side: Settings → Join requests, the person's row. */
async function joinRequestRow(page: Page, lang: Lang, slug: string, email: string) {
  await page.goto(`/w/${slug}/settings`);
  await page.getByRole('tab', { name: MESSAGES[lang].settings.tabs.joinRequests }).click();
  const row = page.getByTestId('join-requests-table').locator('tr', { hasText: email });
  await row.waitFor();
  return row;
}

describe.each(['en', 'ru'] as const)('moderator and admin tools (%s)', (lang) => {
  const L = MESSAGES[lang];
  const slug = `tools-${lang}`;
  const wsName = `Tools ${lang.toUpperCase()}`;
  const problems: string[][] = [];
  let admin: FixtureUser;
  let adminPage: Page;

  beforeAll(async () => {
    // Presets are global: each language starts from none (every ESME of the Proxy offered).
    await env.srv.database.db.collection(COLLECTIONS.presets).deleteMany({});
    // API setup calls carry the browser's Origin (the server's NEXTAUTH_URL), as the console would.
    const srv = { ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) };
    const ws = await makeWorkspace(srv, slug, { name: wsName, allow_join_requests: true });
    admin = await makeMember(srv, ws, `admin-tools-${lang}@example.test`, 'admin');
    await makeUser(srv, `joiner-${lang}@example.test`, { signIn: false });
    await makeUser(srv, `refused-${lang}@example.test`, { signIn: false });
    await users().updateMany({ email: { $regex: `-${lang}@example\\.test$` } }, { $set: { locale: lang } });
    adminPage = await pageAs(admin.email, FIXTURE_PASSWORD, lang, problems);
  });

  it('approves a join request as author + moderator, who then moderates a sender revision and a campaign', async () => {
    const joiner = await pageAs(`joiner-${lang}@example.test`, FIXTURE_PASSWORD, lang, problems);
    await askToJoin(joiner, lang, wsName, 'Marketing team');
    await seen(joiner, `modtools-${lang}-join-asked`);

    const row = await joinRequestRow(adminPage, lang, slug, `joiner-${lang}@example.test`);
    await row.getByRole('button', { name: L.actions.approve }).click();
    const form = adminPage.getByTestId('join-approve-form');
    await form.getByLabel(L.settings.role).selectOption('author');
    await form.getByLabel(L.joinDecision.alsoModerates).check();
    await seen(adminPage, `modtools-${lang}-join-approve-form`);
    await form.getByRole('button', { name: L.joinDecision.confirmApprove }).click();
    await expectText(adminPage, L.settings.noJoinRequests);
    await adminPage.locator('select[name="join_status"]').selectOption('approved');
    await expectText(adminPage, `${L.joinStatus.approved}: ${L.roles.author} ${L.settings.plusModerator}`);
    await seen(adminPage, `modtools-${lang}-join-approved`);
    const joinerDoc = await users().findOne({ email: `joiner-${lang}@example.test` });
    const request = await env.srv.database.db.collection(COLLECTIONS.joinRequests).findOne({ user_id: joinerDoc!._id });
    expect(await auditEvent('join_request.approved', request!._id.toHexString())).toMatchObject({ after: { status: 'approved', role: 'author', is_moderator: true } });

    // The new member moderates: first the admin's sender revision, then a campaign made with that sender.
    const base = `/api/w/${slug}`;
    const sender = await admin.client.post(`${base}/senders`, { name: `Shop ${lang}`, saddr: `SHOP${lang.toUpperCase()}` });
    expect(sender.status, JSON.stringify(sender.body)).toBe(201);
    await joiner.goto(`/w/${slug}/moderation`);
    await joiner.getByRole('tab', { name: new RegExp(`^${L.moderation.revisions}`) }).click();
    const revisionRow = joiner.locator(`[data-revision="${sender.body.revision.id}"]`);
    await revisionRow.getByRole('button', { name: L.actions.accept }).click();
    await expectCount(joiner, `[data-revision="${sender.body.revision.id}"]`, 0);

    const created = await admin.client.post(`${base}/campaigns`, {
      external_id: randomUUID(), mode: 'OnDemand', name: `Moderated ${lang}`, sender_id: sender.body.sender.id, esme: 'esme-beeline', text: 'Hello there',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const externalId = created.body.campaign.external_id as string;
    // Setup: the upload summary the recipients route writes (submit needs accepted numbers).
    const summary = { file_name: 'numbers.txt', bytes: 130, accepted: 10, invalid: 0, duplicates: 0, sample_errors: [] };
    await env.srv.database.db.collection(COLLECTIONS.campaigns).updateOne({ external_id: externalId }, { $set: { recipients: summary } });
    expect((await admin.client.post(`${base}/campaigns/${externalId}/submit`, {})).status).toBe(200);
    await joiner.goto(`/w/${slug}/moderation`);
    const campaignRow = joiner.locator(`[data-campaign="${externalId}"]`);
    await campaignRow.waitFor();
    await seen(joiner, `modtools-${lang}-new-moderator-queue`);
    await campaignRow.getByRole('button', { name: L.actions.accept }).click();
    await expectCount(joiner, `[data-campaign="${externalId}"]`, 0);
    const approved = await admin.client.get(`${base}/campaigns/${externalId}`);
    expect(approved.body.campaign.approved_by).toBe(joinerDoc!._id.toHexString());
  });

  it('rejects a join request with a note, which the requester reads', async () => {
    const note = lang === 'ru' ? 'Сначала спросите руководителя' : 'Ask your team lead first';
    const refused = await pageAs(`refused-${lang}@example.test`, FIXTURE_PASSWORD, lang, problems);
    await askToJoin(refused, lang, wsName, 'Please let me in');

    const row = await joinRequestRow(adminPage, lang, slug, `refused-${lang}@example.test`);
    await row.getByRole('button', { name: L.actions.reject }).click();
    const form = adminPage.getByTestId('join-reject-form');
    await form.getByLabel(L.joinDecision.note).fill(note);
    await seen(adminPage, `modtools-${lang}-join-reject-form`);
    await form.getByRole('button', { name: L.joinDecision.confirmReject }).click();
    await expectText(adminPage, L.settings.noJoinRequests);

    await refused.reload();
    await expectText(refused, fill(L.requestAccess.rejectedNote, { note }));
    await seen(refused, `modtools-${lang}-join-rejected-note`);
    const refusedDoc = await users().findOne({ email: `refused-${lang}@example.test` });
    const request = await env.srv.database.db.collection(COLLECTIONS.joinRequests).findOne({ user_id: refusedDoc!._id });
    expect(await auditEvent('join_request.rejected', request!._id.toHexString())).toMatchObject({ after: { status: 'rejected', note } });
  });

  it('saves the presets through their form after showing what is wrong, and offers the saddr preset in the sender form', async () => {
    await users().updateOne({ email: env.srv.superAdmin.email }, { $set: { locale: lang } });
    const sa = await pageAs(env.srv.superAdmin.email, env.srv.superAdmin.password, lang, problems);
    await sa.goto('/admin');
    await sa.getByRole('tab', { name: L.admin.tabs.presets }).click();
    const form = sa.getByTestId('presets-form');
    await form.getByLabel(L.presetsForm.chosenEsmes).check();
    await form.locator('input[name="offer_esme-ucell"]').check();
    const rate = form.getByLabel(fill(L.presetsForm.rate, { name: 'Ucell' }));
    await rate.fill('151');
    await form.locator('input[name="every_strategy_esme-ucell"]').uncheck();
    await form.locator('input[name="strategy_esme-ucell_cp2"]').check();
    const saddr = `TOOLS-${lang.toUpperCase()}`;
    for (const value of ['Bad_1', saddr, saddr]) {
      await form.getByRole('button', { name: L.presetsForm.addSaddr }).click();
      await form.locator('input[name^="saddr_"]').last().fill(value);
    }
    await form.getByRole('button', { name: L.common.save }).click();
    await expectText(sa, fieldMessage({ rule: 'too_large', limit: 150 }, lang));
    await expectText(sa, L.senders.saddrErrors.invalid_characters);
    await expectText(sa, fieldMessage({ rule: 'in_use' }, lang));
    await seen(sa, `modtools-${lang}-presets-refused`);
    expect(await env.srv.database.db.collection(COLLECTIONS.presets).countDocuments()).toBe(0);

    await rate.fill('100');
    await form.getByRole('button', { name: fill(L.presetsForm.removeSaddr, { saddr: 'Bad_1' }) }).click();
    await form.getByRole('button', { name: fill(L.presetsForm.removeSaddr, { saddr }) }).last().click();
    await form.getByRole('button', { name: L.common.save }).click();
    await form.getByRole('status').getByText(L.common.saved).waitFor();
    await seen(sa, `modtools-${lang}-presets-saved`);
    const saved = await env.srv.database.db.collection(COLLECTIONS.presets).findOne({});
    expect(saved).toMatchObject({ esmes: [{ id: 'esme-ucell', rate_limit_per_sec: 100, strategies: ['cp2'] }], saddrs: [saddr] });

    await adminPage.goto(`/w/${slug}/senders`);
    await adminPage.getByRole('button', { name: L.senders.new }).click();
    const senderForm = adminPage.getByTestId('address-form');
    await senderForm.getByLabel(L.senders.name, { exact: true }).fill(`Preset ${lang}`);
    // The list replaces the text field once the presets have arrived.
    const picker = senderForm.locator('select[name="saddr_preset"]');
    await picker.waitFor();
    expect(await senderForm.getByLabel(L.senders.saddr, { exact: true }).evaluate((e) => e.tagName)).toBe('SELECT');
    // An address nobody prepared can still be typed, and the list takes over again when chosen.
    await picker.selectOption({ label: L.senders.otherSaddrOption });
    await senderForm.getByLabel(L.senders.otherSaddr).fill('Typed');
    await picker.selectOption(saddr);
    await expectCount(adminPage, 'input[name="saddr"]', 0);
    await seen(adminPage, `modtools-${lang}-sender-saddr-preset`);
    await senderForm.getByRole('button', { name: L.senders.create }).click();
    const revisions = env.srv.database.db.collection(COLLECTIONS.senderRevisions);
    await expect.poll(() => revisions.countDocuments({ saddr }), { timeout: 15_000 }).toBe(1);
    const name = await env.srv.database.db.collection(COLLECTIONS.senderNames).findOne({ name: `Preset ${lang}` });
    expect(await revisions.findOne({ saddr })).toMatchObject({ sender_name_id: name!._id, saddr, ston: 5, snpi: 0, status: 'pending_approval' });
  });

  it('raised no page errors or CSP violations', () => {
    expect(problems.flat()).toEqual([]);
  });
});
