import { expect } from 'vitest';
import { COLLECTIONS } from '../../../src/server/db/collections.js';
import { makeMember, makeWorkspace, type FixtureUser } from '../../integration/workspaces-fixtures.js';
import { ApiClient } from '../../support/http-client.js';
import type { E2EEnv } from './browser.js';

/**
 * A workspace `slug` with an admin, a moderator and an author whose language is `lang`, and one
 * sender (BRAND) the moderator approved: what a campaign screen needs before the author opens it.
 */
export async function authorWithApprovedSender(env: E2EEnv, slug: string, lang: 'en' | 'ru'): Promise<{ author: FixtureUser; senderId: string }> {
  const srv = { ...env.srv, client: () => new ApiClient(env.srv.url, env.baseUrl) };
  const ws = await makeWorkspace(srv, slug);
  const admin = await makeMember(srv, ws, `admin-${slug}@example.test`, 'admin');
  const author = await makeMember(srv, ws, `author-${slug}@example.test`, 'author');
  const moderator = await makeMember(srv, ws, `moderator-${slug}@example.test`, 'moderator');
  await env.srv.database.db.collection(COLLECTIONS.users).updateOne({ email: author.email }, { $set: { locale: lang } });
  const sender = await admin.client.post(`/api/w/${slug}/senders`, { name: 'Brand', saddr: 'BRAND' });
  expect(sender.status).toBe(201);
  expect((await moderator.client.post(`/api/w/${slug}/sender-revisions/${sender.body.revision.id}/approve`, { note: 'ok' })).status).toBe(200);
  return { author, senderId: sender.body.sender.id as string };
}
