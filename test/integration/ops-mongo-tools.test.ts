// The seed's own backup and restore lines (../shared/spec/seed-backups-and-recovery.txt,
// docs/operations.md §2–3) run with the real MongoDB Database Tools against the dev database, and
// `mc` and the tools read each other's output: documents, Dates and ObjectIds identical either way.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Int32, Long, ObjectId, type Db } from 'mongodb';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { INDEXES } from '../../src/server/migrations/indexes.js';
import { seed } from '../../src/server/seed/seed.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { mongoTools } from '../support/mongo-tools.js';
import { envOf, runMc } from './ops-cli.js';

const run = promisify(execFile);
const tools = mongoTools('mongodump', 'mongorestore');
let tdb: TestDatabase;
let dir: string;
let env: Record<string, string>;

/** Every collection's documents as exact BSON bytes (types included), sorted. */
async function documents(db: Db): Promise<Record<string, string[]>> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
  const result: Record<string, string[]> = {};
  for (const name of names) result[name] = (await db.collection(name).find({}, { raw: true }).toArray()).map((b) => Buffer.from(b as unknown as Uint8Array).toString('hex')).sort();
  return result;
}

async function indexNames(db: Db, name: string): Promise<string[]> {
  return (await db.collection(name).listIndexes().toArray()).map((i) => String(i.name));
}

async function damage(db: Db): Promise<void> {
  await db.collection(COLLECTIONS.campaigns).deleteMany({ n: { $lt: 50 } });
  await db.collection(COLLECTIONS.auditLogs).updateMany({}, { $set: { changed: true } });
}

/** After a restore without indexes, `mc migrate` must bring back every index the code declares. */
async function expectEveryIndex(db: Db): Promise<void> {
  for (const [name, specs] of Object.entries(INDEXES)) expect(await indexNames(db, name)).toEqual(expect.arrayContaining(specs.map((s) => s.name)));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-mongo-tools-'));
  tdb = await testDatabase('mongotools');
  env = envOf(testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name, AUDIT_FALLBACK_FILE: join(dir, 'none.jsonl') }));
});
afterAll(async () => {
  await tdb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!tools)('the seed’s lines with the real MongoDB Database Tools', () => {
  const { mongodump, mongorestore } = tools ?? { mongodump: '', mongorestore: '' };
  const seedDump = (...target: string[]) => run(mongodump, [`--uri=${tdb.uri}`, `--db=${tdb.name}`, ...target], { timeout: 120_000 });

  beforeEach(async () => {
    await tdb.db.dropDatabase();
    await seed(tdb.db, testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name }));
    await tdb.db.collection(COLLECTIONS.campaigns).insertMany(
      Array.from({ length: 200 }, (_, n) => ({ _id: new ObjectId(), workspace_id: new ObjectId(), n: new Int32(n), created_at: new Date(Date.UTC(2026, 3, 28, 0, 0, n)), big: Long.fromString('9007199254740993'), nested: { at: new Date(n), ref: new ObjectId() } })),
    );
    await tdb.db.collection(COLLECTIONS.auditLogs).insertOne({ _id: new ObjectId(), ts: new Date(), day: '2026-04-28', action: 'campaign.approved', resource: { type: 'campaign', id: 'x' } });
  });

  it('mongodump --out (the seed’s full dump), then mc restore reads the directory', async () => {
    const before = await documents(tdb.db);
    const out = join(dir, 'full-dump');
    await seedDump(`--out=${out}`);
    expect(await readdir(out)).toEqual([tdb.name]);
    await damage(tdb.db);
    const r = await runMc(['restore', out, '--yes'], env, { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(await documents(tdb.db)).toEqual(before);
  });

  it('mongodump --archive --gzip, then the seed’s mongorestore --drop (--noIndexRestore on the dev database) and mc migrate', async () => {
    const before = await documents(tdb.db);
    const file = join(dir, 'message-center-20260428.gz');
    await seedDump(`--archive=${file}`, '--gzip');
    await damage(tdb.db);
    await run(mongorestore, [`--uri=${tdb.uri}`, `--db=${tdb.name}`, `--archive=${file}`, '--gzip', '--drop', '--noIndexRestore'], { timeout: 120_000 });
    expect(await documents(tdb.db)).toEqual(before);
    const migrated = await runMc(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    await expectEveryIndex(tdb.db);
  });

  it('mongorestore --drop of a mongodump --out directory', async () => {
    const before = await documents(tdb.db);
    const out = join(dir, 'dir-for-mongorestore');
    await seedDump(`--out=${out}`);
    await damage(tdb.db);
    await run(mongorestore, [`--uri=${tdb.uri}`, '--drop', '--noIndexRestore', out], { timeout: 120_000 });
    expect(await documents(tdb.db)).toEqual(before);
  });

  it('mc restore reads what mongodump --archive --gzip wrote, indexes included', async () => {
    const before = await documents(tdb.db);
    const file = join(dir, 'theirs.gz');
    await seedDump(`--archive=${file}`, '--gzip');
    await damage(tdb.db);
    await tdb.db.collection(COLLECTIONS.campaigns).dropIndex('workspace_list');
    const r = await runMc(['restore', file, '--yes'], env, { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(await documents(tdb.db)).toEqual(before);
    expect(await indexNames(tdb.db, COLLECTIONS.campaigns)).toContain('workspace_list');
  });

  it('mc backup hands the dump to the real mongodump on its PATH, and mc restore reads the result', async () => {
    const before = await documents(tdb.db);
    const file = join(dir, 'via-mongodump.archive.gz');
    const backup = await runMc(['backup', '--out', file], { ...env, PATH: `${dirname(mongodump)}:/usr/bin:/bin` });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain(`using ${mongodump}`);
    await damage(tdb.db);
    const r = await runMc(['restore', file, '--yes'], env, { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(await documents(tdb.db)).toEqual(before);
  });

  it('mongorestore reads what mc backup wrote (its own writer), then mc migrate', async () => {
    const before = await documents(tdb.db);
    const file = join(dir, 'ours.archive.gz');
    // Without the tools on its PATH, mc writes the archive itself.
    const backup = await runMc(['backup', '--out', file], { ...env, PATH: '/usr/bin:/bin' });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('using the built-in writer');
    await damage(tdb.db);
    await run(mongorestore, [`--uri=${tdb.uri}`, `--db=${tdb.name}`, `--archive=${file}`, '--gzip', '--drop', '--noIndexRestore'], { timeout: 120_000 });
    expect(await documents(tdb.db)).toEqual(before);
    expect((await runMc(['migrate'], env)).code).toBe(0);
    await expectEveryIndex(tdb.db);
  });
});
