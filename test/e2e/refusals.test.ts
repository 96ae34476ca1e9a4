// Issue 17: every refusal a person can cause from the console says the error catalogue's own sentence
// (never "Something went wrong"), with the refused field marked where the details name one — in
// English and in Russian, each caused through the UI by the role that would. Lost races are caused by
// a second session acting meanwhile through the API; Core's outage by the simulator's fault switch.
// The code → test table is docs/refusals.md.
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMessage, fieldMessage, type ErrorCode, type FieldRule } from '../../src/domain/error-catalogue.js';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import en from '../../src/web/i18n/en.json' with { type: 'json' };
import ru from '../../src/web/i18n/ru.json' with { type: 'json' };
import { addMembership, FIXTURE_PASSWORD, makeMember, makeUser, makeWorkspace, type FixtureUser } from '../integration/workspaces-fixtures.js';
import { ApiClient } from '../support/http-client.js';
import { seen } from './support/a11y.js';
import { signIn, startE2E, type E2EEnv } from './support/browser.js';

const UPLOAD_LIMIT = 64 * 1024;
let env: E2EEnv;
beforeAll(async () => {
  // Uploads above 64 KiB are refused (payload_too_large); every sign-in of this file comes from one address.
  env = await startE2E('e2e-refusals', { sim: { sendRate: 400, failureShare: 0 }, overrides: { UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT), LOGIN_RATE_PER_IP: '1000' } });
});
afterAll(async () => env?.stop());

const POLL = { timeout: 15_000 };
const MESSAGES = { en, ru };
type Lang = 'en' | 'ru';

/** The catalogue's sentence as the console says it: status values in the UI's words. */
function sentence(code: ErrorCode, details: unknown, lang: Lang): string {
  const m = MESSAGES[lang] as unknown as Record<string, Record<string, string> | undefined>;
  const say = (name: string, value: string) => (name === 'status' ? (['campaignBadge', 'senderStatus', 'invitationStatus', 'joinStatus'].map((g) => m[g]?.[value]).find(Boolean) ?? value) : value);
  return errorMessage(code, details, lang, say);
}

/** Waits for the notice of `code` and checks it says the catalogue's sentence (not the generic one). */
async function expectNotice(page: Page, code: ErrorCode, text: string | RegExp): Promise<void> {
  const alert = page.locator(`[role="alert"][data-error-code="${code}"]`).first();
  await expect.poll(() => alert.count(), POLL).toBe(1);
  const said = await alert.textContent();
  if (typeof text === 'string') expect(said).toBe(text);
  else expect(said).toMatch(text);
  expect(said).not.toBe(MESSAGES.en.errors.generic);
  expect(said).not.toBe(MESSAGES.ru.errors.generic);
}

/** The control is marked invalid and described by the catalogue's sentence for `rule`. */
async function expectFieldMarked(page: Page, selector: string, rule: FieldRule, lang: Lang): Promise<void> {
  const control = page.locator(selector);
  await expect.poll(() => control.getAttribute('aria-invalid'), POLL).toBe('true');
  const describedBy = await control.getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe(fieldMessage({ rule }, lang));
}

/** A sentence with a number that changes (seconds left) as a pattern. */
const withNumber = (said: string, n: number) => new RegExp(`^${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(String(n), '\\d+')}$`);

interface Team {
  ws: Awaited<ReturnType<typeof makeWorkspace>>;
  slug: string;
  name: string;
  lang: Lang;
  users: Record<'admin' | 'author' | 'moderator' | 'moderator2', FixtureUser>;
  /** API sessions acting meanwhile: the super admin's. */
  sa: ApiClient;
  page(user: 'admin' | 'author' | 'moderator' | 'sa' | 'nobody'): Promise<Page>;
}

async function makeTeam(lang: Lang): Promise<Team> {
  // API setup calls carry the browser's Origin (the server's NEXTAUTH_URL), as the console would.
  const srv = { ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) };
  const slug = `refusals-${lang}`;
  const name = `Refusals ${lang}`;
  const ws = await makeWorkspace(srv, slug, { name });
  const users = {
    admin: await makeMember(srv, ws, `admin-${lang}@example.test`, 'admin'),
    author: await makeMember(srv, ws, `author-${lang}@example.test`, 'author'),
    moderator: await makeMember(srv, ws, `moderator-${lang}@example.test`, 'moderator'),
    moderator2: await makeMember(srv, ws, `moderator2-${lang}@example.test`, 'moderator'),
  };
  await env.srv.database.db.collection(COLLECTIONS.users).updateMany({ email: { $regex: `-${lang}@example\\.test$` } }, { $set: { locale: lang } });
  const sa = srv.client();
  await sa.login(env.srv.superAdmin.email, env.srv.superAdmin.password);
  const created = await users.admin.client.post(`/api/w/${slug}/senders`, { name: 'Brand', saddr: 'BRAND' });
  expect(created.status).toBe(201);
  expect((await users.moderator.client.post(`/api/w/${slug}/sender-revisions/${created.body.revision.id}/approve`, { note: 'ok' })).status).toBe(200);
  const pages = new Map<string, Page>();
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  return {
    ws,
    slug,
    name,
    lang,
    users,
    sa,
    async page(who) {
      const known = pages.get(who);
      if (known) return known;
      const { page } = await env.newPage({ locale });
      if (who === 'sa') {
        // A second super admin who reads the console in this language.
        const admin = await makeUser(srv, `sa-${lang}@example.test`, { isSuperAdmin: true, signIn: false });
        await env.srv.database.db.collection(COLLECTIONS.users).updateOne({ _id: admin.oid }, { $set: { locale: lang } });
        await signIn(page, admin.email, FIXTURE_PASSWORD);
      } else if (who !== 'nobody') await signIn(page, users[who].email, FIXTURE_PASSWORD);
      pages.set(who, page);
      return page;
    },
  };
}

/** As the author: the wizard's first two steps, which save a draft; returns its external id (on step 3). */
async function draftCampaign(page: Page, slug: string, name: string): Promise<string> {
  await page.goto(`/w/${slug}/campaigns/new`);
  await page.locator('input[name="mode"][value="OnDemand"]').check();
  await page.getByTestId('wizard-next').click();
  await page.locator('input[name="name"]').fill(name);
  await page.locator('select[name="sender_id"]').selectOption({ label: 'Brand (BRAND)' });
  await expect.poll(() => page.locator('select[name="esme"] option[value="esme-beeline"]').count(), POLL).toBe(1);
  await page.locator('select[name="esme"]').selectOption('esme-beeline');
  await page.locator('textarea[name="text"]').fill('Hello');
  await page.getByTestId('wizard-next').click();
  await page.locator('#recipients-file').waitFor();
  const created = await env.srv.database.db.collection(COLLECTIONS.campaigns).findOne({ name });
  expect(created).not.toBeNull();
  return created!.external_id as string;
}

const upload = (page: Page, name: string, buffer: Buffer) => page.locator('#recipients-file').setInputFiles({ name, mimeType: 'text/plain', buffer });

describe.each(['en', 'ru'] as const)('refusals said in %s', (lang) => {
  let team: Team;

  /** A Trigger campaign the author makes through the API (setup for the refusals that need one). */
  async function authorTriggerCampaign(name: string): Promise<{ path: string; version: number }> {
    const senders = await team.users.author.client.get(`/api/w/${team.slug}/senders`);
    const senderId = (senders.body.items as { id: string; name: string }[]).find((s) => s.name === 'Brand')!.id;
    const created = await team.users.author.client.post(`/api/w/${team.slug}/campaigns`, {
      external_id: crypto.randomUUID(),
      mode: 'Trigger',
      name,
      sender_id: senderId,
      esme: 'esme-beeline',
      text: 'Your code is {{code}}',
      end_at: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { path: `/api/w/${team.slug}/campaigns/${created.body.campaign.external_id}`, version: created.body.campaign.version };
  }
  const shot = (name: string) => `refusals-${lang}-${name}`;

  beforeAll(async () => {
    team = await makeTeam(lang);
  });

  it('invalid_credentials and account_locked: the sign-in form says why', async () => {
    const page = await team.page('nobody');
    const locked = await makeUser(env.srv, `locked-${lang}@example.test`, { signIn: false });
    await page.goto('/login');
    const attempt = async () => {
      await page.locator('input[name="email"]').fill(locked.email);
      await page.locator('input[name="password"]').fill('not-the-password');
      await page.locator('form button[type="submit"]').click();
    };
    const said = () => page.getByTestId('login-error').textContent();
    await attempt();
    await expect.poll(said, POLL).toBe(sentence('invalid_credentials', undefined, lang));
    await seen(page, shot('invalid-credentials'));
    // LOGIN_MAX_ATTEMPTS (3) wrong passwords lock the e-mail: the next attempt is told how long to wait.
    const lockedSays = withNumber(sentence('account_locked', { retry_after: 60 }, lang), 60);
    for (let i = 0; i < 3 && !lockedSays.test((await said()) ?? ''); i++) {
      await page.getByTestId('login-error').waitFor();
      await attempt();
      await expect.poll(async () => ((await said()) ?? '') !== '', POLL).toBe(true);
    }
    await expect.poll(said, POLL).toMatch(lockedSays);
    await seen(page, shot('account-locked'));
  });

  it('wrong_password: Account marks the current password', async () => {
    const page = await team.page('author');
    await page.goto('/account');
    await page.locator('input[name="current_password"]').fill('not-my-password');
    await page.locator('input[name="new_password"]').fill('a-new-password-1');
    await page.locator('input[name="repeat_password"]').fill('a-new-password-1');
    await page.locator('input[name="repeat_password"]').press('Enter');
    const current = page.locator('input[name="current_password"]');
    await expect.poll(() => current.getAttribute('aria-invalid'), POLL).toBe('true');
    expect(await page.locator(`[id="${await current.getAttribute('aria-describedby')}"]`).textContent()).toBe(sentence('wrong_password', undefined, lang));
    await seen(page, shot('wrong-password'));
  });

  it('invitation_pending: inviting the same e-mail twice names it', async () => {
    const page = await team.page('admin');
    const email = `twice-${lang}@example.test`;
    await page.goto(`/w/${team.slug}/settings`);
    await page.getByRole('tab', { name: lang === 'ru' ? 'Приглашения' : 'Invitations' }).click();
    const form = page.getByTestId('invite-form');
    for (const round of [1, 2]) {
      await form.locator('input[name="invite_email"]').fill(email);
      await form.locator('button[type="submit"]').click();
      if (round === 1) await page.getByTestId('invitation-link').waitFor();
    }
    await expectNotice(page, 'invitation_pending', sentence('invitation_pending', { email }, lang));
    await seen(page, shot('invitation-pending'));
  });

  it('invitation links: unknown, revoked, used and expired each say so; the wrong signed-in account is told to sign out', async () => {
    const invite = async (email: string) => {
      const r = await team.users.admin.client.post(`/api/w/${team.slug}/invitations`, { email, role: 'author' });
      expect(r.status).toBe(201);
      return { id: r.body.invitation.id as string, path: new URL(r.body.invite_url as string).pathname };
    };
    const page = await team.page('nobody');

    await page.goto('/invite/not-a-real-token');
    await expectNotice(page, 'not_found', sentence('not_found', { reason: 'invitation' }, lang));
    await seen(page, shot('invitation-unknown'));

    const revoked = await invite(`revoked-${lang}@example.test`);
    expect((await team.users.admin.client.delete(`/api/w/${team.slug}/invitations/${revoked.id}`)).status).toBeLessThan(300);
    await page.goto(revoked.path);
    await expectNotice(page, 'invitation_revoked', sentence('invitation_revoked', undefined, lang));

    const used = await invite(`used-${lang}@example.test`);
    const accepted = await new ApiClient(env.srv.url, env.baseUrl).post(`/api/invitations/${used.path.split('/').pop()}/accept`, { name: 'Used', password: 'used-password-1' });
    expect(accepted.status).toBeLessThan(300);
    await page.goto(used.path);
    await expectNotice(page, 'invitation_used', sentence('invitation_used', undefined, lang));

    const expired = await invite(`expired-${lang}@example.test`);
    await env.srv.database.db.collection(COLLECTIONS.invitations).updateOne({ email: `expired-${lang}@example.test` }, { $set: { expires_at: new Date(Date.now() - 60_000) } });
    await page.goto(expired.path);
    await expectNotice(page, 'invitation_expired', sentence('invitation_expired', undefined, lang));
    await seen(page, shot('invitation-expired'));

    // The author, signed in, opens a link meant for a new person and tries to take it.
    const other = await invite(`someone-${lang}@example.test`);
    const author = await team.page('author');
    await author.goto(other.path);
    await author.getByTestId('invite-summary').waitFor();
    await author.locator('input[name="name"]').fill('Someone');
    await author.locator('input[name="password"]').fill('someone-password-1');
    await author.locator('form button[type="submit"]').click();
    await expectNotice(author, 'invitation_email_mismatch', sentence('invitation_email_mismatch', undefined, lang));
    await seen(author, shot('invitation-email-mismatch'));
  });

  it('taken names: a sender, a user e-mail and a workspace slug mark the field', async () => {
    const admin = await team.page('admin');
    await admin.goto(`/w/${team.slug}/senders`);
    await admin.locator('.page-actions button.btn-primary').first().click();
    const form = admin.getByTestId('address-form');
    await form.locator('input[name="name"]').fill('Brand');
    await form.locator('input[name="saddr"]').fill('OTHER');
    await form.locator('button[type="submit"]').click();
    await expectNotice(admin, 'conflict', sentence('conflict', { reason: 'sender_name_taken' }, lang));
    await expectFieldMarked(admin, '[data-testid="address-form"] input[name="name"]', 'in_use', lang);
    await seen(admin, shot('sender-name-taken'));

    const sa = await team.page('sa');
    await sa.goto('/admin');
    await sa.getByRole('tab').nth(1).click();
    const userForm = sa.getByTestId('create-user-form');
    await userForm.locator('input[name="new_user_email"]').fill(team.users.author.email);
    await userForm.locator('input[name="new_user_name"]').fill('Twin');
    await userForm.locator('button[type="submit"]').click();
    await expectNotice(sa, 'conflict', sentence('conflict', { reason: 'user_email_taken' }, lang));
    await expectFieldMarked(sa, 'input[name="new_user_email"]', 'in_use', lang);
    await seen(sa, shot('user-email-taken'));

    await sa.getByRole('tab').nth(0).click();
    const wsForm = sa.getByTestId('create-workspace-form');
    await wsForm.locator('input[name="workspace_name"]').fill('Twin');
    await wsForm.locator('input[name="workspace_slug"]').fill(team.slug);
    await wsForm.locator('button[type="submit"]').click();
    await expectNotice(sa, 'conflict', sentence('conflict', { reason: 'workspace_slug_taken' }, lang));
    await expectFieldMarked(sa, 'input[name="workspace_slug"]', 'in_use', lang);
    await seen(sa, shot('workspace-slug-taken'));
  });

  it('recipient files: a binary file, a file over the limit, and Core down are each said on step 3', async () => {
    const page = await team.page('author');
    await draftCampaign(page, team.slug, `Files ${lang}`);

    await upload(page, 'sheet.txt', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(600, 0)]));
    await expectNotice(page, 'binary_file', sentence('binary_file', undefined, lang));
    await seen(page, shot('binary-file'));

    await upload(page, 'huge.txt', Buffer.from(`${Array.from({ length: 6000 }, (_, i) => `99890${2_000_000 + i}`).join('\n')}\n`));
    await expectNotice(page, 'payload_too_large', sentence('payload_too_large', { limit_bytes: UPLOAD_LIMIT }, lang));
    await seen(page, shot('payload-too-large'));

    await env.sim!.setFaults({ down: true });
    try {
      await page.getByRole('alert').filter({ hasText: lang === 'ru' ? ru.core.banner : en.core.banner }).first().waitFor();
      await upload(page, 'numbers.txt', Buffer.from('998901111111\n998901111112\n'));
      await expectNotice(page, 'core_unavailable', sentence('core_unavailable', undefined, lang));
      await seen(page, shot('core-unavailable'));
    } finally {
      await env.sim!.setFaults({ down: false });
    }
  });

  it('upload_running: a second upload to a campaign whose list is still arriving', async () => {
    const page = await team.page('author');
    const externalId = await draftCampaign(page, team.slug, `Busy ${lang}`);
    const path = `/api/w/${team.slug}/campaigns/${externalId}/recipients`;
    // Meanwhile the admin's upload to the same campaign starts and stays open.
    const held = httpRequest(`${env.srv.url}${path}`, {
      method: 'PUT',
      headers: { origin: env.baseUrl, cookie: team.users.admin.client.sessionCookie!, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' },
    });
    const answered = new Promise<number>((resolve, reject) => {
      held.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      held.on('error', reject);
    });
    held.write('998901000001\n');
    await expect.poll(async () => (await team.users.admin.client.get(`${path}/status`)).body.upload.state, POLL).not.toBe('idle');
    try {
      await upload(page, 'numbers.txt', Buffer.from('998901111111\n'));
      await expectNotice(page, 'conflict', sentence('conflict', { reason: 'upload_running' }, lang));
      await seen(page, shot('upload-running'));
    } finally {
      held.end('998901000002\n');
      expect(await answered).toBe(200);
    }
  });

  it('no_recipients: submitting a saved draft without numbers from its page', async () => {
    const page = await team.page('author');
    const externalId = await draftCampaign(page, team.slug, `Empty ${lang}`);
    await page.goto(`/w/${team.slug}/campaigns/${externalId}`);
    await page.getByTestId('action-bar').locator('button.btn-primary').first().click();
    await expectNotice(page, 'no_recipients', sentence('no_recipients', undefined, lang));
    await seen(page, shot('no-recipients'));
  });

  it('not_found: the address of a campaign that does not exist (or was deleted)', async () => {
    const page = await team.page('author');
    await page.goto(`/w/${team.slug}/campaigns/00000000-0000-4000-8000-000000000000`);
    await expectNotice(page, 'not_found', sentence('not_found', undefined, lang));
    await seen(page, shot('campaign-not-found'));
  });

  it('conflict: a draft changed meanwhile by someone else is not overwritten', async () => {
    const page = await team.page('author');
    const externalId = await draftCampaign(page, team.slug, `Raced ${lang}`);
    // Meanwhile the super admin renames it through the API.
    const read = await team.sa.get(`/api/w/${team.slug}/campaigns/${externalId}`);
    const renamed = await team.sa.patch(`/api/w/${team.slug}/campaigns/${externalId}`, { name: `Raced ${lang} (theirs)`, version: read.body.campaign.version });
    expect(renamed.status).toBe(200);
    await page.getByRole('button', { name: lang === 'ru' ? ru.common.back : en.common.back }).click();
    await page.locator('textarea[name="text"]').fill('Hello again');
    await page.getByTestId('wizard-next').click();
    await expectNotice(page, 'conflict', sentence('conflict', undefined, lang));
    await seen(page, shot('conflict-changed'));
  });

  it('workspace_has_active_campaigns: the super admin cannot archive a workspace while a campaign sends', async () => {
    const { path } = await authorTriggerCampaign(`Sending ${lang}`);
    const submitted = await team.users.author.client.post(`${path}/submit`, {});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect((await team.users.moderator2.client.post(`${path}/approve`, {})).status).toBe(200);
    await expect.poll(async () => (await team.users.author.client.get(path)).body.campaign.status, { timeout: 30_000 }).toBe('Sending');

    const sa = await team.page('sa');
    await sa.goto('/admin');
    await sa.locator(`[data-workspace="${team.slug}"] button`).click();
    await expectNotice(sa, 'invalid_state', sentence('invalid_state', { reason: 'workspace_has_active_campaigns' }, lang));
    await seen(sa, shot('workspace-has-active-campaigns'));
  });

  it('join_request_pending: asking again to join a workspace already asked', async () => {
    await env.srv.database.db.collection(COLLECTIONS.workspaces).updateOne({ slug: team.slug }, { $set: { allow_join_requests: true } });
    const { page } = await env.newPage({ locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
    const asker = await makeUser(env.srv, `asker-${lang}@example.test`, { signIn: false });
    await env.srv.database.db.collection(COLLECTIONS.users).updateOne({ _id: asker.oid }, { $set: { locale: lang } });
    await signIn(page, asker.email, FIXTURE_PASSWORD);
    await page.waitForURL('**/request-access');
    // The page opened in a second tab before the first asked still offers the workspace (an open
    // page shows "Request sent" for a pending request): asking from it is refused.
    const stale = await page.context().newPage();
    await stale.goto('/request-access');
    const ask = (p: Page) => p.locator('li', { hasText: team.name }).locator('button');
    await ask(stale).waitFor();
    await ask(page).click();
    await expect.poll(() => ask(page).count(), POLL).toBe(0);
    await ask(stale).click();
    await expectNotice(stale, 'join_request_pending', sentence('join_request_pending', { workspace: team.name }, lang));
    await seen(stale, shot('join-request-pending'));
    await stale.close();
  });

  it('super admins: nobody blocks themselves, and a workspace admin cannot change a super admin', async () => {
    const sa = await team.page('sa');
    await sa.goto('/admin');
    await sa.getByRole('tab').nth(1).click();
    const own = sa.locator('[data-testid="users-table"] tr', { hasText: `sa-${lang}@example.test` });
    await own.locator('button').first().click();
    await expectNotice(sa, 'forbidden', sentence('forbidden', { reason: 'block_self' }, lang));
    await seen(sa, shot('block-self'));

    // The super admin is also a member of the workspace; its admin tries to make them an author.
    const saUser = await env.srv.database.db.collection(COLLECTIONS.users).findOne({ email: `sa-${lang}@example.test` });
    await addMembership(env.srv, team.ws, { id: saUser!._id.toHexString(), oid: saUser!._id, email: saUser!.email as string, client: team.sa }, 'admin');
    const admin = await team.page('admin');
    await admin.goto(`/w/${team.slug}/settings`);
    await admin.getByRole('tab', { name: lang === 'ru' ? 'Участники' : 'Members' }).click();
    await admin.locator('[data-testid="members-table"] tr', { hasText: `sa-${lang}@example.test` }).locator('select').first().selectOption('author');
    await expectNotice(admin, 'super_admin_target', sentence('super_admin_target', undefined, lang));
    await seen(admin, shot('super-admin-target'));
  });

  it('rate_limited: the audit log\'s export says how long to wait, beside the button, once exports come too fast', async () => {
    const page = await team.page('admin');
    await page.goto(`/w/${team.slug}/audit`);
    await page.getByRole('heading', { level: 1, name: MESSAGES[lang].audit.title }).waitFor();
    const exportCsv = page.getByTestId('audit-csv');
    const refused = page.locator('[role="alert"][data-error-code="rate_limited"]');
    // Five exports a minute per user in fixed windows: of 11 clicks at least 6 fall in one window.
    let files = 0;
    for (let click = 0; click < 11 && (await refused.count()) === 0; click++) {
      const download = page.waitForEvent('download', { timeout: 30_000 }).catch(() => null);
      await exportCsv.click();
      const outcome = await Promise.race([download, refused.waitFor({ timeout: 30_000 }).then(() => null)]);
      if (!outcome) break;
      expect(outcome.suggestedFilename()).toMatch(new RegExp(`^audit-${team.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      expect((await readFile((await outcome.path())!, 'utf8')).split('\r\n')[0]).toBe('ts,id,action,actor_type,actor_id,actor_email,workspace_id,resource_type,resource_id,ip,user_agent,request_id,before,after');
      files++;
    }
    expect(files).toBeGreaterThanOrEqual(5);
    await expectNotice(page, 'rate_limited', withNumber(sentence('rate_limited', { retry_after: 37 }, lang), 37));
    // The button is back for the next try, and its label says nothing is arriving.
    expect(await exportCsv.textContent()).toBe(MESSAGES[lang].audit.exportCsv);
    await seen(page, shot('export-rate-limited'));
  });

  it('four_eyes: an admin who changed a campaign cannot approve it from the queue', async () => {
    const name = `Four eyes ${lang}`;
    const { path, version } = await authorTriggerCampaign(name);
    // The admin corrects the author's text, then submits it.
    const edited = await team.users.admin.client.patch(path, { text: 'Your login code is {{code}}', version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const submitted = await team.users.admin.client.post(`${path}/submit`, { version: edited.body.campaign.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    const admin = await team.page('admin');
    await admin.goto(`/w/${team.slug}/moderation`);
    const row = admin.locator('[data-testid="moderation-campaigns"] tbody tr', { hasText: name });
    await row.locator('button.btn-primary').click();
    await expectNotice(admin, 'four_eyes', sentence('four_eyes', undefined, lang));
    await seen(admin, shot('four-eyes'));
  });

  it('moderation races: a revision decided meanwhile; a moderator whose role changed meanwhile is signed out and told why', async () => {
    const revision = async (name: string) => {
      const r = await team.users.admin.client.post(`/api/w/${team.slug}/senders`, { name, saddr: name.toUpperCase() });
      expect(r.status).toBe(201);
      return r.body.revision.id as string;
    };
    const first = await revision(`First${lang}`);
    const second = await revision(`Second${lang}`);
    const page = await team.page('moderator');
    await page.goto(`/w/${team.slug}/moderation`);
    await page.getByRole('tab').nth(1).click();
    const row = (id: string) => page.locator(`[data-revision="${id}"]`);
    await expect.poll(() => row(second).count(), POLL).toBe(1);

    // Another moderator approves the first one meanwhile.
    expect((await team.users.moderator2.client.post(`/api/w/${team.slug}/sender-revisions/${first}/approve`, {})).status).toBe(200);
    await row(first).locator('button.btn-primary').click();
    await expectNotice(page, 'invalid_state', sentence('invalid_state', { reason: 'revision_decided', status: 'approved' }, lang));
    await seen(page, shot('revision-decided'));

    // The admin makes the moderator an author meanwhile: that ends their sessions (security.md), and the
    // next click lands on the sign-in page, which says why.
    expect((await team.users.admin.client.patch(`/api/w/${team.slug}/members/${team.users.moderator.id}`, { role: 'author', is_moderator: false })).status).toBe(200);
    await row(second).locator('button.btn-primary').click();
    await page.waitForURL('**/login');
    await expectNotice(page, 'unauthenticated', sentence('unauthenticated', undefined, lang));
    await seen(page, shot('session-ended'));
  });
});
