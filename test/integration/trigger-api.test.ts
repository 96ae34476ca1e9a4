// POST /api/v1/campaigns/{external_id}/numbers: the token, template, state, tenant and rate-limit
// rules, each against the real server, database and simulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, futureBase, startCampaignEnv, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';
import { makeMember, makeWorkspace, type FixtureUser } from './workspaces-fixtures.js';
import { pruneTokenUsage, TOKEN_USAGE_KEEP_DAYS } from '../../src/server/trigger/token-usage.js';

const RATE = 20;
let env: CampaignEnv;
let token: string;
let trigger: { external_id: string; job_id: string };

beforeAll(async () => {
  env = await startCampaignEnv('trigger', { sendRate: 1000 }, { TRIGGER_RATE_PER_SEC: String(RATE) });
  token = await newToken(env.admin, env.base);
  trigger = await approvedTrigger('Your code is {{code}}', 1);
});
afterAll(async () => env?.stop());

async function newToken(admin: FixtureUser, base: string): Promise<string> {
  const r = await admin.client.post(`${base}/api-tokens`, { name: `t-${Math.random()}` });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.token as string;
}

async function approvedTrigger(text: string, smsLimit: number) {
  const base = await futureBase(env);
  const c = await createCampaign(env, env.author, { mode: 'Trigger', end_at: new Date(base + 3_600_000).toISOString(), text, sms_limit: smsLimit });
  expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
  expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
  await waitForStatus(env, env.author.client, c.external_id, ['Sending']);
  return c;
}

function push(externalId: string, body: unknown, bearer: string | null = token, headers: Record<string, string> = {}) {
  return fetch(`${env.srv.url}/api/v1/campaigns/${externalId}/numbers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, headers: r.headers, body: (await r.json().catch(() => null)) as any }));
}

const coreTotal = async (jobId: string) => (await env.srv.app.core.core.getJob(jobId, 'test')).total;

describe('trigger API', () => {
  it('accepts a number with its variables: 202, Core gets the filled text, the token records its use', async () => {
    const before = await coreTotal(trigger.job_id);
    const r = await push(trigger.external_id, { number: '+998 90 123-45-67', vars: { code: '4711' } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ accepted: true, message_id: expect.any(String) });
    expect(await coreTotal(trigger.job_id)).toBe(before + 1);
    const messages = await env.srv.app.core.core.listMessages(trigger.job_id, null, 1000, 'test');
    expect(messages.items.at(-1)?.number).toBe('998901234567');
    const stored = await env.srv.database.db.collection('api_tokens').findOne({ prefix: token.slice(0, 8) });
    expect(stored?.last_used_at).toBeInstanceOf(Date);
    // The use is counted after the answer (statistics never delay a trigger call): wait for it.
    const readUsage = () => env.srv.database.db.collection('api_token_usage').find({ token_id: stored?._id }).toArray();
    await expect.poll(async () => (await readUsage()).reduce((n, u) => n + (u.count as number), 0), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    const usage = await readUsage();
    // Buckets older than the kept window are pruned; recent ones stay.
    const oldMinute = new Date(Date.now() - (TOKEN_USAGE_KEEP_DAYS + 1) * 86_400_000);
    await env.srv.database.db.collection('api_token_usage').insertOne({ _id: `${stored!._id.toHexString()}:${oldMinute.toISOString()}` as never, workspace_id: stored!.workspace_id, token_id: stored!._id, minute: oldMinute, count: 5 });
    expect(await pruneTokenUsage(env.srv.database.db)).toBe(1);
    expect(await env.srv.database.db.collection('api_token_usage').countDocuments({ token_id: stored?._id })).toBe(usage.length);
    // Traffic is statistics, not audit: no audit event carries the number or the code.
    const audit = await env.srv.database.db.collection('audit_logs').find({}).toArray();
    expect(JSON.stringify(audit)).not.toContain('4711');
  });

  it('token rules: missing, malformed, unknown, revoked, archived workspace → 401', async () => {
    const body = { number: '998901234567', vars: { code: '1' } };
    expect((await push(trigger.external_id, body, null)).status).toBe(401);
    expect((await push(trigger.external_id, body, 'not-a-token')).status).toBe(401);
    expect((await push(trigger.external_id, body, `mct_${'A'.repeat(43)}`)).status).toBe(401);
    const revoked = await newToken(env.admin, env.base);
    const list = await env.admin.client.get(`${env.base}/api-tokens`);
    const id = list.body.items.find((t: { prefix: string }) => t.prefix === revoked.slice(0, 8)).id;
    expect((await push(trigger.external_id, body, revoked)).status).toBe(202);
    expect((await env.admin.client.delete(`${env.base}/api-tokens/${id}`)).status).toBeLessThan(300);
    expect((await push(trigger.external_id, body, revoked)).status).toBe(401);

    const archivedWs = await makeWorkspace(env.srv, 'trigger-archived');
    const archivedAdmin = await makeMember(env.srv, archivedWs, 'admin-trigger-archived@example.test', 'admin');
    const archivedToken = await newToken(archivedAdmin, `/api/w/${archivedWs.slug}`);
    expect((await push(trigger.external_id, body, archivedToken)).status).toBe(404); // valid token, other tenant
    expect((await env.sa.post(`/api/w/${archivedWs.slug}/archive`, {})).status).toBe(200);
    expect((await push(trigger.external_id, body, archivedToken)).status).toBe(401);
  });

  it('template rules: missing, extra and over-long variables → 400; a filled text over sms_limit → 422 text_too_long', async () => {
    const missing = await push(trigger.external_id, { number: '998901234567', vars: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: 'body.vars.code', reason: expect.stringContaining('missing'), rule: 'missing_variable' }]);
    const extra = await push(trigger.external_id, { number: '998901234567', vars: { code: '1', name: 'Ann' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details).toEqual([{ path: 'body.vars.name', reason: expect.any(String), rule: 'unknown_variable' }]);
    const secret = 'x'.repeat(161);
    const long = await push(trigger.external_id, { number: '998901234567', vars: { code: secret } });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).not.toContain(secret);
    const tooLong = await push(trigger.external_id, { number: '998901234567', vars: { code: 'y'.repeat(160) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.code).toBe('text_too_long');
    expect(JSON.stringify(tooLong.body)).not.toContain('y'.repeat(20));
    expect((await push(trigger.external_id, { number: '12ab', vars: { code: '1' } })).status).toBe(400);
    expect((await push(trigger.external_id, { number: '998901234567', vars: { code: 1 } })).status).toBe(400);
    expect((await push(trigger.external_id, { number: '998901234567', vars: { code: '1' }, extra: true })).status).toBe(400);
  });

  it('state rules: not Trigger, not approved, or ended → 422', async () => {
    const onDemand = await createCampaign(env, env.author);
    expect((await push(onDemand.external_id, { number: '998901234567', vars: {} })).status).toBe(422);
    const base = await futureBase(env);
    const draft = await createCampaign(env, env.author, { mode: 'Trigger', end_at: new Date(base + 3_600_000).toISOString(), text: 'Code {{code}}' });
    const unapproved = await push(draft.external_id, { number: '998901234567', vars: { code: '1' } });
    expect(unapproved.status).toBe(422);
    expect(unapproved.body.error.code).toBe('invalid_state');
    const ended = await approvedTrigger('Bye {{code}}', 1);
    expect((await env.admin.client.post(`${env.base}/campaigns/${ended.external_id}/cancel`, {})).status).toBe(200);
    expect((await push(ended.external_id, { number: '998901234567', vars: { code: '1' } })).status).toBe(422);
  });

  it("tenant rule: another workspace's token gets 404, as does an unknown campaign", async () => {
    const otherWs = await makeWorkspace(env.srv, 'trigger-other');
    const otherAdmin = await makeMember(env.srv, otherWs, 'admin-trigger-other@example.test', 'admin');
    const otherToken = await newToken(otherAdmin, `/api/w/${otherWs.slug}`);
    const r = await push(trigger.external_id, { number: '998901234567', vars: { code: '1' } }, otherToken);
    expect(r.status).toBe(404);
    expect((await push('00000000-0000-4000-8000-000000000000', { number: '998901234567', vars: { code: '1' } })).status).toBe(404);
  });

  it(`rate rule: at most TRIGGER_RATE_PER_SEC (${RATE}) per token, then 429 with Retry-After`, async () => {
    const own = await newToken(env.admin, env.base);
    // The limit counts per clock second (shared by the replicas through the database); a burst
    // this machine takes longer than a second to serve spans more than one window.
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: RATE * 3 }, () => push(trigger.external_id, { number: '998901234567', vars: { code: '2' } }, own)));
    const windows = Math.floor(Date.now() / 1000) - Math.floor(started / 1000) + 1;
    const accepted = answers.filter((a) => a.status === 202).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(accepted + limited.length).toBe(RATE * 3);
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThanOrEqual(RATE * windows);
    if (windows < 3) {
      expect(limited.length).toBeGreaterThanOrEqual(RATE * (3 - windows));
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('Idempotency-Key: retries and concurrent duplicates send once and get the first answer; another request with the key is 422', async () => {
    const own = await newToken(env.admin, env.base);
    const before = await coreTotal(trigger.job_id);
    const body = { number: '998901234568', vars: { code: '77' } };
    const key = { 'idempotency-key': `retry-${Math.random()}` };
    const answers = await Promise.all(Array.from({ length: 4 }, () => push(trigger.external_id, body, own, key)));
    const retried = await push(trigger.external_id, body, own, key);
    expect([...answers, retried].map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set([...answers, retried].map((a) => a.body.message_id)).size).toBe(1);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(await coreTotal(trigger.job_id)).toBe(before + 1);
    expect((await push(trigger.external_id, { ...body, vars: { code: '78' } }, own, key)).status).toBe(422);
    // Keys are per token: another token's same key is its own first call.
    expect((await push(trigger.external_id, body, token, key)).status).toBe(202);
    expect(await coreTotal(trigger.job_id)).toBe(before + 2);
    expect((await push(trigger.external_id, body, own, { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
  });

  it('failed Bearer attempts are rate-limited per IP', async () => {
    const body = { number: '998901234567', vars: { code: '1' } };
    // The earlier tests' refused tokens count too (same address, same minute): a few dozen
    // guesses at most, then 429 for every further failure.
    const statuses: number[] = [];
    for (let i = 0; i < 100 && statuses.at(-1) !== 429; i++) statuses.push((await push(trigger.external_id, body, `mct_${String(i).padStart(43, 'B')}`)).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    const again = await push(trigger.external_id, body, `mct_${'C'.repeat(43)}`);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
