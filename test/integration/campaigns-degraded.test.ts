// While MongoDB is down (operations.md §3): the detail, pause, resume and cancel work from Core,
// checked against the job's workspace and author; their audit events go to the fallback file;
// anything that must write MongoDB answers 503; the poller catches the shadow document up after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/server/seed/seed.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { testConfig } from '../support/config.js';
import { startDevDb, type DevDbProcess } from '../support/devdb-process.js';
import { ApiClient } from '../support/http-client.js';
import type { TestServer } from '../support/server.js';
import { startSim, type RunningSim } from '../support/sim.js';
import { campaignBody, uploadNumbers, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';
import { makeMember, makeWorkspace, type FixtureUser } from './workspaces-fixtures.js';

let devdb: DevDbProcess;
let sim: RunningSim;
let running: RunningServer;
let mongo: MongoClient;
let fallbackDir: string;
let fallbackFile: string;
let author: FixtureUser;
let author2: FixtureUser;
let env: CampaignEnv;

beforeAll(async () => {
  devdb = await startDevDb();
  sim = await startSim({ sendRate: 10 });
  fallbackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-degraded-'));
  fallbackFile = path.join(fallbackDir, 'audit-fallback.jsonl');
  const config = testConfig({
    MONGODB_URI: devdb.uri,
    MONGODB_DB: 'degraded',
    CORE_API_URL: sim.coreUrl,
    CORE_HEALTH_URL: sim.healthUrl,
    PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
    PROXY_API_URL: sim.proxyUrl,
    CORE_POLL_INTERVAL_MS: '200',
    AUDIT_FALLBACK_FILE: fallbackFile,
  });
  mongo = new MongoClient(devdb.uri, { serverSelectionTimeoutMS: 5_000 });
  const db = mongo.db('degraded');
  await seed(db, config);
  running = await startServer(config);
  for (let i = 0; i < 100 && !running.app.dbState.ready; i++) await new Promise((r) => setTimeout(r, 50));
  // The workspace fixtures need only the database and a client of this server.
  const srv = { database: { db }, client: () => new ApiClient(running.url) } as unknown as TestServer;
  const ws = await makeWorkspace(srv, 'degraded-ws');
  const admin = await makeMember(srv, ws, 'admin-deg@example.test', 'admin');
  const moderator = await makeMember(srv, ws, 'mod-deg@example.test', 'moderator');
  author = await makeMember(srv, ws, 'author-deg@example.test', 'author');
  author2 = await makeMember(srv, ws, 'author2-deg@example.test', 'author');
  const base = `/api/w/${ws.slug}`;
  const sender = await admin.client.post(`${base}/senders`, { name: 'Brand', saddr: 'BRAND' });
  await moderator.client.post(`${base}/sender-revisions/${sender.body.revision.id}/approve`, {});
  env = { srv: { app: running.app }, base, senderId: sender.body.sender.id } as unknown as CampaignEnv;
  env.moderator = moderator;
});

afterAll(async () => {
  await running?.close();
  await mongo?.close();
  await sim?.stop();
  await devdb?.dispose();
  fs.rmSync(fallbackDir, { recursive: true, force: true });
});

describe('campaign control while the database is down', () => {
  it('shows, pauses, resumes and cancels from Core; refuses writes with 503; catches up afterwards', { timeout: 180_000 }, async () => {
    const created = await author.client.post(`${env.base}/campaigns`, campaignBody(env));
    expect(created.status).toBe(201);
    const c = created.body.campaign;
    await uploadNumbers(env, c.job_id, 5000);
    await author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {});
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
    await waitForStatus(env, author.client, c.external_id, ['Sending']);
    await author2.client.get(`${env.base}/campaigns`);

    const port = new URL(devdb.uri).port;
    await devdb.stop();
    const url = `${env.base}/campaigns/${c.external_id}`;
    const detail = await author.client.get(url);
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.campaign).toMatchObject({ status: 'Sending', degraded: true, external_id: c.external_id });

    const paused = await author.client.post(`${url}/pause`, {});
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect((await running.app.core.core.getJob(c.job_id, 't')).status).toBe('paused');
    expect((await author.client.post(`${url}/resume`, {})).status).toBe(200);
    // Own-rules still hold: another author may not control this campaign.
    expect((await author2.client.post(`${url}/cancel`, {})).status).toBe(403);
    // Writes that need MongoDB answer 503 database_unavailable.
    const create = await author.client.post(`${env.base}/campaigns`, campaignBody(env));
    expect(create.status).toBe(503);
    expect(create.body.error.code).toBe('database_unavailable');
    expect((await author.client.post(`${url}/archive`, {})).status).toBe(503);
    expect((await author.client.post(`${url}/cancel`, {})).status).toBe(200);
    expect((await running.app.core.core.getJob(c.job_id, 't')).status).toBe('cancelled');

    const lines = fs.readFileSync(fallbackFile, 'utf8');
    for (const action of ['campaign.paused', 'campaign.resumed', 'campaign.cancelled']) expect(lines).toContain(action);

    devdb = await startDevDb({ dataDir: devdb.dataDir, port: Number(port), fresh: false });
    // Until the server's client sees the database again (up to ~35 s when the driver's monitor was
    // stuck, monitor-watchdog.ts), the detail still comes from Core, Cancelled and degraded.
    await expect
      .poll(async () => {
        const { status, degraded } = (await author.client.get(url)).body.campaign ?? {};
        return { status, degraded };
      }, { timeout: 60_000, interval: 200 })
      .toEqual({ status: 'Cancelled', degraded: undefined });
  });
});
