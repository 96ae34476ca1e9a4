import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/server/auth/password.js';
import { newUserDoc } from '../../src/server/users/user-store.js';
import type { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let srv: TestServer;

async function signedIn(email: string, role: 'admin' | 'moderator' | null): Promise<ApiClient> {
  const db = srv.database.db;
  const user = newUserDoc({ _id: new ObjectId(), email, name: email, password_hash: await hashPassword('user-password-1', 4) });
  await db.collection('users').insertOne(user);
  const ws = await db.collection('workspaces').findOne({ slug: 'default' });
  if (role) await db.collection('memberships').insertOne({ _id: new ObjectId(), workspace_id: ws!._id, user_id: user._id, role, is_moderator: false, created_at: new Date() });
  const c = srv.client();
  await c.login(email, 'user-password-1');
  return c;
}

beforeAll(async () => {
  srv = await startTestServer({ ADMIN_DIAGNOSTICS_ENABLED: 'true' }, 'auditdiagflag');
});
afterAll(async () => {
  await srv?.stop();
});

describe('diagnostics with ADMIN_DIAGNOSTICS_ENABLED=true', () => {
  it('opens the checklist and the audit diagnostics to admins of any workspace, not to other roles', async () => {
    const admin = await signedIn('diag-admin@example.test', 'admin');
    const moderator = await signedIn('diag-mod@example.test', 'moderator');
    const nobody = await signedIn('diag-none@example.test', null);
    expect((await admin.get('/api/diagnostics/audit')).status).toBe(200);
    expect((await admin.get('/api/diagnostics')).body.checks).toHaveLength(6);
    for (const c of [moderator, nobody]) {
      expect((await c.get('/api/diagnostics/audit')).status).toBe(403);
      const d = await c.get('/api/diagnostics');
      expect(d.status).toBe(200);
      expect(d.body.checks).toBeUndefined();
    }
  });
});
