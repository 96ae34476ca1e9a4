// Shared setup of the sender and campaign suites: the real simulator, the real server over its own
// database, members of one workspace (written straight to the database: setup, not behaviour under
// test) and an approved sender name made through the API.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import type { WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import type { StartOptions } from '../../src/server/start-server.js';
import type { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startSim, type RunningSim, type StartSimOptions } from '../support/sim.js';
import { makeMember, makeWorkspace, superAdminClient, type FixtureUser } from './workspaces-fixtures.js';

export interface CampaignEnv {
  sim: RunningSim;
  srv: TestServer;
  ws: WorkspaceDoc;
  base: string;
  admin: FixtureUser;
  author: FixtureUser;
  author2: FixtureUser;
  moderator: FixtureUser;
  authorMod: FixtureUser;
  sa: ApiClient;
  senderId: string;
  stop(): Promise<void>;
}

export async function startCampaignEnv(
  label: string,
  simOptions: StartSimOptions = {},
  overrides: Record<string, string> = {},
  serverOptions: StartOptions = {},
): Promise<CampaignEnv> {
  const sim = await startSim(simOptions);
  const srv = await startTestServer(
    {
      CORE_API_URL: sim.coreUrl,
      CORE_HEALTH_URL: sim.healthUrl,
      PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
      PROXY_API_URL: sim.proxyUrl,
      CORE_POLL_INTERVAL_MS: '200',
      CORE_HEALTH_DOWN_INTERVAL_MS: '200',
      ...overrides,
    },
    label,
    serverOptions,
  );
  const ws = await makeWorkspace(srv, `${label}-ws`);
  const admin = await makeMember(srv, ws, `admin-${label}@example.test`, 'admin');
  const author = await makeMember(srv, ws, `author-${label}@example.test`, 'author');
  const author2 = await makeMember(srv, ws, `author2-${label}@example.test`, 'author');
  const moderator = await makeMember(srv, ws, `mod-${label}@example.test`, 'moderator');
  const authorMod = await makeMember(srv, ws, `authormod-${label}@example.test`, 'author', true);
  const sa = await superAdminClient(srv);
  const base = `/api/w/${ws.slug}`;
  const created = await admin.client.post(`${base}/senders`, { name: 'Brand', saddr: 'BRAND' });
  expect(created.status).toBe(201);
  const approved = await moderator.client.post(`${base}/sender-revisions/${created.body.revision.id}/approve`, { note: 'ok' });
  expect(approved.status).toBe(200);
  return {
    sim,
    srv,
    ws,
    base,
    admin,
    author,
    author2,
    moderator,
    authorMod,
    sa,
    senderId: created.body.sender.id,
    stop: async () => {
      await srv.stop();
      await sim.stop();
    },
  };
}

export function campaignBody(env: CampaignEnv, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { external_id: randomUUID(), mode: 'OnDemand', name: 'Campaign', sender_id: env.senderId, esme: 'esme-beeline', text: 'Hello there', ...fields };
}

/** Creates a campaign as `user` and returns its public JSON. */
export async function createCampaign(env: CampaignEnv, user: FixtureUser, fields: Record<string, unknown> = {}) {
  const r = await user.client.post(`${env.base}/campaigns`, campaignBody(env, fields));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.campaign as { external_id: string; job_id: string; version: number; status: string };
}

/** Recipients go straight to Core here: the recipients route belongs to another suite. */
export async function uploadNumbers(env: CampaignEnv, jobId: string, count: number): Promise<void> {
  const lines = Array.from({ length: count }, (_, i) => `99890${String(1_000_000 + i)}\n`).join('');
  const answer = await env.srv.app.core.core.uploadRecipients(jobId, lines, 'test-upload');
  expect(answer.received).toBe(count);
  await markRecipients(env, { job_id: jobId }, count);
}

/**
 * Writes the upload summary the recipients route would have written (setup: submit needs accepted
 * numbers), without sending a list to Core.
 */
export async function markRecipients(env: CampaignEnv, which: { job_id: string } | { external_id: string }, accepted: number): Promise<void> {
  const summary = { file_name: 'numbers.txt', bytes: accepted * 13, accepted, invalid: 0, duplicates: 0, sample_errors: [] };
  const r = await env.srv.app.db.collection(COLLECTIONS.campaigns).updateOne(which, { $set: { recipients: summary } });
  expect(r.matchedCount).toBe(1);
}

export async function waitForStatus(env: CampaignEnv, client: ApiClient, externalId: string, statuses: string[], timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last: { status: string } | null = null;
  while (Date.now() < until) {
    const r = await client.get(`${env.base}/campaigns/${externalId}`);
    last = r.body.campaign;
    if (last && statuses.includes(last.status)) return r.body.campaign;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`campaign ${externalId} did not reach ${statuses.join('|')} in ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
}

/** Submits the campaign as its author and approves it as the moderator; the approved campaign. */
export async function submitAndApprove(env: CampaignEnv, externalId: string) {
  expect((await env.author.client.post(`${env.base}/campaigns/${externalId}/submit`, {})).status).toBe(200);
  const r = await env.moderator.client.post(`${env.base}/campaigns/${externalId}/approve`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.campaign;
}

/** A start time in the future for MC's clock and for the simulator's (which may run ahead). */
export async function futureBase(env: CampaignEnv): Promise<number> {
  const state = await env.sim.control<{ clock: { now: string } }>('GET', '/state');
  return Math.max(Date.now(), Date.parse(state.clock.now));
}
