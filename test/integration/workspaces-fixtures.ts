// Fixtures for the workspace, invitation, API token and authorization-matrix tests: users and
// memberships are written straight to the file's database (setup, not the behaviour under test);
// sign-in goes through the real API.
import { ObjectId } from 'mongodb';
import type { Role } from '../../src/domain/roles.js';
import { hashPassword } from '../../src/server/auth/password.js';
import { asWorkspaceId } from '../../src/server/db/tenant.js';
import { newUserDoc, usersCollection } from '../../src/server/users/user-store.js';
import { membershipsCollection, newWorkspaceDoc, workspacesCollection, type WorkspaceDoc } from '../../src/server/workspaces/workspace-store.js';
import { ApiClient } from '../support/http-client.js';
import type { TestServer } from '../support/server.js';

export const FIXTURE_PASSWORD = 'fixture-password-1';
let passwordHash: Promise<string> | null = null;

export interface FixtureUser {
  id: string;
  oid: ObjectId;
  email: string;
  client: ApiClient;
}

export async function makeUser(srv: TestServer, email: string, opts: { isSuperAdmin?: boolean; signIn?: boolean } = {}): Promise<FixtureUser> {
  passwordHash ??= hashPassword(FIXTURE_PASSWORD, 4);
  const doc = newUserDoc({ _id: new ObjectId(), email, name: `User ${email.split('@')[0]}`, password_hash: await passwordHash, is_super_admin: opts.isSuperAdmin ?? false });
  await usersCollection(srv.database.db).insertOne(doc);
  const client = srv.client();
  if (opts.signIn !== false) await client.login(email, FIXTURE_PASSWORD);
  return { id: doc._id.toHexString(), oid: doc._id, email, client };
}

export async function makeWorkspace(srv: TestServer, slug: string, fields: Partial<WorkspaceDoc> = {}): Promise<WorkspaceDoc> {
  const doc = newWorkspaceDoc({ slug, name: `Workspace ${slug}`, ...fields });
  await workspacesCollection(srv.database.db).insertOne(doc);
  return doc;
}

export async function addMembership(srv: TestServer, ws: WorkspaceDoc, user: FixtureUser, role: Role, isModerator = false): Promise<void> {
  await membershipsCollection(srv.database.db).insertOne({
    _id: new ObjectId(),
    workspace_id: asWorkspaceId(ws._id),
    user_id: user.oid,
    role,
    is_moderator: isModerator,
    created_at: new Date(),
  });
}

/** A member of `ws` with the given role, signed in. */
export async function makeMember(srv: TestServer, ws: WorkspaceDoc, email: string, role: Role, isModerator = false): Promise<FixtureUser> {
  const user = await makeUser(srv, email);
  await addMembership(srv, ws, user, role, isModerator);
  return user;
}

export async function superAdminClient(srv: TestServer): Promise<ApiClient> {
  const c = srv.client();
  await c.login(srv.superAdmin.email, srv.superAdmin.password);
  return c;
}

export const randomObjectId = () => new ObjectId().toHexString();
