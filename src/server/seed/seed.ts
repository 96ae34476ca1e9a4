import { ObjectId, type Db } from 'mongodb';
import type { Config } from '../config/config.js';
import { hashPassword, PASSWORD_MIN, randomPassword } from '../auth/password.js';
import { asWorkspaceId } from '../db/tenant.js';
import { migrate } from '../migrations/migrate.js';
import { newUserDoc, normalizeEmail, usersCollection } from '../users/user-store.js';
import { membershipsCollection, workspacesCollection } from '../workspaces/workspace-store.js';

export interface SeedResult {
  email: string;
  /** Set only when seed generated a password: it is printed once and never stored in clear. */
  generatedPassword: string | null;
  createdUser: boolean;
  repaired: string[];
}

/**
 * Migrates, then creates or repairs the super admin, the default workspace and the admin's
 * membership. Running it again changes nothing (every write is an upsert with $setOnInsert
 * or a conditional repair).
 */
export async function seed(db: Db, config: Config, log: (line: string) => void = () => undefined): Promise<SeedResult> {
  await migrate(db, { auditRetentionDays: config.AUDIT_RETENTION_DAYS, log });
  const email = normalizeEmail(config.SEED_SUPER_ADMIN_EMAIL);
  const repaired: string[] = [];
  const users = usersCollection(db);
  let generatedPassword: string | null = null;
  let admin = await users.findOne({ email });
  const createdUser = !admin;
  if (!admin) {
    const given = config.SEED_SUPER_ADMIN_PASSWORD ?? '';
    const password = given.length >= PASSWORD_MIN ? given : randomPassword(16);
    if (password !== given) generatedPassword = password;
    const doc = newUserDoc({
      _id: new ObjectId(),
      email,
      name: config.SEED_SUPER_ADMIN_NAME,
      password_hash: await hashPassword(password, config.BCRYPT_COST),
      is_super_admin: true,
    });
    await users.updateOne({ email }, { $setOnInsert: doc }, { upsert: true });
    admin = await users.findOne({ email });
    if (!admin) throw new Error('seed: the super admin could not be read back');
  } else if (!admin.is_super_admin || admin.status !== 'active') {
    await users.updateOne({ _id: admin._id }, { $set: { is_super_admin: true, status: 'active' } });
    repaired.push('super admin flag and status');
  }
  await workspacesCollection(db).updateOne(
    { slug: 'default' },
    { $setOnInsert: { _id: new ObjectId(), slug: 'default', name: 'Default', is_system: true, allow_join_requests: false, sending_window: null, archived_at: null, created_at: new Date() } },
    { upsert: true },
  );
  const ws = await workspacesCollection(db).findOne({ slug: 'default' });
  if (!ws) throw new Error('seed: the default workspace could not be read back');
  const memberships = membershipsCollection(db);
  const wsId = asWorkspaceId(ws._id);
  const existing = await memberships.findOne({ workspace_id: wsId, user_id: admin._id });
  if (!existing) {
    await memberships.raw.updateOne(
      { workspace_id: wsId, user_id: admin._id },
      { $setOnInsert: { _id: new ObjectId(), workspace_id: wsId, user_id: admin._id, role: 'admin', is_moderator: false, created_at: new Date() } },
      { upsert: true },
    );
    if (!createdUser) repaired.push('admin membership of the default workspace');
  }
  return { email, generatedPassword, createdUser, repaired };
}
