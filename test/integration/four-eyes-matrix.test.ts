// Four eyes over HTTP (product.md §1, issue 18): nobody approves a campaign whose content they
// created or changed (text, sender, schedule, recipients), nor a sender revision they proposed; a
// super admin may, and the approval's audit event says `self_approval: true`.
// Matrix: {author, author + flag, moderator, admin, super admin} × {created it, edited it, replaced
// its recipients, neither} × {approve campaign}, and × {proposed it, neither} × {approve revision}
// (a revision is never edited: its proposer is all of its content).
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { membershipsCollection } from '../../src/server/workspaces/workspace-store.js';
import type { Role } from '../../src/domain/roles.js';
import type { ApiClient } from '../support/http-client.js';
import { createCampaign, markRecipients, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { makeMember, type FixtureUser } from './workspaces-fixtures.js';

const COLUMNS = ['author', 'author_moderator', 'moderator', 'admin', 'super_admin'] as const;
type Column = (typeof COLUMNS)[number];
const RELATIONS = ['created', 'edited', 'recipients', 'neither'] as const;
type Relation = (typeof RELATIONS)[number];

/** What happens: the content step's status (null: none) and the approval's status, error code and self_approval mark. */
interface Outcome {
  step: number | null;
  approve: number;
  code?: string;
  selfApproval?: boolean;
}

const forbidden: Outcome = { step: null, approve: 403, code: 'forbidden' };
const approved: Outcome = { step: null, approve: 200, selfApproval: false };
const fourEyes: Outcome = { step: null, approve: 403, code: 'four_eyes' };

// Who may touch the content: only the author and admins edit (docs/decisions.md), so an author
// (with or without the flag) is refused on a colleague's campaign and may then approve it.
// The moderator column is a user who touched the content while they were an author (created)
// or an admin (edited, recipients), and was made a moderator before approving: the record of
// who changed the content survives role changes.
const CAMPAIGN_MATRIX: Record<Column, Record<Relation, Outcome>> = {
  author: { created: { ...forbidden, step: 201 }, edited: { ...forbidden, step: 403 }, recipients: { ...forbidden, step: 403 }, neither: forbidden },
  author_moderator: { created: { ...fourEyes, step: 201 }, edited: { ...approved, step: 403 }, recipients: { ...approved, step: 403 }, neither: approved },
  moderator: { created: { ...fourEyes, step: 201 }, edited: { ...fourEyes, step: 200 }, recipients: { ...fourEyes, step: 200 }, neither: approved },
  admin: { created: { ...fourEyes, step: 201 }, edited: { ...fourEyes, step: 200 }, recipients: { ...fourEyes, step: 200 }, neither: approved },
  super_admin: {
    created: { step: 201, approve: 200, selfApproval: true },
    edited: { step: 200, approve: 200, selfApproval: true },
    recipients: { step: 200, approve: 200, selfApproval: true },
    neither: approved,
  },
};

const REVISION_MATRIX: Record<Column, Record<'proposed' | 'neither', Outcome>> = {
  author: { proposed: { ...forbidden, step: 201 }, neither: forbidden },
  author_moderator: { proposed: { ...fourEyes, step: 201 }, neither: approved },
  moderator: { proposed: { ...fourEyes, step: 201 }, neither: approved },
  admin: { proposed: { ...fourEyes, step: 201 }, neither: approved },
  super_admin: { proposed: { step: 201, approve: 200, selfApproval: true }, neither: approved },
};

const MEMBERSHIP: Record<Exclude<Column, 'super_admin'>, [Role, boolean]> = {
  author: ['author', false],
  author_moderator: ['author', true],
  moderator: ['moderator', false],
  admin: ['admin', false],
};

let env: CampaignEnv;
let serial = 0;

beforeAll(async () => {
  env = await startCampaignEnv('foureyes', {}, { LOGIN_RATE_PER_IP: '1000' });
});
afterAll(async () => env?.stop());

interface Actor {
  client: ApiClient;
  user: FixtureUser | null;
}

/** A fresh user of the column (the super admin is the seeded one). */
async function actorOf(column: Column, roleWhileTouching?: Role): Promise<Actor> {
  if (column === 'super_admin') return { client: env.sa, user: null };
  const [role, flag] = MEMBERSHIP[column];
  const user = await makeMember(env.srv, env.ws, `${column}-${++serial}@foureyes.test`, roleWhileTouching ?? role, flag);
  return { client: user.client, user };
}

async function setRole(user: FixtureUser, role: Role): Promise<void> {
  await membershipsCollection(env.srv.database.db).updateOne({ workspace_id: env.ws._id, user_id: user.oid } as never, { $set: { role } });
}

async function approvalEvent(action: string, resourceId: string) {
  return env.srv.database.db.collection(COLLECTIONS.auditLogs).findOne({ action, 'resource.id': resourceId }, { sort: { ts: -1 } });
}

const recipientsBody = '998901111111\n998901111112\n';

async function touchCampaign(actor: Actor, relation: Relation): Promise<{ externalId: string; step: number | null }> {
  const owner = relation === 'created' ? actor.client : env.author.client;
  const created = await owner.post(`${env.base}/campaigns`, {
    external_id: crypto.randomUUID(),
    mode: 'OnDemand',
    name: 'Four eyes',
    sender_id: env.senderId,
    esme: 'esme-beeline',
    text: 'Hello there',
  });
  if (relation === 'created' && created.status !== 201) return { externalId: '', step: created.status };
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const campaign = created.body.campaign;
  await markRecipients(env, { external_id: campaign.external_id }, 2); // submit needs recipients
  const submitted = await owner.post(`${env.base}/campaigns/${campaign.external_id}/submit`, {});
  expect(submitted.status).toBe(200);
  let step: number | null = relation === 'created' ? 201 : null;
  if (relation === 'edited') {
    const r = await actor.client.patch(`${env.base}/campaigns/${campaign.external_id}`, { version: submitted.body.campaign.version, text: 'Changed before approval' });
    step = r.status;
  }
  if (relation === 'recipients') {
    const r = await actor.client.request('PUT', `${env.base}/campaigns/${campaign.external_id}/recipients`, recipientsBody, { 'content-type': 'text/plain' });
    step = r.status;
  }
  return { externalId: campaign.external_id, step };
}

describe('approving a campaign', () => {
  const cells = COLUMNS.flatMap((column) => RELATIONS.map((relation) => [column, relation] as const));
  it.each(cells)('%s who %s', async (column, relation) => {
    const expected = CAMPAIGN_MATRIX[column][relation];
    // The moderator column touched the content under the role that allowed it, then became a moderator.
    const touchingRole: Role | undefined = column !== 'moderator' || relation === 'neither' ? undefined : relation === 'created' ? 'author' : 'admin';
    const actor = await actorOf(column, touchingRole);
    const { externalId, step } = await touchCampaign(actor, relation);
    expect(step, 'the content step').toBe(expected.step);
    if (touchingRole) await setRole(actor.user!, 'moderator');

    const r = await actor.client.post(`${env.base}/campaigns/${externalId}/approve`, {});
    expect({ status: r.status, code: r.body?.error?.code }, JSON.stringify(r.body)).toEqual({ status: expected.approve, code: expected.code });
    if (expected.approve !== 200) {
      const after = await env.author.client.get(`${env.base}/campaigns/${externalId}`);
      expect(after.body.campaign.approved_at).toBeNull();
      return;
    }
    const event = await approvalEvent('campaign.approved', externalId);
    expect(event?.after.self_approval).toBe(expected.selfApproval);
  });
});

describe('approving a sender revision', () => {
  const cells = COLUMNS.flatMap((column) => (['proposed', 'neither'] as const).map((relation) => [column, relation] as const));
  it.each(cells)('%s who %s it', async (column, relation) => {
    const expected = REVISION_MATRIX[column][relation];
    const actor = await actorOf(column);
    const proposer = relation === 'proposed' ? actor.client : env.author.client;
    const proposed = await proposer.post(`${env.base}/senders/${env.senderId}/revisions`, { saddr: `BRAND${++serial}`, reason: 'four eyes' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    if (expected.step !== null) expect(proposed.status).toBe(expected.step);
    const revisionId: string = proposed.body.revision.id;

    const r = await actor.client.post(`${env.base}/sender-revisions/${revisionId}/approve`, { note: 'ok' });
    expect({ status: r.status, code: r.body?.error?.code }, JSON.stringify(r.body)).toEqual({ status: expected.approve, code: expected.code });
    if (expected.approve === 200) expect((await approvalEvent('sender_revision.approved', revisionId))?.after.self_approval).toBe(expected.selfApproval);
  });
});

describe('a refused four-eyes decision', () => {
  it('holds for reject too, and is audited as authz.denied with reason four_eyes', async () => {
    const actor = await actorOf('admin');
    const { externalId } = await touchCampaign(actor, 'edited');
    expect((await actor.client.post(`${env.base}/campaigns/${externalId}/approve`, {})).status).toBe(403);
    const rejected = await actor.client.post(`${env.base}/campaigns/${externalId}/reject`, { reason: 'not mine to judge' });
    expect([rejected.status, rejected.body.error.code]).toEqual([403, 'four_eyes']);
    // Both refusals are audited, each under its own route (read by route: the two may share a timestamp).
    for (const action of ['approve', 'reject']) {
      const id = `POST /api/w/:slug/campaigns/:external_id/${action}`;
      const denied = await env.srv.database.db.collection(COLLECTIONS.auditLogs).findOne({ action: 'authz.denied', 'actor.id': actor.user!.id, 'resource.id': id });
      expect(denied?.resource).toEqual({ type: 'route', id });
      expect(denied?.after).toEqual({ reason: 'four_eyes', params: { slug: env.ws.slug, external_id: externalId } });
    }
  });
});

describe('an edit of an approved campaign by someone else', () => {
  it('clears the approval, puts it back in the queue, and its editor cannot approve it again', async () => {
    const c = await createCampaign(env, env.author, { auto_start: false });
    await markRecipients(env, { external_id: c.external_id }, 2);
    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
    const first = await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {});
    expect(first.status).toBe(200);
    expect(first.body.campaign.approved_at).not.toBeNull();

    const edited = await env.admin.client.patch(`${env.base}/campaigns/${c.external_id}`, { version: first.body.campaign.version, text: 'Changed after approval' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.campaign.approved_at).toBeNull();
    expect(edited.body.campaign.badge).toBe('awaiting_approval');
    expect(edited.body.campaign.content_editors).toEqual([env.author.id, env.admin.id]);
    const queue = await env.srv.database.db.collection(COLLECTIONS.campaigns).findOne({ external_id: c.external_id });
    expect(queue?.moderation_queue).toBe(true);
    expect(queue?.content_editors.map((id: ObjectId) => id.toHexString())).toEqual([env.author.id, env.admin.id]);

    expect((await env.admin.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).body.error.code).toBe('four_eyes');
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
  });
});
