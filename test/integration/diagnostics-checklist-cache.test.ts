// Issue 17 "Moderator and admin tools": every tab polls /api/diagnostics every 5 s; the recovery
// checklist behind it (database reads and the whole audit fallback file) runs at most once a
// minute per server. Observed by counting the checklist's super admin count, not by timing.
import { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RECOVERY_CHECKS_MAX_AGE_MS, recoveryChecklist } from '../../src/server/diagnostics/recovery-check-cache.js';
import type { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { superAdminClient } from './workspaces-fixtures.js';

let srv: TestServer;
let sa: ApiClient;
let checklistRuns = 0;

beforeAll(async () => {
  srv = await startTestServer({}, 'diagcache');
  sa = await superAdminClient(srv);
  const count = Collection.prototype.countDocuments;
  vi.spyOn(Collection.prototype, 'countDocuments').mockImplementation(function (this: Collection, ...args: Parameters<Collection['countDocuments']>) {
    // The super admin line of the checklist: one count per run.
    if (this.collectionName === 'users' && (args[0] as { is_super_admin?: unknown } | undefined)?.is_super_admin === true) checklistRuns++;
    return count.apply(this, args);
  } as Collection['countDocuments']);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await srv?.stop();
});

describe('diagnostics checklist cache', () => {
  it('two requests within a minute (and several at once) run the checklist once and show when it was computed', async () => {
    const first = await sa.get('/api/diagnostics');
    expect(first.status).toBe(200);
    expect(first.body.checks).toHaveLength(6);
    expect(checklistRuns).toBe(1);
    const computedAt = first.body.checksComputedAt as string;
    expect(Date.parse(computedAt)).toBeLessThanOrEqual(Date.now());
    const more = await Promise.all([sa.get('/api/diagnostics'), sa.get('/api/diagnostics'), sa.get('/api/diagnostics')]);
    for (const r of more) expect(r.body.checksComputedAt).toBe(computedAt);
    expect(checklistRuns).toBe(1);
  });

  it('computes it again once a minute old, and later requests show the new time', async () => {
    const before = (await sa.get('/api/diagnostics')).body.checksComputedAt as string;
    const runs = checklistRuns;
    const fresh = await recoveryChecklist(srv.app, Date.now() + RECOVERY_CHECKS_MAX_AGE_MS + 1);
    expect(checklistRuns).toBe(runs + 1);
    expect(fresh.computedAt.toISOString() > before || fresh.computedAt.toISOString() === before).toBe(true);
    const after = await sa.get('/api/diagnostics');
    expect(after.body.checksComputedAt).toBe(fresh.computedAt.toISOString());
    expect(checklistRuns).toBe(runs + 1);
  });

  it('each check carries a message code and values the console translates, and a fix code when not ok', async () => {
    const { body } = await sa.get('/api/diagnostics');
    const byId = Object.fromEntries((body.checks as { id: string }[]).map((c) => [c.id, c]));
    expect(byId.schema).toMatchObject({ ok: true, summary: { code: 'schema_version', values: { version: body.expectedSchemaVersion } }, fixCode: null });
    expect(byId.super_admin).toMatchObject({ ok: true, summary: { code: 'super_admins', values: { count: 1 } } });
    expect(byId.audit_fallback).toMatchObject({ summary: { code: 'audit_fallback', values: { fallbackBytes: 0, fallbackLines: 0 } } });
    for (const c of body.checks as { ok: boolean; fix: string | null; fixCode: string | null }[]) expect(c.fixCode === null, JSON.stringify(c)).toBe(c.ok);
  });
});
