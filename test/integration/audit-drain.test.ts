import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BSON, Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditEvent, type AuditLog } from '../../src/server/audit/audit-log.js';
import { canonicalEjson, signAuditDocument } from '../../src/server/audit/audit-mac.js';
import { drainFallback } from '../../src/server/audit/drain-fallback.js';
import { importAuditLines } from '../../src/server/audit/import-audit-lines.js';
import { mongoTools } from '../support/mongo-tools.js';
import { startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);
const mongoimport = mongoTools('mongoimport')?.mongoimport;
let srv: TestServer;
let dir: string;
let fallbackFile: string;
let audit: AuditLog;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-audit-drain-'));
  fallbackFile = path.join(dir, 'fallback.jsonl');
  srv = await startTestServer({ AUDIT_FALLBACK_FILE: fallbackFile }, 'auditdrain');
  audit = srv.app.audit as AuditLog;
});
afterAll(async () => {
  await srv?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An event with every kind of value an audit event carries, before/after included. */
function richEvent(tag: string, ts = new Date()) {
  return buildAuditEvent(
    {
      action: 'campaign.updated',
      workspaceId: new ObjectId(),
      resource: { type: 'campaign', id: `ext-${tag}` },
      before: { name: 'Old "name", with comma', sms_limit: new Int32(10), total: Long.fromString('9007199254740993'), rate: new Double(0.5), whole: new Double(2), flag: true, nothing: null, when: new Date('2026-01-02T03:04:05.678Z'), list: [1, 'two', { three: 3 }], ref: new ObjectId() },
      after: { name: 'Новое имя ✓', sms_limit: new Int32(20), flag: false },
    },
    { actor: { type: 'user', id: new ObjectId().toHexString(), email: 'who@example.test' }, ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (test)', requestId: `req-${tag}` },
    ts,
  );
}

const line = (doc: Document) => canonicalEjson(signAuditDocument(doc, audit.key));
const coll = () => srv.database.db.collection('audit_logs');

describe('drain and import of fallback lines', () => {
  it('moves a corrupt and a forged line to .rejected with their line numbers, drains the rest, and diagnostics report it', async () => {
    const good = [richEvent('g1'), richEvent('g2'), richEvent('g3')];
    const forged = JSON.parse(line(richEvent('forged'))) as Record<string, unknown>;
    forged.action = 'user.created';
    const text = [line(good[0]!), '{"_id": {"$oid": "not-closed"', line(good[1]!), JSON.stringify(forged), '', line(good[2]!)].join('\n') + '\n';
    // Sign in first: the login's audit write would start the server's own background drain.
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    await audit.idle();
    fs.writeFileSync(fallbackFile, text, { mode: 0o600 });
    const before = await admin.get('/api/diagnostics/audit');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      fallbackFileSize: Buffer.byteLength(text),
      fallbackLines: 6,
      drainingFileSize: 0,
      rejectedLines: 0,
      retentionDays: 90,
    });

    const outcome = await drainFallback(fallbackFile, { db: srv.database.db, key: audit.key });
    expect(outcome.status).toBe('drained');
    expect(fs.existsSync(fallbackFile)).toBe(false);
    expect(fs.existsSync(`${fallbackFile}.draining`)).toBe(false);
    expect(fs.existsSync(`${fallbackFile}.lock`)).toBe(false);
    for (const e of good) expect(await coll().countDocuments({ _id: e._id })).toBe(1);
    expect(await coll().countDocuments({ request_id: 'req-forged' })).toBe(0);

    const rejected = fs.readFileSync(`${fallbackFile}.rejected`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string; file: string });
    expect(rejected.map((r) => r.line)).toEqual([2, 4]);
    expect(rejected[0]!.reason).toMatch(/not Extended JSON/);
    expect(rejected[1]!.reason).toMatch(/mac/);
    expect(fs.statSync(`${fallbackFile}.rejected`).mode & 0o777).toBe(0o600);

    const after = await admin.get('/api/diagnostics/audit');
    expect(after.body).toMatchObject({ fallbackFileSize: 0, fallbackLines: 0, drainingFileSize: 0, rejectedLines: 2 });
    expect(after.body.lastDrainAt).not.toBeNull();
    const diag = await admin.get('/api/diagnostics');
    const check = diag.body.checks.find((c: { id: string }) => c.id === 'audit_fallback');
    expect(check).toMatchObject({ ok: false });
    expect(check.detail).toMatch(/2 rejected/);
    fs.rmSync(`${fallbackFile}.rejected`);
  });

  it('drains a leftover .draining file first, then the fallback file, skipping events already present', async () => {
    const fallbackFile = path.join(dir, 'manual.jsonl');
    const a = richEvent('left1');
    const b = richEvent('left2');
    await audit.write(a); // already in: the drain must not double it
    fs.writeFileSync(`${fallbackFile}.draining`, `${line(a)}\n${line(b)}\n`);
    const c = richEvent('fresh');
    fs.writeFileSync(fallbackFile, `${line(c)}\n`);
    const outcome = await drainFallback(fallbackFile, { db: srv.database.db, key: audit.key });
    expect(outcome.status === 'drained' && outcome.files.map((f) => [f.lines, f.inserted, f.duplicates])).toEqual([
      [2, 1, 1],
      [1, 1, 0],
    ]);
    for (const e of [a, b, c]) expect(await coll().countDocuments({ _id: e._id })).toBe(1);
    expect(fs.existsSync(fallbackFile) || fs.existsSync(`${fallbackFile}.draining`)).toBe(false);
  });

  it('refuses to drain while another live process holds the lock', async () => {
    const fallbackFile = path.join(dir, 'manual.jsonl');
    fs.writeFileSync(fallbackFile, `${line(richEvent('locked'))}\n`);
    fs.writeFileSync(`${fallbackFile}.lock`, JSON.stringify({ pid: 1, host: os.hostname(), at: '' }));
    expect((await drainFallback(fallbackFile, { db: srv.database.db, key: audit.key })).status).toBe('busy');
    expect(fs.existsSync(fallbackFile)).toBe(true);
    fs.rmSync(`${fallbackFile}.lock`);
    expect((await drainFallback(fallbackFile, { db: srv.database.db, key: audit.key })).status).toBe('drained');
    expect(await coll().countDocuments({ request_id: 'req-locked' })).toBe(1);
  });

  it('`mc audit import` stores every field with the same BSON types as a normal write, and skips duplicates', async () => {
    // Within the retention period: the server's retention sweep may run meanwhile and would
    // delete an older day bucket (this failed under load with a fixed date ten months back).
    const ts = new Date(Math.floor(Date.now() / 1000) * 1000 - 86_400_000 + 789);
    const written = richEvent('direct', ts);
    await audit.write(written);
    const imported = { ...written, _id: new ObjectId() };
    const file = path.join(dir, 'import.jsonl');
    fs.writeFileSync(file, `${line(imported)}\n${line(imported)}\n`);

    const env = { ...process.env, NODE_ENV: 'test', MONGODB_URI: srv.database.uri, MONGODB_DB: srv.database.name, NEXTAUTH_SECRET: srv.app.config.NEXTAUTH_SECRET, NEXTAUTH_URL: 'http://localhost:3000', CORE_ADMIN_API_KEY: 'k', BFF_PROXY_PASSWORD: 'p' };
    const { stdout } = await run(path.resolve('node_modules/.bin/tsx'), ['src/cli/main.ts', 'audit', 'import', file], { env, timeout: 60_000 });
    expect(stdout).toMatch(/2 lines, 1 inserted, 1 already present, 0 rejected/);

    const [a, b] = await Promise.all([coll().findOne({ _id: written._id }), coll().findOne({ _id: imported._id })]);
    const typed = (d: Document | null) => {
      const { _id, mac: _mac, ...rest } = d!;
      return BSON.EJSON.stringify(rest, { relaxed: false });
    };
    expect(typed(b)).toBe(typed(a));
    expect(b!.ts).toBeInstanceOf(Date);
    expect(b!.ts.getTime()).toBe(ts.getTime());
    expect(b!.workspace_id).toBeInstanceOf(ObjectId);
    expect(b!.before.sms_limit._bsontype ?? typeof b!.before.sms_limit).toBe(a!.before.sms_limit._bsontype ?? typeof a!.before.sms_limit);
    expect(String(b!.before.total)).toBe('9007199254740993');
  });

  it.skipIf(!mongoimport)('real mongoimport accepts a fallback file as the runbook says', async () => {
    const e = richEvent('mongoimport');
    const file = path.join(dir, 'mongoimport.jsonl');
    fs.writeFileSync(file, `${line(e)}\n`);
    await run(mongoimport!, [`--uri=${srv.database.uri}`, `--db=${srv.database.name}`, '--collection=audit_logs', '--mode=insert', `--file=${file}`], { timeout: 60_000 });
    const back = await coll().findOne({ _id: e._id });
    expect(back!.ts).toBeInstanceOf(Date);
    expect(back!.ts.getTime()).toBe(e.ts.getTime());
  });

  it('importAuditLines streams a large file in batches and is idempotent', async () => {
    const file = path.join(dir, 'many.jsonl');
    const events = Array.from({ length: 2_500 }, (_, i) => richEvent(`many-${i}`));
    fs.writeFileSync(file, events.map((e) => `${line(e)}\n`).join(''));
    const first = await importAuditLines(file, { db: srv.database.db, key: audit.key, rejectedPath: `${file}.rejected`, batchSize: 1000 });
    expect(first).toMatchObject({ lines: 2_500, inserted: 2_500, duplicates: 0, rejected: 0 });
    const again = await importAuditLines(file, { db: srv.database.db, key: audit.key, rejectedPath: `${file}.rejected`, batchSize: 1000 });
    expect(again).toMatchObject({ lines: 2_500, inserted: 0, duplicates: 2_500, rejected: 0 });
  });
});
