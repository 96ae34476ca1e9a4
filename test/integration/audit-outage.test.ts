import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditEvent, type AuditLog } from '../../src/server/audit/audit-log.js';
import { SYSTEM_ACTOR } from '../../src/server/audit/audit-event.js';
import { verifyAuditDocument } from '../../src/server/audit/audit-mac.js';
import { startServer } from '../../src/server/start-server.js';
import { testConfig } from '../support/config.js';
import { freePort } from '../support/free-port.js';
import { startPrivateDbServer, type PrivateDbServer } from '../support/private-db-server.js';

let srv: PrivateDbServer;
beforeAll(async () => {
  srv = await startPrivateDbServer();
});
afterAll(async () => {
  await srv?.stop();
});

const event = (i: number) =>
  buildAuditEvent({ action: 'campaign.paused', workspaceId: null, resource: { type: 'campaign', id: `c-${i}` }, after: { i } }, { actor: SYSTEM_ACTOR, ip: null, userAgent: null, requestId: `outage-${i}` });

// Each test stops and starts a real database process (PostgreSQL + FerretDB), which takes
// tens of seconds on a busy 2-core machine.
const OUTAGE_TEST_MS = 420_000;

const until = async (what: string, condition: () => boolean) => {
  const deadline = Date.now() + 120_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const fallbackLines = () => (fs.existsSync(srv.fallbackFile) ? fs.readFileSync(srv.fallbackFile, 'utf8').split('\n').filter(Boolean).length : 0);

describe('audit log across a real database outage', () => {
  it('records every event exactly once: DB, then fallback file while down, then drained when back', { timeout: OUTAGE_TEST_MS }, async () => {
    const audit = srv.app.audit as AuditLog;
    const written: ObjectId[] = [];
    let i = 0;
    let stop = false;
    const failures: unknown[] = [];
    // Four writers in a stream, through the outage and after it.
    const writers = Array.from({ length: 4 }, async () => {
      while (!stop && i < 50_000) {
        await new Promise((r) => setTimeout(r, 5));
        const e = event(i++);
        try {
          await audit.write(e);
          written.push(e._id);
        } catch (err) {
          failures.push(err);
        }
      }
    });

    // A signed-in user whose refused state-changing request is audited (authz.denied) over HTTP.
    const admin = srv.client();
    await admin.login(srv.superAdmin.email, srv.superAdmin.password);
    const created = await admin.post('/api/admin/users', { email: 'plain@example.test', name: 'Plain' });
    expect(created.status).toBe(201);
    const plain = srv.client();
    await plain.login('plain@example.test', created.body.temporary_password);
    const changed = await plain.post('/api/me/password', { current_password: created.body.temporary_password, new_password: 'plain-password-42' });
    expect(changed.status).toBeLessThan(300);
    await plain.login('plain@example.test', 'plain-password-42');
    expect((await plain.get('/api/me')).status).toBe(200);

    try {
      await until('events written to the database before the outage', () => written.length >= 40);
      await srv.stopDb();
      const refused = await plain.post('/api/admin/users', { email: 'x@example.test', name: 'X' });
      expect(refused.status).toBe(403);
      await until('events in the fallback file while the database is away', () => fallbackLines() > 4);
      await srv.startDb();
      const afterReturn = written.length;
      await until('events written after the database is back', () => written.length >= afterReturn + 40);
    } finally {
      stop = true;
      await Promise.all(writers);
    }
    const trigger = event(-1);
    await audit.write(trigger); // the next successful write starts the drain
    written.push(trigger._id);
    await audit.idle();
    await audit.drainNow(); // also covers a drain started while an earlier one ran

    expect(failures).toEqual([]);
    expect(written.length).toBeGreaterThan(100);
    expect(fs.existsSync(srv.fallbackFile)).toBe(false);
    expect(fs.existsSync(`${srv.fallbackFile}.draining`)).toBe(false);
    const docs = await srv.db.collection('audit_logs').find({ request_id: { $regex: '^outage-' } }).toArray();
    const ids = docs.map((d) => String(d._id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(written.map(String)));
    expect(docs.every((d) => verifyAuditDocument(d, audit.key))).toBe(true);
    const denied = await srv.db.collection('audit_logs').countDocuments({ action: 'authz.denied', 'actor.email': 'plain@example.test' });
    expect(denied).toBe(1);
  });

  it('refuses loudly (503 audit_unavailable) when the fallback file is full or unsafe, and never drops silently', { timeout: OUTAGE_TEST_MS }, async () => {
    // A server whose database is away from the start (nothing listens on its port): no restart needed.
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-outage-'));
    const fallbackFile = path.join(tmpDir, 'audit-fallback.jsonl');
    const away = await startServer(testConfig({ MONGODB_URI: `mongodb://127.0.0.1:${await freePort()}/`, MONGODB_DB: 'mc', AUDIT_FALLBACK_FILE: fallbackFile }));
    try {
      const audit = away.app.audit as AuditLog;
      const kept = event(899);
      await audit.write(kept);
      expect(fs.readFileSync(fallbackFile, 'utf8')).toContain(String(kept._id));
      fs.truncateSync(fallbackFile, 200 * 1024 * 1024); // sparse: the size is what counts
      const full = await audit.write(event(900)).catch((e: unknown) => e);
      expect(full).toMatchObject({ status: 503, code: 'audit_unavailable' });
      fs.rmSync(fallbackFile);
      fs.symlinkSync(path.join(tmpDir, 'elsewhere'), fallbackFile);
      const unsafe = await audit.write(event(901)).catch((e: unknown) => e);
      expect(unsafe).toMatchObject({ status: 503, code: 'audit_unavailable' });
      expect(fs.existsSync(path.join(tmpDir, 'elsewhere'))).toBe(false);
    } finally {
      await away.close();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  });
});
