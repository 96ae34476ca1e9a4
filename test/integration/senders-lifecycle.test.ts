import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { expectBadPagingRefused, pageThrough } from './list-paging.js';

let env: CampaignEnv;
beforeAll(async () => {
  env = await startCampaignEnv('senders');
});
afterAll(async () => env?.stop());

describe('sender names', () => {
  it('creates a sender pending approval with revision 1 and the form defaults', async () => {
    const r = await env.admin.client.post(`${env.base}/senders`, { name: 'Numeric', saddr: '12345' });
    expect(r.status).toBe(201);
    expect(r.body.sender.status).toBe('pending_approval');
    expect(r.body.revision).toMatchObject({ revision_number: 1, saddr: '12345', ston: 1, snpi: 1, dton: 1, dnpi: 1, status: 'pending_approval' });
    const alpha = await env.admin.client.post(`${env.base}/senders`, { name: 'Alpha', saddr: 'Shop.UZ' });
    expect(alpha.body.revision).toMatchObject({ ston: 5, snpi: 0, dton: 1, dnpi: 1 });
  });

  it('pages the sender list by name with limit ≤ 200 and a cursor', async () => {
    for (const name of ['Pg Delta', 'Pg Alpha', 'Pg Charlie', 'Pg Bravo', 'Pg Echo']) expect((await env.admin.client.post(`${env.base}/senders`, { name, saddr: 'PAGED' })).status).toBe(201);
    const names = await pageThrough(env.author.client, `${env.base}/senders`, (s) => String(s.name));
    expect(names.filter((n) => n.startsWith('Pg '))).toEqual(['Pg Alpha', 'Pg Bravo', 'Pg Charlie', 'Pg Delta', 'Pg Echo']);
    expect(names).toEqual([...names].sort());
    const pending = await pageThrough(env.author.client, `${env.base}/senders?status=pending_approval`, (s) => String(s.status));
    expect(new Set(pending)).toEqual(new Set(['pending_approval']));
    await expectBadPagingRefused(env.author.client, `${env.base}/senders`);
  });

  it('refuses bad addresses and unknown fields with field paths', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'X1', saddr: 'TOO-LONG-NAME-1' }, 'body.saddr'],
      [{ name: 'X2', saddr: '12' }, 'body.saddr'],
      [{ name: 'X3', saddr: 'Bad_chars' }, 'body.saddr'],
      [{ name: 'X4', saddr: 'OK', ston: 7 }, 'body.ston'],
      [{ name: 'X5', saddr: 'OK', snpi: 19 }, 'body.snpi'],
      [{ name: 'X6', saddr: 'OK', dton: 'one' }, 'body.dton'],
      [{ name: 'X7', saddr: 'OK', extra: true }, 'body.extra'],
      [{ name: '', saddr: 'OK' }, 'body.name'],
    ];
    for (const [body, path] of cases) {
      const r = await env.admin.client.post(`${env.base}/senders`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });

  it('keeps active names unique per workspace (case-insensitively) and frees a name on archive', async () => {
    const first = await env.admin.client.post(`${env.base}/senders`, { name: 'Unique', saddr: 'UNIQ' });
    expect(first.status).toBe(201);
    const clash = await env.admin.client.post(`${env.base}/senders`, { name: 'unique', saddr: 'UNIQ' });
    expect(clash.status).toBe(409);
    const parallel = await Promise.all(Array.from({ length: 10 }, () => env.admin.client.post(`${env.base}/senders`, { name: 'Racy', saddr: 'RACY' })));
    expect(parallel.filter((r) => r.status === 201)).toHaveLength(1);
    expect(parallel.filter((r) => r.status === 409)).toHaveLength(9);
    const archived = await env.admin.client.post(`${env.base}/senders/${first.body.sender.id}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.sender.status).toBe('archived');
    const again = await env.admin.client.post(`${env.base}/senders`, { name: 'Unique', saddr: 'UNIQ' });
    expect(again.status).toBe(201);
    expect((await env.admin.client.post(`${env.base}/senders/${first.body.sender.id}/archive`)).status).toBe(422);
  });

  it('lets only admins create and archive senders', async () => {
    for (const user of [env.author, env.moderator, env.authorMod]) {
      expect((await user.client.post(`${env.base}/senders`, { name: 'Nope', saddr: 'NOPE' })).status).toBe(403);
    }
  });

  it('numbers parallel proposals uniquely and never lets anyone approve their own revision but a super admin', async () => {
    const created = await env.admin.client.post(`${env.base}/senders`, { name: 'Revised', saddr: 'REV' });
    const senderId = created.body.sender.id;
    const proposals = await Promise.all(
      Array.from({ length: 8 }, (_, i) => env.author.client.post(`${env.base}/senders/${senderId}/revisions`, { saddr: `REV${i}`, reason: `change ${i}` })),
    );
    expect(proposals.every((p) => p.status === 201)).toBe(true);
    const numbers = proposals.map((p) => p.body.revision.revision_number).sort((a: number, b: number) => a - b);
    expect(numbers).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);

    const own = proposals[0]!.body.revision.id;
    expect((await env.author.client.post(`${env.base}/sender-revisions/${own}/approve`, {})).status).toBe(403);
    // The admin created revision 1: not theirs to approve either.
    expect((await env.admin.client.post(`${env.base}/sender-revisions/${created.body.revision.id}/approve`, {})).status).toBe(403);
    // An author+moderator flag may moderate others' revisions.
    const first = await env.authorMod.client.post(`${env.base}/sender-revisions/${created.body.revision.id}/approve`, { note: 'fine' });
    expect(first.status).toBe(200);
    let detail = await env.author.client.get(`${env.base}/senders/${senderId}`);
    expect(detail.body.sender.status).toBe('approved');
    expect(detail.body.sender.current_revision.saddr).toBe('REV');

    const later = proposals[3]!.body.revision;
    expect((await env.moderator.client.post(`${env.base}/sender-revisions/${later.id}/approve`, {})).status).toBe(200);
    detail = await env.author.client.get(`${env.base}/senders/${senderId}`);
    expect(detail.body.sender.current_revision_id).toBe(later.id);
    // The history pages newest first by revision number, and refuses foreign cursors and limits.
    const history = await pageThrough(env.author.client, `${env.base}/senders/${senderId}/revisions`, (r) => String(r.revision_number));
    expect(history).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1']);
    await expectBadPagingRefused(env.author.client, `${env.base}/senders/${senderId}/revisions`);

    // Decided revisions are immutable.
    expect((await env.moderator.client.post(`${env.base}/sender-revisions/${later.id}/reject`, { note: 'too late' })).status).toBe(422);
    // A reject needs a note.
    const pending = proposals[1]!.body.revision.id;
    expect((await env.moderator.client.post(`${env.base}/sender-revisions/${pending}/reject`, {})).status).toBe(400);
    expect((await env.moderator.client.post(`${env.base}/sender-revisions/${pending}/reject`, { note: 'no' })).status).toBe(200);

    // A super admin may approve their own revision.
    const saOwn = await env.sa.post(`${env.base}/senders/${senderId}/revisions`, { saddr: 'SAREV', reason: 'sa' });
    expect((await env.sa.post(`${env.base}/sender-revisions/${saOwn.body.revision.id}/approve`, {})).status).toBe(200);
  });

  it('lets exactly one of many parallel decisions win', async () => {
    const created = await env.admin.client.post(`${env.base}/senders`, { name: 'Contested', saddr: 'CONT' });
    const id = created.body.revision.id;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 ? env.moderator.client.post(`${env.base}/sender-revisions/${id}/approve`, {}) : env.authorMod.client.post(`${env.base}/sender-revisions/${id}/reject`, { note: 'no' }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => [200, 409, 422].includes(r.status))).toBe(true);
  });

  it('rejects the sender with its first revision, lists the queue, and hides other tenants', async () => {
    const created = await env.admin.client.post(`${env.base}/senders`, { name: 'Rejected', saddr: 'REJ' });
    const queue = await env.moderator.client.get(`${env.base}/moderation?kind=sender_revisions&limit=200`);
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(created.body.revision.id);
    expect(queue.body.items.find((r: { id: string }) => r.id === created.body.revision.id).sender_name).toBe('Rejected');
    const pendingIds = await pageThrough(env.moderator.client, `${env.base}/moderation?kind=sender_revisions`, (r) => String(r.id));
    expect(pendingIds).toEqual(queue.body.items.map((r: { id: string }) => r.id));
    await expectBadPagingRefused(env.moderator.client, `${env.base}/moderation?kind=sender_revisions`);
    await env.moderator.client.post(`${env.base}/sender-revisions/${created.body.revision.id}/reject`, { note: 'bad' });
    const detail = await env.author.client.get(`${env.base}/senders/${created.body.sender.id}`);
    expect(detail.body.sender.status).toBe('rejected');
    expect((await env.author.client.get(`${env.base}/senders/0123456789abcdef01234567`)).status).toBe(404);
    expect((await env.author.client.get(`${env.base}/senders/not-an-id`)).status).toBe(404);
    expect((await env.author.client.get('/api/w/default/senders')).status).toBe(404);
    const listed = await env.author.client.get(`${env.base}/senders?status=approved`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.every((s: { status: string }) => s.status === 'approved')).toBe(true);
  });
  it('lists the address waiting for approval: a new sender\'s only one, and a proposed change beside the current one', async () => {
    const created = await env.admin.client.post(`${env.base}/senders`, { name: 'Waiting', saddr: 'WAIT1' });
    const listedAs = async (name: string) => (await env.author.client.get(`${env.base}/senders?limit=200`)).body.items.find((s: { name: string }) => s.name === name);
    expect(await listedAs('Waiting')).toMatchObject({ current_revision: null, pending_saddr: 'WAIT1' });
    expect((await env.moderator.client.post(`${env.base}/sender-revisions/${created.body.revision.id}/approve`, { note: 'ok' })).status).toBe(200);
    expect(await listedAs('Waiting')).toMatchObject({ current_revision: { saddr: 'WAIT1' }, pending_saddr: null });
    await env.author.client.post(`${env.base}/senders/${created.body.sender.id}/revisions`, { saddr: 'WAIT2', reason: 'rename' });
    await env.author.client.post(`${env.base}/senders/${created.body.sender.id}/revisions`, { saddr: 'WAIT3', reason: 'rename again' });
    // The newest proposal is the one shown.
    expect(await listedAs('Waiting')).toMatchObject({ current_revision: { saddr: 'WAIT1' }, pending_saddr: 'WAIT3' });
  });
});
