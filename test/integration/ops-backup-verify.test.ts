// `mc backup --verify` and its comparison: a backup that restores identically is marked verified
// (and `mc doctor` reports its age); a restore that comes back different fails the verification.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Int32, ObjectId } from 'mongodb';
import { backupDatabase, digestDatabase, restoreDatabase, verifyBackup } from '../../src/backup/index.js';
import { seed } from '../../src/server/seed/seed.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { envOf, runMc } from './ops-cli.js';

let tdb: TestDatabase;
let dir: string;
const scratchNames = async () => (await tdb.client.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name).filter((n) => n.startsWith(`${tdb.name}_verify_`));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mc-verify-'));
  tdb = await testDatabase('verify');
  await seed(tdb.db, testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name }));
  await tdb.db.collection('campaigns').insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: new ObjectId(), n: new Int32(n), at: new Date(n) })));
  await tdb.db.createCollection('empty_one');
});
afterAll(async () => {
  await tdb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('backup verification', () => {
  it('mc backup --verify restores into a scratch database, finds it identical, drops it, and mc doctor reports the age', async () => {
    const env = envOf(testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name, AUDIT_FALLBACK_FILE: join(dir, 'none.jsonl') }));
    const r = await runMc(['backup', '--verify'], { ...env, PATH: '/usr/bin:/bin' }, { cwd: dir, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/verified: \d+ collections, \d+ documents restore identically/);
    const written = /^backup written: (.*) \(/m.exec(r.stdout)![1]!;
    expect(JSON.parse(await readFile(`${written}.verified.json`, 'utf8'))).toMatchObject({ verified_at: expect.any(String) });
    expect(await scratchNames()).toEqual([]);
    const doctor = await runMc(['doctor'], env, { cwd: dir, timeoutMs: 60_000 });
    expect(doctor.stdout).toMatch(/info {2}last verified {3}message-center-\d{8}_\d{6}\.archive\.gz, verified \d+ min ago/);
  });

  it('fails on any difference between the restored copy and the source: a changed document, a missing one, a missing collection', async () => {
    const file = join(dir, 'seam.archive.gz');
    await backupDatabase(tdb.db, { archiveFile: file }, { gzip: true });
    const expected = await digestDatabase(tdb.db);
    const identical = await verifyBackup(tdb.client, tdb.name, { archiveFile: file }, expected);
    expect(identical.differences).toEqual([]);

    // The seam: a restore that comes back wrong on purpose.
    const corrupted = await verifyBackup(tdb.client, tdb.name, { archiveFile: file }, expected, async (scratch, location) => {
      const summary = await restoreDatabase(scratch, location);
      await scratch.collection('campaigns').updateOne({ n: 7 }, { $set: { at: new Date(8) } });
      await scratch.collection('campaigns').deleteOne({ n: 9 });
      await scratch.collection('empty_one').drop();
      return summary;
    });
    expect(corrupted.differences).toEqual(['campaigns: 300 documents in the source, 299 restored', 'empty_one: in the source (0 documents) but not in the restored copy']);
    const changedOnly = await verifyBackup(tdb.client, tdb.name, { archiveFile: file }, expected, async (scratch, location) => {
      const summary = await restoreDatabase(scratch, location);
      await scratch.collection('campaigns').updateOne({ n: 7 }, { $set: { at: new Date(8) } });
      return summary;
    });
    expect(changedOnly.differences).toEqual(['campaigns: same count (300) but different content']);
    expect(await scratchNames()).toEqual([]);
  });

  it('a directory backup written over an earlier one (gzipped, with a collection dropped since) restores only itself', async () => {
    const env = envOf(testConfig({ MONGODB_URI: tdb.uri, MONGODB_DB: tdb.name, AUDIT_FALLBACK_FILE: join(dir, 'none.jsonl') }));
    const target = join(dir, 'over');
    await tdb.db.createCollection('dropped_since');
    await tdb.db.collection('dropped_since').insertOne({ old: true });
    const first = await runMc(['backup', '--dir', target, '--gzip'], { ...env, PATH: '/usr/bin:/bin' }, { cwd: dir, timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    await tdb.db.collection('dropped_since').drop();
    await tdb.db.collection('campaigns').updateOne({ n: 3 }, { $set: { at: new Date(30) } });

    const second = await runMc(['backup', '--dir', target, '--verify'], { ...env, PATH: '/usr/bin:/bin' }, { cwd: dir, timeoutMs: 120_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/restore identically/);
    const files = await readdir(join(target, tdb.name));
    expect(files.filter((f) => f.endsWith('.gz') || f.startsWith('dropped_since'))).toEqual([]);
  });
});
