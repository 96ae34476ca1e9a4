import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditEvent } from '../../src/server/audit/audit-log.js';
import { SYSTEM_ACTOR } from '../../src/server/audit/audit-event.js';
import { auditMacKey, canonicalEjson, signAuditDocument } from '../../src/server/audit/audit-mac.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

const run = promisify(execFile);
const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const key = auditMacKey(SECRET);
let tdb: TestDatabase;
let dir: string;

beforeAll(async () => {
  tdb = await testDatabase('auditproc');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-audit-proc-'));
});
afterAll(async () => {
  await tdb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cliEnv = (fallbackFile: string) => ({
  ...process.env,
  NODE_ENV: 'test',
  MONGODB_URI: tdb.uri,
  MONGODB_DB: tdb.name,
  NEXTAUTH_SECRET: SECRET,
  NEXTAUTH_URL: 'http://localhost:3000',
  CORE_ADMIN_API_KEY: 'k',
  BFF_PROXY_PASSWORD: 'p',
  AUDIT_FALLBACK_FILE: fallbackFile,
});
// One process (no tsx wrapper), so SIGKILL reaches the process that drains.
const mcArgs = (...args: string[]) => ['--import', 'tsx', path.resolve('src/cli/main.ts'), ...args];

const event = (tag: string, i: number) =>
  buildAuditEvent({ action: 'campaign.paused', workspaceId: new ObjectId(), resource: { type: 'campaign', id: `${tag}-${i}` }, after: { i, pad: 'p'.repeat(200) } }, { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId: `${tag}-${i}` });

async function countsFor(tag: string): Promise<{ total: number; distinct: number }> {
  const ids = (await tdb.db.collection('audit_logs').find({ request_id: { $regex: `^${tag}-` } }, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id));
  return { total: ids.length, distinct: new Set(ids).size };
}

describe('audit fallback across processes', () => {
  it('a drain SIGKILLed midway resumes from the .draining file: nothing lost, nothing doubled', async () => {
    const fallbackFile = path.join(dir, 'crash.jsonl');
    const n = 30_000;
    const out = fs.createWriteStream(fallbackFile, { mode: 0o600 });
    for (let i = 0; i < n; i++) out.write(`${canonicalEjson(signAuditDocument(event('crash', i), key))}\n`);
    await new Promise((r) => out.end(r));

    const child = spawn(process.execPath, mcArgs('audit', 'drain'), { env: cliEnv(fallbackFile), stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    let seen = 0;
    for (let t = 0; t < 600 && seen < 3_000; t++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await countsFor('crash')).total;
    }
    child.kill('SIGKILL');
    await exited;
    const mid = await countsFor('crash');
    expect(mid.total).toBeGreaterThan(0);
    expect(mid.total).toBeLessThan(n);
    expect(fs.existsSync(`${fallbackFile}.draining`)).toBe(true);
    expect(fs.existsSync(`${fallbackFile}.lock`)).toBe(true); // left behind by the dead drainer

    const { stdout } = await run(process.execPath, mcArgs('audit', 'drain'), { env: cliEnv(fallbackFile), timeout: 300_000 });
    expect(stdout).toMatch(new RegExp(`${n} lines`));
    expect(await countsFor('crash')).toEqual({ total: n, distinct: n });
    expect(fs.existsSync(fallbackFile) || fs.existsSync(`${fallbackFile}.draining`) || fs.existsSync(`${fallbackFile}.lock`)).toBe(false);
  });

  it('two processes appending to one fallback path, then two drainers at once: every event once', async () => {
    const fallbackFile = path.join(dir, 'shared.jsonl');
    const writer = path.join(dir, 'writer.mts');
    const mongodb = pathToFileURL(createRequire(import.meta.url).resolve('mongodb')).href;
    const auditLog = pathToFileURL(path.resolve('src/server/audit/audit-log.ts')).href;
    const auditEvent = pathToFileURL(path.resolve('src/server/audit/audit-event.ts')).href;
    fs.writeFileSync(
      writer,
      `import { MongoClient, ObjectId } from '${mongodb}';
import { AuditLog, buildAuditEvent } from '${auditLog}';
import { SYSTEM_ACTOR } from '${auditEvent}';
const [tag, count] = process.argv.slice(2);
// Nothing listens on port 9: every insert fails as "unreachable" and goes to the fallback file.
const client = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
const quiet = { info() {}, warn() {}, error(o: object, m: string) { console.error(m, o); } };
const log = new AuditLog({ db: client.db('x'), secret: '${SECRET}', fallbackFile: process.env.AUDIT_FALLBACK_FILE!, logger: quiet });
await Promise.all(Array.from({ length: Number(count) }, (_, i) =>
  log.write(buildAuditEvent({ action: 'campaign.resumed', workspaceId: new ObjectId(), resource: { type: 'campaign', id: String(i) } }, { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId: tag + '-' + i }))));
await client.close();
console.log('wrote', count);
`,
    );
    const write = (tag: string) => run(process.execPath, ['--import', 'tsx', writer, tag, '400'], { env: cliEnv(fallbackFile), timeout: 120_000 });
    const [a, b] = await Promise.all([write('two'), write('two-b')]);
    expect(a.stdout + b.stdout).toMatch(/wrote 400[\s\S]*wrote 400/);
    const lines = fs.readFileSync(fallbackFile, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(800);

    const drain = () => run(process.execPath, mcArgs('audit', 'drain'), { env: cliEnv(fallbackFile), timeout: 120_000 }).catch((err: { stdout: string }) => err);
    await Promise.all([drain(), drain()]);
    await drain(); // whichever was "busy" above: nothing left, or the rest
    expect(await countsFor('two')).toEqual({ total: 800, distinct: 800 }); // 'two-' prefixes both tags
    expect(fs.existsSync(fallbackFile) || fs.existsSync(`${fallbackFile}.draining`)).toBe(false);
  });
});
