import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readSchemaVersion, MigrationError } from '../../src/server/migrations/migrate.js';
import { EXPECTED_SCHEMA_VERSION, MIGRATIONS } from '../../src/server/migrations/steps.js';
import { seed } from '../../src/server/seed/seed.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase('migrate');
});
afterAll(async () => t?.drop());

const snapshot = async () => {
  const out: Record<string, unknown[]> = {};
  for (const name of ['users', 'workspaces', 'memberships', 'meta']) out[name] = await t.db.collection(name).find({}).sort({ _id: 1 }).toArray();
  return JSON.stringify(out);
};

describe('migrations', () => {
  it('apply every step once and record the version in meta', async () => {
    const r = await migrate(t.db, { auditRetentionDays: 90 });
    expect(r.from).toBe(0);
    expect(r.to).toBe(EXPECTED_SCHEMA_VERSION);
    const again = await migrate(t.db, { auditRetentionDays: 90 });
    expect(again.applied).toEqual([]);
    const meta = await t.db.collection('meta').findOne({ _id: 'schema' as never });
    expect(meta?.schema_version).toBe(EXPECTED_SCHEMA_VERSION);
    const userIndexes = (await t.db.collection('users').listIndexes().toArray()).map((i) => i.name);
    expect(userIndexes).toContain('email_unique');
  });

  it('two concurrent runs do not both apply a step', async () => {
    const other = t.client.db(`${t.name}_race`);
    let applied = 0;
    const steps = MIGRATIONS.map((s) => ({ ...s, up: async (db: typeof other) => { applied++; await s.up(db); } }));
    await Promise.all([migrate(other, { auditRetentionDays: 90, steps }), migrate(other, { auditRetentionDays: 90, steps })]);
    expect(applied).toBe(MIGRATIONS.length);
    await other.dropDatabase();
  });

  it('refuses a database newer than the code', async () => {
    const newer = t.client.db(`${t.name}_newer`);
    await newer.collection('meta').insertOne({ _id: 'schema' as never, schema_version: EXPECTED_SCHEMA_VERSION + 5 });
    await expect(migrate(newer, { auditRetentionDays: 90 })).rejects.toThrow(/newer than this code/);
    await newer.dropDatabase();
  });

  it('a failing step leaves the version at the last completed step and names the step', async () => {
    const db = t.client.db(`${t.name}_fail`);
    const steps = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'explodes', up: async () => { throw new Error('boom'); } }];
    const err = await migrate(db, { auditRetentionDays: 90, steps }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(String((err as Error).message)).toMatch(/migration \d+ \(explodes\) failed: boom/);
    expect(await readSchemaVersion(db)).toBe(MIGRATIONS.length);
    await db.dropDatabase();
  });
});

describe('seed', () => {
  it('creates the super admin, the default workspace and the membership, and a second run changes nothing', async () => {
    const config = testConfig({ SEED_SUPER_ADMIN_PASSWORD: 'short' });
    const first = await seed(t.db, config);
    expect(first.createdUser).toBe(true);
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const ws = await t.db.collection('workspaces').findOne({ slug: 'default' });
    expect(ws?.is_system).toBe(true);
    const before = await snapshot();
    const second = await seed(t.db, config);
    expect(second.createdUser).toBe(false);
    expect(second.generatedPassword).toBeNull();
    expect(second.repaired).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('repairs a missing admin membership and a demoted super admin', async () => {
    const config = testConfig({});
    await seed(t.db, config);
    const admin = await t.db.collection('users').findOne({ email: config.SEED_SUPER_ADMIN_EMAIL });
    await t.db.collection('memberships').deleteMany({ user_id: admin!._id });
    await t.db.collection('users').updateOne({ _id: admin!._id }, { $set: { is_super_admin: false } });
    const r = await seed(t.db, config);
    expect(r.repaired).toEqual(['super admin flag and status', 'admin membership of the default workspace']);
    expect((await t.db.collection('users').findOne({ _id: admin!._id }))?.is_super_admin).toBe(true);
  });

  it('in production the seeded super admin must change the configured password at first sign-in (issue 18)', async () => {
    const db = t.client.db(`${t.name}_prod`);
    const config = { ...testConfig({ SEED_SUPER_ADMIN_PASSWORD: 'a-configured-password-123' }), mode: 'production' as const };
    await seed(db, config);
    const admin = await db.collection('users').findOne({ email: config.SEED_SUPER_ADMIN_EMAIL });
    expect(admin?.must_change_password).toBe(true);
    await db.dropDatabase();
    const dev = t.client.db(`${t.name}_dev`);
    await seed(dev, testConfig({}));
    expect((await dev.collection('users').findOne({ email: config.SEED_SUPER_ADMIN_EMAIL }))?.must_change_password).toBe(false);
    await dev.dropDatabase();
  });
});
