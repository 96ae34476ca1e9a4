// The state replicas share through MongoDB, on the real (dev) database: each "replica" here is a
// separate RateLimiter / lease holder, as two processes would have.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { RateLimiter } from '../../src/server/http/rate-limiter.js';
import { holdLease, leaseHolder, takeLease } from '../../src/server/db/leases.js';
import { sweepExpired } from '../../src/server/db/expiry-sweeper.js';
import { startIdempotent } from '../../src/server/trigger/idempotency.js';
import { asWorkspaceId } from '../../src/server/db/tenant.js';
import { migrate } from '../../src/server/migrations/migrate.js';
import { testDatabase, type TestDatabase } from '../support/db.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase('replicastate');
  await migrate(database.db, { auditRetentionDays: 90 });
});
afterAll(() => database.drop());

describe('shared rate limits', () => {
  it('hold across replicas: concurrent hits from two limiters never pass the limit', async () => {
    const t = 1_000_000;
    const a = new RateLimiter(database.db, 'login', 10, 60_000, () => t);
    const b = new RateLimiter(database.db, 'login', 10, 60_000, () => t);
    const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).hit('10.0.0.1')));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.filter((w) => w > 0).every((w) => w === 20)).toBe(true);
  });

  it('count exactly when the hits take turns, per key and per window', async () => {
    let t = 2_000_000 * 60_000;
    const a = new RateLimiter(database.db, 'csv', 3, 60_000, () => t);
    const b = new RateLimiter(database.db, 'csv', 3, 60_000, () => t);
    expect([await a.hit('u'), await b.hit('u'), await a.hit('u')]).toEqual([0, 0, 0]);
    expect(await b.hit('u')).toBe(60);
    expect(await a.hit('other')).toBe(0);
    t += 59_500;
    expect(await a.hit('u')).toBe(1);
    t += 500;
    expect(await b.hit('u')).toBe(0);
  });

  it('let hits through while the database is unreachable', async () => {
    const gone = await testDatabase('replicasgone');
    await gone.client.close();
    expect(await new RateLimiter(gone.db, 'x', 1, 60_000).hit('k')).toBe(0);
    await gone.drop();
  });
});

describe('leases', () => {
  it('have one holder; an expired lease is taken over by exactly one contender', async () => {
    const now = new Date();
    expect(await takeLease(database.db, 'poll', 'r1', 1_000, now)).toBe(true);
    expect(await takeLease(database.db, 'poll', 'r2', 1_000, now)).toBe(false);
    expect(await takeLease(database.db, 'poll', 'r1', 1_000, now)).toBe(true);
    const later = new Date(now.getTime() + 1_500);
    const contenders = await Promise.all(['r2', 'r3', 'r4', 'r5'].map((r) => takeLease(database.db, 'poll', r, 1_000, later)));
    expect(contenders.filter(Boolean)).toHaveLength(1);
    expect(await leaseHolder(database.db, 'poll', later)).toMatch(/^r[2-5]$/);
  });

  it('cap concurrent holders with numbered slots and free a slot on release', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, (_, i) => holdLease(database.db, 'stream:u1', `s${i}`, 60_000, 3)));
    expect(held.filter((h) => h !== null)).toHaveLength(3);
    await held.find((h) => h !== null)!.release();
    const again = await holdLease(database.db, 'stream:u1', 's9', 60_000, 3);
    expect(again).not.toBeNull();
    for (const h of [...held, again]) await h?.release();
  });

  it('expired shared state is swept', async () => {
    const past = new Date(Date.now() - 10_000);
    await takeLease(database.db, 'old', 'r1', 1, past);
    expect(await sweepExpired(database.db)).toBeGreaterThanOrEqual(1);
    expect(await database.db.collection('leases').countDocuments({ _id: 'old' as never })).toBe(0);
  });
});

describe('idempotency keys', () => {
  const ws = asWorkspaceId(new ObjectId());
  const token = new ObjectId();

  it('let exactly one of concurrent duplicates go first; the others get its answer', async () => {
    const starts = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const s = await startIdempotent(database.db, ws, token, 'k-1', 'h');
        if (s.kind === 'first') await s.finish({ status: 202, body: { accepted: true, message_id: 'm-1' } });
        return s;
      }),
    );
    expect(starts.filter((s) => s.kind === 'first')).toHaveLength(1);
    for (const s of starts.filter((s) => s.kind === 'replay')) expect(s).toMatchObject({ status: 202, body: { message_id: 'm-1' } });
  });

  it('refuse the same key for another request, and let a retry run after an abandoned call', async () => {
    await expect(startIdempotent(database.db, ws, token, 'k-1', 'other')).rejects.toMatchObject({ status: 422 });
    const first = await startIdempotent(database.db, ws, token, 'k-2', 'h');
    expect(first.kind).toBe('first');
    if (first.kind === 'first') await first.abandon();
    expect((await startIdempotent(database.db, ws, token, 'k-2', 'h')).kind).toBe('first');
  });
});
