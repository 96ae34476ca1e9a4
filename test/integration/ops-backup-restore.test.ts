import { mkdtemp, readFile, rm, writeFile, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Double, Int32, Long, ObjectId, type Db, type Document } from 'mongodb';
import { COLLECTIONS } from '../../src/server/db/collections.js';
import { INDEXES } from '../../src/server/migrations/indexes.js';
import { EXPECTED_SCHEMA_VERSION } from '../../src/server/migrations/steps.js';
import { seed } from '../../src/server/seed/seed.js';
import { startServer } from '../../src/server/start-server.js';
import type { Config } from '../../src/server/config/config.js';
import { testConfig } from '../support/config.js';
import { testDatabase, type TestDatabase } from '../support/db.js';
import { ApiClient } from '../support/http-client.js';
import { startSim, type RunningSim } from '../support/sim.js';
import { envOf, runMc } from './ops-cli.js';

let tdb: TestDatabase;
let dir: string;
let config: Config;
let env: Record<string, string>;
let sim: RunningSim;
let before: Snapshot;

type Snapshot = Record<string, { docs: string[]; indexes: string[] }>;

const BULK = 3000;

/** Every BSON type the project stores (Decimal128 is refused by FerretDB v1, the dev database). */
function typed(n: number, marker = `value-${n}`): Document {
  return {
    _id: new ObjectId(),
    workspace_id: new ObjectId(),
    created_at: new Date(Date.UTC(2026, 3, 28, 12, 0, n % 60)),
    name: marker,
    count: new Int32(n),
    ratio: new Double(n + 0.5),
    whole_double: new Double(2),
    big: Long.fromString('9007199254740993'),
    flag: n % 2 === 0,
    nothing: null,
    nested: { level: { deeper: [new Int32(1), 'two', { three: new Double(3) }] }, when: new Date(0) },
    list: [new ObjectId(), new Date(1_700_000_000_000), null, true, Long.fromNumber(-5)],
  };
}

/** Data in every collection of the product (routes for most do not exist yet: the driver writes them). */
async function fillEveryCollection(db: Db): Promise<void> {
  const one = (name: string, doc: Document) => db.collection(name).insertOne(doc);
  await one(COLLECTIONS.users, { ...typed(1), email: 'someone@example.test', is_super_admin: false, status: 'active' });
  // The super admin's /api/me lists it after the restore: a workspace as the product writes it.
  await one(COLLECTIONS.workspaces, { ...typed(2), slug: 'acme', is_system: false, allow_join_requests: false, sending_window: null, archived_at: null });
  await one(COLLECTIONS.memberships, { ...typed(3), user_id: new ObjectId(), role: 'member' });
  await one(COLLECTIONS.invitations, { ...typed(4), token_hash: 'h1', pending_key: 'p1', status: 'pending' });
  await one(COLLECTIONS.joinRequests, { ...typed(5), pending_key: 'p2', user_id: new ObjectId(), status: 'pending' });
  await one(COLLECTIONS.senderNames, { ...typed(6), active_name_key: 'ACME', status: 'active' });
  await one(COLLECTIONS.senderRevisions, { ...typed(7), sender_name_id: new ObjectId(), revision_number: new Int32(1), status: 'approved' });
  await one(COLLECTIONS.apiTokens, { ...typed(8), token_hash: 'th1' });
  await one(COLLECTIONS.presets, typed(9));
  await one(COLLECTIONS.auditLogs, { ...typed(10), ts: new Date(), day: '2026-04-28', action: 'campaign.approved', resource: { type: 'campaign', id: 'x' } });
  await one(COLLECTIONS.meta, { ...typed(11), _id: 'ops-test' as unknown as ObjectId });
  // Collections added later get a document of every type too, so none is left out of the proof.
  let n = 100;
  for (const name of Object.values(COLLECTIONS)) {
    if ((await db.collection(name).countDocuments()) === 0 && name !== COLLECTIONS.campaigns) await one(name, typed(n++));
  }
  // Enough campaigns that a truncated archive stops in the middle of them.
  await db.collection(COLLECTIONS.campaigns).insertMany(
    Array.from({ length: BULK }, (_, i) => ({ ...typed(i, i === 1234 ? 'crc-marker-AAAA' : `campaign-${i}`), external_id: `ext-${i}`, job_id: i })),
  );
}

async function collectionNames(db: Db): Promise<string[]> {
  return (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => !n.startsWith('system.')).sort();
}

/** Documents as their exact BSON bytes (so types are compared too), and index names with keys. */
async function snapshot(db: Db, names?: string[]): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const name of names ?? (await collectionNames(db))) {
    const docs = await db.collection(name).find({}, { raw: true }).toArray();
    const indexes = await db.collection(name).listIndexes().toArray().catch(() => []);
    result[name] = {
      docs: docs.map((bytes) => Buffer.from(bytes as unknown as Uint8Array).toString('hex')).sort(),
      indexes: indexes.map((i) => `${String(i.name)}:${JSON.stringify(i.key)}:${i.unique === true}`).sort(),
    };
  }
  return result;
}

/** What goes wrong between the backup and the restore. */
async function damage(db: Db): Promise<void> {
  await db.collection(COLLECTIONS.campaigns).deleteMany({ job_id: { $lt: 1500 } });
  await db.collection(COLLECTIONS.users).updateMany({}, { $set: { status: 'blocked', is_super_admin: false } });
  await db.collection(COLLECTIONS.memberships).drop();
  await db.collection(COLLECTIONS.meta).deleteOne({ _id: 'schema' as unknown as ObjectId });
  await db.collection(COLLECTIONS.apiTokens).dropIndex('token_hash_unique');
  await db.collection('leftover').insertOne({ not_in_backup: true });
}

const lines = (text: string) => text.split('\n').filter(Boolean);

beforeAll(async () => {
  tdb = await testDatabase('opsbackup');
  dir = await mkdtemp(join(tmpdir(), 'mc-ops-backup-'));
  sim = await startSim();
  config = testConfig({
    MONGODB_URI: tdb.uri,
    MONGODB_DB: tdb.name,
    AUDIT_FALLBACK_FILE: join(dir, 'audit-fallback.jsonl'),
    CORE_API_URL: sim.coreUrl,
    CORE_HEALTH_URL: sim.healthUrl,
    PROXY_LOGIN_URL: `${sim.proxyUrl}/api/v1/user/login`,
    PROXY_API_URL: sim.proxyUrl,
  });
  env = envOf(config);
  await seed(tdb.db, config);
  await fillEveryCollection(tdb.db);
  before = await snapshot(tdb.db);
});

afterAll(async () => {
  await sim?.stop();
  await tdb?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('mc backup → damage → mc restore on the dev database', () => {
  const archive = () => join(dir, 'message-center-20260428_120000.archive.gz');

  it('holds data in every collection of the product, of every stored BSON type', () => {
    for (const name of Object.values(COLLECTIONS)) {
      expect(before[name]?.docs.length, name).toBeGreaterThan(0);
    }
  });

  it('writes a gzipped archive with the built-in writer, reports it, and copies the audit fallback beside it', async () => {
    await writeFile(config.auditFallbackFile, '{"_id":{"$oid":"65f000000000000000000001"}}\n');
    await writeFile(`${config.auditFallbackFile}.draining`, '{"_id":{"$oid":"65f000000000000000000002"}}\n');
    const r = await runMc(['backup', '--out', archive()], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('mongodump not on PATH; using the built-in writer');
    const size = (await stat(archive())).size;
    expect(lines(r.stdout).at(-1)).toMatch(new RegExp(`^backup written: ${archive().replace(/[.]/g, '\\.')} \\(\\d+\\.\\d (KiB|MiB)\\)$`));
    expect(size).toBeGreaterThan(1000);
    expect((await readFile(archive())).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await readFile(`${archive()}.audit-fallback.jsonl`, 'utf8')).toContain('65f000000000000000000001');
    expect(await readFile(`${archive()}.audit-fallback.draining.jsonl`, 'utf8')).toContain('65f000000000000000000002');
    await rm(config.auditFallbackFile);
    await rm(`${config.auditFallbackFile}.draining`);
  });

  it('refuses to restore without --yes when there is no terminal, changing nothing', async () => {
    await damage(tdb.db);
    const damaged = await snapshot(tdb.db);
    const r = await runMc(['restore', archive()], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pass --yes');
    expect(await snapshot(tdb.db)).toEqual(damaged);
  });

  it('restores every collection document for document and type for type, with its indexes', async () => {
    const r = await runMc(['restore', archive(), '--yes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`schema version ${EXPECTED_SCHEMA_VERSION}: matches this code`);
    expect(r.stdout).toContain('audit fallback copy lies beside the backup');
    const after = await snapshot(tdb.db, Object.keys(before));
    expect(after).toEqual(before);
    for (const [name, specs] of Object.entries(INDEXES)) {
      const present = (await tdb.db.collection(name).listIndexes().toArray()).map((i) => i.name);
      for (const spec of specs) expect(present, `${name}.${spec.name}`).toContain(spec.name);
    }
    // mongorestore --drop semantics: a collection the backup does not hold is left alone.
    expect(await tdb.db.collection('leftover').countDocuments()).toBe(1);
  });

  it('lets the super admin sign in on a server over the restored database', async () => {
    const running = await startServer(config);
    try {
      for (let i = 0; i < 100 && !running.app.dbState.ready; i++) await new Promise((r) => setTimeout(r, 50));
      expect(running.app.dbState.ready).toBe(true);
      const client = new ApiClient(running.url);
      await client.login(config.SEED_SUPER_ADMIN_EMAIL, config.SEED_SUPER_ADMIN_PASSWORD!);
      const me = await client.get('/api/me');
      expect(me.body.user.is_super_admin).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('passes mc doctor with the simulator as Core', async () => {
    const r = await runMc(['doctor'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = lines(r.stdout);
    for (const label of ['schema version', 'super admin', 'audit fallback', 'Core API', 'Core mTLS', 'Proxy mTLS']) {
      expect(out.find((l) => l.includes(label)), label).toMatch(/^OK /);
    }
    expect(r.stdout).toMatch(/^OK\s+Core mTLS .*daysLeft \d+/m);
    expect(r.stdout).toContain('all 6 checks passed');
  });

  it('mc doctor fails, with the fix, on a non-empty fallback file, a missing super admin and Core down', async () => {
    await writeFile(config.auditFallbackFile, '{"x":1}\n');
    await tdb.db.collection(COLLECTIONS.users).updateMany({ is_super_admin: true }, { $set: { status: 'blocked' } });
    try {
      const r = await runMc(['doctor'], { ...env, CORE_HEALTH_URL: 'http://127.0.0.1:9/health' });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^FAIL\s+audit fallback.*\n\s+fix: .*`mc audit drain`/m);
      expect(r.stdout).toMatch(/^FAIL\s+super admin.*\n\s+fix: .*`make seed`/m);
      expect(r.stdout).toMatch(/^FAIL\s+Core API/m);
      expect(r.stdout).toMatch(/^OK\s+schema version/m);
      expect(r.stdout).toContain('3 of 6 checks failed');
    } finally {
      await rm(config.auditFallbackFile);
      await tdb.db.collection(COLLECTIONS.users).updateMany({ is_super_admin: true }, { $set: { status: 'active' } });
    }
  });

  it('refuses a file that is not an archive, changing nothing', async () => {
    const bogus = join(dir, 'not-a-backup.gz');
    await writeFile(bogus, 'just some text, not a mongodump archive\n');
    const current = await snapshot(tdb.db);
    const r = await runMc(['restore', bogus, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not a mongodump archive or dump directory .*nothing was changed/);
    expect(await snapshot(tdb.db)).toEqual(current);
  });

  it('stops on a truncated archive and leaves every collection it did not reach untouched', async () => {
    const cut = join(dir, 'truncated.archive.gz');
    await writeFile(cut, await readFile(archive()));
    await truncate(cut, Math.floor((await stat(cut)).size * 0.6));
    await damage(tdb.db);
    const damaged = await snapshot(tdb.db);
    const r = await runMc(['restore', cut, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STOPPED: .*truncated/);
    const untouched = /not touched \(left as they were\): (.*)/.exec(r.stderr)?.[1]?.split(', ') ?? [];
    expect(untouched.length).toBeGreaterThan(0);
    const now = await snapshot(tdb.db, untouched);
    for (const name of untouched) expect(now[name], name).toEqual(damaged[name] ?? { docs: [], indexes: [] });
  });

  it('stops on a checksum mismatch with a clear message', async () => {
    const plain = join(dir, 'message-center-20260428_130000.archive');
    await runMc(['restore', archive(), '--yes'], env);
    const made = await runMc(['backup', '--out', plain], env);
    expect(made.code, made.stderr).toBe(0);
    const bytes = await readFile(plain);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x6d, 0xe2, 0x99, 0x81]));
    const at = bytes.indexOf('crc-marker-AAAA');
    expect(at).toBeGreaterThan(0);
    bytes[at + 14] = 'B'.charCodeAt(0);
    await writeFile(plain, bytes);
    const r = await runMc(['restore', plain, '--yes'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/STOPPED: checksum mismatch for .*campaigns/);
    expect(r.stderr).toMatch(/INTERRUPTED .*campaigns/);
  });

  it('round-trips through the directory form (--dir --gzip)', async () => {
    await runMc(['restore', archive(), '--yes'], env);
    const dumpDir = join(dir, 'dump');
    const made = await runMc(['backup', '--dir', dumpDir, '--gzip'], env);
    expect(made.code, made.stderr).toBe(0);
    await stat(join(dumpDir, tdb.name, 'campaigns.bson.gz'));
    await stat(join(dumpDir, tdb.name, 'campaigns.metadata.json.gz'));
    await damage(tdb.db);
    const r = await runMc(['restore', dumpDir, '--yes'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await snapshot(tdb.db, Object.keys(before))).toEqual(before);
  });
});
