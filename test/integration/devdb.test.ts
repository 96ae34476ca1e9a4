import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Double, Int32, Long, MongoClient, ObjectId } from 'mongodb';
import { startDevDb, type DevDbProcess } from '../support/devdb-process.js';

// The dev database program itself (tools/devdb): its lifecycle and what it stores. Each test runs
// a private instance, never the shared one.

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-devdb-test-'));
// mkdtemp makes a 0700 folder; the `postgres` account (devdb runs PostgreSQL as it under root)
// must reach the data inside, or devdb moves the data elsewhere and these checks would look in vain.
fs.chmodSync(root, 0o755);
const started: DevDbProcess[] = [];

afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
  fs.rmSync(root, { recursive: true, force: true });
});

let counter = 0;
function dataDir(): string {
  counter += 1;
  return path.join(root, `db${counter}`);
}

async function start(dir: string, port = 0): Promise<DevDbProcess> {
  const p = await startDevDb({ dataDir: dir, port, fresh: true });
  started.push(p);
  return p;
}

function postmasterPid(dir: string): number {
  const pid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  expect(pid).toBeGreaterThan(0);
  return pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Processes still running whose command line names the folder, or whose parent is the given pid. */
function leftovers(dir: string, parentPid: number): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (cmdline.includes(dir) || ppid === parentPid) found.push(`${entry}: ${cmdline}`);
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

async function untilTrue(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function stderrOf(p: DevDbProcess): () => string {
  let text = '';
  p.child.stderr!.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return () => text;
}

describe('devdb', () => {
  it('prints the ready line with the port it listens on, keeps BSON types, and stops cleanly on SIGTERM', async () => {
    const dir = dataDir();
    const db = await start(dir);
    expect(db.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(fs.existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true);
    const pgPid = postmasterPid(dir);

    const client = new MongoClient(db.uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      const coll = client.db('devdb_types').collection('docs');
      const id = new ObjectId();
      const when = new Date('2024-02-29T12:34:56.789Z');
      await coll.insertOne({
        _id: id,
        when,
        i32: new Int32(42),
        i64: Long.fromString('9007199254740993'),
        dbl: new Double(5),
        nested: { name: 'ščř', inner: { n: new Int32(1) } },
        list: [new Int32(1), 'two', { three: new Double(3.5) }],
      });
      const got = await coll.findOne({ _id: id }, { promoteValues: false, promoteLongs: false });
      expect(got).not.toBeNull();
      expect(got!._id).toBeInstanceOf(ObjectId);
      expect(got!._id.equals(id)).toBe(true);
      expect(got!.when).toBeInstanceOf(Date);
      expect((got!.when as Date).toISOString()).toBe(when.toISOString());
      expect(got!.i32).toBeInstanceOf(Int32);
      expect((got!.i32 as Int32).value).toBe(42);
      expect(got!.i64).toBeInstanceOf(Long);
      expect((got!.i64 as Long).toString()).toBe('9007199254740993');
      expect(got!.dbl).toBeInstanceOf(Double);
      expect((got!.dbl as Double).value).toBe(5);
      const nested = got!.nested as { name: { toString(): string }; inner: { n: unknown } };
      expect(nested.name.toString()).toBe('ščř');
      expect(nested.inner.n).toBeInstanceOf(Int32);
      const list = got!.list as unknown[];
      expect(list).toHaveLength(3);
      expect(list[0]).toBeInstanceOf(Int32);
      expect((list[2] as { three: unknown }).three).toBeInstanceOf(Double);
      expect(await coll.countDocuments({ 'nested.inner.n': 1 })).toBe(1);
    } finally {
      await client.close();
    }

    expect(await db.stop()).toBe(0);
    expect(await untilTrue(() => !isAlive(pgPid), 10_000)).toBe(true);
    expect(leftovers(path.join(dir, 'pg'), pgPid)).toEqual([]);
  });

  it('exits non-zero and says so when PostgreSQL dies under it', async () => {
    const dir = dataDir();
    const db = await start(dir);
    const stderr = stderrOf(db);
    const exited = new Promise<number | null>((resolve) => db.child.once('exit', (code) => resolve(code)));
    process.kill(postmasterPid(dir), 'SIGKILL');
    expect(await exited).toBe(1);
    expect(stderr()).toMatch(/FATAL: PostgreSQL \(pid \d+\) exited unexpectedly/);
  });

  it('keeps data across restarts without -fresh, and -fresh deletes it', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const client = new MongoClient(first.uri, { serverSelectionTimeoutMS: 5_000 });
    await client.db('devdb_keep').collection('c').insertOne({ k: 'kept' });
    await client.close();
    expect(await first.stop()).toBe(0);

    const again = await startDevDb({ dataDir: dir, fresh: false });
    started.push(again);
    const client2 = new MongoClient(again.uri, { serverSelectionTimeoutMS: 5_000 });
    expect(await client2.db('devdb_keep').collection('c').findOne({ k: 'kept' })).not.toBeNull();
    await client2.close();
    expect(await again.stop()).toBe(0);

    const fresh = await start(dir);
    const client3 = new MongoClient(fresh.uri, { serverSelectionTimeoutMS: 5_000 });
    expect(await client3.db('devdb_keep').collection('c').countDocuments()).toBe(0);
    await client3.close();
    expect(await fresh.stop()).toBe(0);
  });

  it('runs several instances in parallel, each on its own ports', async () => {
    const dbs = await Promise.all([start(dataDir()), start(dataDir()), start(dataDir())]);
    expect(new Set(dbs.map((d) => d.uri)).size).toBe(3);
    for (const d of dbs) {
      const client = new MongoClient(d.uri, { serverSelectionTimeoutMS: 5_000 });
      await client.db('devdb_par').collection('c').insertOne({ uri: d.uri });
      expect(await client.db('devdb_par').collection('c').countDocuments()).toBe(1);
      await client.close();
    }
    expect(await Promise.all(dbs.map((d) => d.stop()))).toEqual([0, 0, 0]);
  });

  it('refuses a second instance on the same data folder and a busy port', async () => {
    const dir = dataDir();
    const db = await start(dir);
    await expect(startDevDb({ dataDir: dir, fresh: false })).rejects.toThrow(/another devdb is using/);
    const port = Number(new URL(db.uri).port);
    await expect(startDevDb({ dataDir: dataDir(), port, fresh: true })).rejects.toThrow(/exited with 1/);
    expect(await db.stop()).toBe(0);
  });

  it('falls back to SQLite storage when no PostgreSQL server is installed', async () => {
    const dir = dataDir();
    const saved = process.env.DEVDB_PG_BIN;
    process.env.DEVDB_PG_BIN = path.join(root, 'no-postgres-here');
    let db: DevDbProcess;
    try {
      db = await start(dir);
    } finally {
      if (saved === undefined) delete process.env.DEVDB_PG_BIN;
      else process.env.DEVDB_PG_BIN = saved;
    }
    const client = new MongoClient(db.uri, { serverSelectionTimeoutMS: 5_000 });
    await client.db('devdb_lite').collection('c').insertOne({ n: new Int32(7) });
    expect((await client.db('devdb_lite').collection('c').findOne({}))?.n).toBe(7);
    await client.close();
    expect(fs.existsSync(path.join(dir, 'pg'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'sqlite')).some((f) => f.startsWith('devdb_lite'))).toBe(true);
    expect(await db.stop()).toBe(0);
  });
});
