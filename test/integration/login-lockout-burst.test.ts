// Issue 18: the login lockout under a burst at its expiry, and answers that do not tell a locked
// account from an unknown e-mail (same answer, same bcrypt work).
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as password from '../../src/server/auth/password.js';
import { pruneLoginSlots } from '../../src/server/auth/login.js';
import { newUserDoc } from '../../src/server/users/user-store.js';
import { ApiClient } from '../support/http-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

vi.mock('../../src/server/auth/password.js', async (original) => {
  const m = await original<typeof import('../../src/server/auth/password.js')>();
  return { ...m, verifyPassword: vi.fn(m.verifyPassword) };
});
const verifies = () => vi.mocked(password.verifyPassword).mock.calls.length;

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ LOGIN_LOCKOUT_SECONDS: '2', LOGIN_RATE_PER_IP: '10000' }, 'lockburst');
});
afterAll(async () => srv?.stop());

async function createUser(email: string): Promise<void> {
  const hash = await password.hashPassword('right-password-1', 4);
  await srv.database.db.collection('users').insertOne(newUserDoc({ _id: new ObjectId(), email, name: email, password_hash: hash }));
}

const attempt = (email: string, pw = 'wrong-password-1') =>
  new ApiClient(srv.url).post('/api/auth/login', { email, password: pw }).then((r) => ({ status: r.status, code: r.body?.error?.code as string, retryAfter: r.headers.get('retry-after') }));

/**
 * Ends the lock of `email` now: its run's slots are dated one lockout (plus a second) back, so the
 * server finds the lock over without the test waiting for the clock.
 */
async function lockExpired(email: string): Promise<void> {
  const user = await srv.database.db.collection('users').findOne({ email });
  const run = `${user!._id.toHexString()}:${user!.login_epoch}`;
  const past = new Date(Date.now() - 3_000);
  const slots = srv.database.db.collection<{ _id: string; created_at: Date }>('login_slots');
  const r = await slots.updateMany({ _id: { $in: [1, 2, 3].map((n) => `${run}:${n}`) } }, { $set: { created_at: past } });
  expect(r.matchedCount).toBe(3);
}

describe('login lockout', () => {
  it('a parallel burst at the expiry of a lock gets at most 3 password checks', async () => {
    await createUser('burst@example.test');
    for (let i = 0; i < 3; i++) expect((await attempt('burst@example.test')).code).toBe('invalid_credentials');
    expect((await attempt('burst@example.test')).code).toBe('account_locked');
    for (let round = 0; round < 3; round++) {
      await lockExpired('burst@example.test');
      const burst = await Promise.all(Array.from({ length: 30 }, () => attempt('burst@example.test')));
      const codes = burst.map((b) => b.code);
      expect(codes.filter((c) => c === 'invalid_credentials'), `round ${round}`).toHaveLength(3);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(27);
    }
  });

  it('an attempt that read the user before the run moved on finds the old run used up, not free again', async () => {
    // The interleaving a burst at expiry can produce, made deterministic: the run moves on and its
    // 3 checks are used; then a request that read the user before the move (its epoch is put back
    // here to stand for that read) must not find the old run's slots free for 3 more checks.
    await createUser('stale@example.test');
    for (let i = 0; i < 3; i++) await attempt('stale@example.test');
    const before = (await srv.database.db.collection('users').findOne({ email: 'stale@example.test' }))!.login_epoch as number;
    await lockExpired('stale@example.test');
    const fresh = await Promise.all(Array.from({ length: 3 }, () => attempt('stale@example.test')));
    expect(fresh.map((a) => a.code)).toEqual(Array(3).fill('invalid_credentials'));
    await srv.database.db.collection('users').updateOne({ email: 'stale@example.test' }, { $set: { login_epoch: before } });
    expect((await attempt('stale@example.test')).code).toBe('account_locked');
    expect((await attempt('stale@example.test', 'right-password-1')).code).toBe('account_locked');
  });

  it('an unknown e-mail locks like a real one: same answers, same Retry-After, one bcrypt verify each', async () => {
    await createUser('real@example.test');
    const real: Awaited<ReturnType<typeof attempt>>[] = [];
    const unknown: Awaited<ReturnType<typeof attempt>>[] = [];
    const work: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const [email, answers] of [['real@example.test', real], ['nobody-here@example.test', unknown]] as const) {
        const before = verifies();
        answers.push(await attempt(email));
        work.push(verifies() - before);
      }
    }
    const shape = (a: (typeof real)[number]) => ({ status: a.status, code: a.code, locked: a.retryAfter !== null });
    expect(real.map(shape)).toEqual(unknown.map(shape));
    expect(real.map((a) => a.code)).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'account_locked', 'account_locked']);
    expect(Math.abs(Number(real[4]!.retryAfter) - Number(unknown[4]!.retryAfter))).toBeLessThanOrEqual(1);
    expect(work).toEqual(Array(10).fill(1)); // a locked account costs a bcrypt verify like any other answer
  });

  it('failure slots and unknown e-mails\' runs are pruned a day after their lockout', async () => {
    const slots = srv.database.db.collection<{ _id: string; created_at: Date }>('login_slots');
    const old = new Date(Date.now() - 2 * 86_400_000);
    await slots.insertMany([
      { _id: 'unknown:prune-test', created_at: old },
      { _id: 'unknown:prune-test:3:1', created_at: old },
    ]);
    await attempt('prune-fresh@example.test');
    const fresh = await slots.countDocuments({ created_at: { $gt: new Date(Date.now() - 60_000) } });
    expect(await pruneLoginSlots(srv.database.db, 2)).toBeGreaterThanOrEqual(2);
    expect(await slots.countDocuments({ _id: { $in: ['unknown:prune-test', 'unknown:prune-test:3:1'] } })).toBe(0);
    expect(await slots.countDocuments({ created_at: { $gt: new Date(Date.now() - 60_000) } })).toBe(fresh);
  });
});
