// docs/scaling.md, checked: the queries the stores send during real flows (recorded by the
// driver's command monitor) start with their collection's shard-key prefix, so on a sharded
// cluster each goes to one shard. Collections that stay unsharded (small) are not checked; the few
// background queries that may fan out are listed with their reason.
import { randomUUID } from 'node:crypto';
import type { CommandStartedEvent, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS as C } from '../../src/server/db/collections.js';
import { createCampaign, futureBase, startCampaignEnv, waitForStatus, type CampaignEnv } from './campaigns-fixture.js';

/** The shard key of every collection that is sharded (docs/scaling.md); the others stay unsharded. */
const SHARD_KEYS: Record<string, string[]> = {
  [C.campaigns]: ['workspace_id', '_id'],
  [C.auditLogs]: ['day', 'workspace_id'],
  [C.apiTokenUsage]: ['workspace_id', 'token_id', 'minute'],
  [C.idempotencyKeys]: ['workspace_id', '_id'],
  [C.rateLimitHits]: ['bucket'],
  [C.claims]: ['_id'],
  [C.progressSteps]: ['workspace_id', 'recorded_at'],
  [C.progressSummaries]: ['workspace_id', 'at'],
};

/** Queries allowed to reach every shard: rare or background, never per request. `collection:fields` */
const FAN_OUT_ALLOWED: Record<string, string> = {
  'campaigns:status': 'status poller full sync, once a minute on one replica (index `status`)',
  'campaigns:job_id': 'reconciler, twice a minute on one replica: campaigns Core has no job for yet',
  'campaigns:archived_at,status,submitted_at,updated_at': 'drafts sweeper, on the poller lease holder only: drafts untouched for 30 days',
  'campaigns:external_id': 'create: the external id is unique across workspaces (on a cluster: an _id-keyed registry, docs/scaling.md)',
  'api_token_usage:minute': 'hourly prune of usage buckets',
  'rate_limit_hits:expires_at': 'expiry sweeper, once a minute',
  'idempotency_keys:expires_at': 'expiry sweeper, once a minute',
  'claims:expires_at': 'expiry sweeper, once a minute (version claims kept after their write)',
  'progress_steps:recorded_at': 'quarter-hour summaries of the progress steps, every 5 minutes on one replica',
  'progress_steps:expires_at': 'expiry sweeper, once a minute',
  'progress_summaries:expires_at': 'expiry sweeper, once a minute',
};

interface Query {
  command: string;
  collection: string;
  fields: string[];
}

/** The fields a filter constrains at its top level (and inside a top-level `$and`). */
function fieldsOf(filter: Document | undefined): string[] {
  if (!filter) return [];
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) for (const part of value) for (const f of fieldsOf(part as Document)) fields.add(f);
    else if (!key.startsWith('$')) fields.add(key);
  }
  return [...fields].sort();
}

function queriesOf(e: CommandStartedEvent): Query[] {
  const c = e.command;
  const collection = String(c[e.commandName]);
  const one = (filter: Document | undefined) => ({ command: e.commandName, collection, fields: fieldsOf(filter) });
  switch (e.commandName) {
    case 'find':
      return [one(c.filter)];
    case 'count':
      return [one(c.query)];
    case 'findAndModify':
      return [one(c.query)];
    case 'aggregate':
      return [one((c.pipeline as Document[])[0]?.$match)];
    case 'update':
      return (c.updates as Document[]).map((u) => one(u.q));
    case 'delete':
      return (c.deletes as Document[]).map((d) => one(d.q));
    default:
      return [];
  }
}

let env: CampaignEnv;
const recorded: Query[] = [];

beforeAll(async () => {
  env = await startCampaignEnv('shardkeys', { sendRate: 1000 }, {}, { monitorCommands: true });
  env.srv.app.db.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.databaseName === env.srv.database.name) recorded.push(...queriesOf(e));
  });
});
afterAll(async () => env?.stop());

describe('shard-key prefixes of the queries the stores send', () => {
  it('every recorded query on a sharded collection names its shard key’s first field, or is a listed background query', async () => {
    // The flows: campaigns through their life (with the status poller), lists, audit, trigger API.
    const base = await futureBase(env);
    const c = await createCampaign(env, env.author);
    const upload = await env.author.client.request('PUT', `${env.base}/campaigns/${c.external_id}/recipients`, '998901111111\n998901111112\n', { 'content-type': 'text/plain' });
    expect(upload.status).toBe(200);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
    expect((await env.author.client.get(`${env.base}/campaigns`)).status).toBe(200);
    expect((await env.author.client.get(`${env.base}/campaigns/${c.external_id}`)).status).toBe(200);
    expect((await env.admin.client.get(`${env.base}/audit`)).status).toBe(200);
    const trigger = await createCampaign(env, env.author, { mode: 'Trigger', end_at: new Date(base + 3_600_000).toISOString(), text: 'Code {{code}}' });
    expect((await env.author.client.post(`${env.base}/campaigns/${trigger.external_id}/submit`, {})).status).toBe(200);
    expect((await env.moderator.client.post(`${env.base}/campaigns/${trigger.external_id}/approve`, {})).status).toBe(200);
    await waitForStatus(env, env.author.client, trigger.external_id, ['Sending']);
    const token = (await env.admin.client.post(`${env.base}/api-tokens`, { name: 'shard' })).body.token as string;
    for (const key of [randomUUID(), randomUUID()]) {
      const r = await fetch(`${env.srv.url}/api/v1/campaigns/${trigger.external_id}/numbers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: JSON.stringify({ number: '998901234567', vars: { code: '1' } }),
      });
      expect(r.status).toBe(202);
    }
    expect((await env.admin.client.get(`${env.base}/api-tokens`)).status).toBe(200);

    const checked = recorded.filter((q) => SHARD_KEYS[q.collection]);
    // Claims are insert-only in these flows (a claim is kept after the write that moved the version),
    // so `claims` may send no query; the ones it sends (release, take-over) are checked below.
    for (const name of [C.campaigns, C.auditLogs, C.rateLimitHits, C.idempotencyKeys]) {
      expect(checked.some((q) => q.collection === name), name).toBe(true);
    }
    const offenders = checked.filter((q) => !q.fields.includes(SHARD_KEYS[q.collection]![0]!) && !FAN_OUT_ALLOWED[`${q.collection}:${q.fields.join(',')}`]);
    expect(offenders.map((q) => `${q.command} ${q.collection} {${q.fields.join(', ')}}`)).toEqual([]);
  });
});
