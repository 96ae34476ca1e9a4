// GET /api/w/{slug}/events: a campaign seen going Sending → Done live, tenant isolation,
// Last-Event-ID resume, the per-user stream cap, and the re-check that ends a stream on logout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_TIMINGS } from '../../src/server/events/event-stream.js';
import { createCampaign, startCampaignEnv, type CampaignEnv } from './campaigns-fixture.js';
import { openSse, type SseEvent, type SseStream } from './events-sse-client.js';
import { putStream } from './recipients-upload-client.js';
import { makeMember, makeWorkspace } from './workspaces-fixtures.js';

let env: CampaignEnv;
const opened: SseStream[] = [];
const recheckMs = STREAM_TIMINGS.recheckMs;

beforeAll(async () => {
  env = await startCampaignEnv('events', { sendRate: 40 });
});
afterAll(async () => {
  STREAM_TIMINGS.recheckMs = recheckMs;
  for (const s of opened) s.close();
  await env?.stop();
});

const eventsUrl = (slug: string) => `${env.srv.url}/api/w/${slug}/events`;
async function open(cookie: string | null, slug = env.ws.slug, headers: Record<string, string> = {}) {
  const s = await openSse(eventsUrl(slug), cookie, headers);
  opened.push(s);
  return s;
}
const about = (externalId: string, event: string, status?: string) => (e: SseEvent) =>
  e.event === event && JSON.parse(e.data).external_id === externalId && (status === undefined || JSON.parse(e.data).status === status);

describe('workspace event stream', () => {
  it('pushes upload progress and a campaign going Sending → Done, to its own workspace only', async () => {
    const other = await makeWorkspace(env.srv, 'events-other');
    const outsider = await makeMember(env.srv, other, 'outsider-events@example.test', 'admin');
    const mine = await open(env.moderator.client.sessionCookie);
    const theirs = await open(outsider.client.sessionCookie, other.slug);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toContain('text/event-stream');
    expect(mine.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(mine.headers.get('x-request-id')).toBeTruthy();

    const c = await createCampaign(env, env.author);
    const numbers = Array.from({ length: 120 }, (_, i) => `99890${1_000_000 + i}`).join('\n');
    const upload = await putStream({
      url: `${env.srv.url}${env.base}/campaigns/${c.external_id}/recipients`,
      cookie: env.author.client.sessionCookie,
      contentType: 'text/plain',
      body: (async function* () {
        yield Buffer.from(numbers);
      })(),
    });
    expect(upload.status).toBe(200);
    const uploaded = await mine.waitFor(about(c.external_id, 'upload'));
    expect(uploaded.id).toMatch(/^[0-9a-f]{8}-[0-9]+$/);
    await mine.waitFor((e) => e.event === 'upload' && JSON.parse(e.data).state === 'done' && JSON.parse(e.data).accepted === 120);

    expect((await env.author.client.post(`${env.base}/campaigns/${c.external_id}/submit`, {})).status).toBe(200);
    expect((await env.moderator.client.post(`${env.base}/campaigns/${c.external_id}/approve`, {})).status).toBe(200);
    const sending = await mine.waitFor(about(c.external_id, 'status', 'Sending'));
    const done = await mine.waitFor(about(c.external_id, 'status', 'Done'), 30_000);
    expect(JSON.parse(done.data)).toMatchObject({ previous: 'Sending' });
    const progress = mine.events.filter(about(c.external_id, 'progress')).map((e) => JSON.parse(e.data).progress);
    expect(progress.at(-1)).toMatchObject({ total: 120 });
    const ids = mine.events.map((e) => Number(e.id!.split('-')[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(theirs.events.filter((e) => e.data.includes(c.external_id))).toEqual([]);

    // Resume after the Sending event: everything after it is replayed, in order, Done included.
    const resumed = await open(env.author.client.sessionCookie, env.ws.slug, { 'last-event-id': sending.id! });
    await resumed.waitFor(about(c.external_id, 'status', 'Done'));
    expect(resumed.events[0]!.id).not.toBe(sending.id);
    expect(resumed.events.find((e) => e.id === sending.id)).toBeUndefined();
    // An id from another process (or replica) cannot be resumed: the client is told to reload.
    const foreign = await open(env.author.client.sessionCookie, env.ws.slug, { 'last-event-id': 'ffffffff-12' });
    await foreign.waitFor((e) => e.event === 'resync');
  });

  it('allows 5 open streams per user, refuses the 6th with 429, and frees a slot on close', async () => {
    const user = await makeMember(env.srv, env.ws, 'streams-events@example.test', 'author');
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await open(user.client.sessionCookie));
    expect(streams.every((s) => s.status === 200)).toBe(true);
    const sixth = await open(user.client.sessionCookie);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    streams[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await open(user.client.sessionCookie)).status).toBe(200);
  });

  it('refuses non-members and closes an open stream on logout and on membership loss', async () => {
    const other = await makeWorkspace(env.srv, 'events-closed');
    const stranger = await makeMember(env.srv, other, 'stranger-events@example.test', 'admin');
    expect((await open(stranger.client.sessionCookie)).status).toBe(404);
    expect((await open(null)).status).toBe(401);

    STREAM_TIMINGS.recheckMs = 150;
    const leaving = await makeMember(env.srv, env.ws, 'leaving-events@example.test', 'author');
    const loggingOut = await makeMember(env.srv, env.ws, 'logout-events@example.test', 'author');
    const a = await open(leaving.client.sessionCookie);
    const b = await open(loggingOut.client.sessionCookie);
    expect([a.status, b.status]).toEqual([200, 200]);
    await env.srv.database.db.collection('memberships').deleteOne({ user_id: leaving.oid });
    expect((await loggingOut.client.post('/api/auth/logout', {})).status).toBe(204);
    await Promise.race([Promise.all([a.ended, b.ended]), new Promise((_, reject) => setTimeout(() => reject(new Error('streams stayed open')), 5_000))]);
    expect(a.isEnded() && b.isEnded()).toBe(true);
    STREAM_TIMINGS.recheckMs = recheckMs;
  });
});
