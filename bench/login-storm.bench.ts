// Login storm: /healthz latency while 200 bcrypt-12 logins run at once, against /healthz alone.
import { ObjectId } from 'mongodb';
import { Pool } from 'undici';
import { hashPassword } from '../src/server/auth/password.js';
import { newUserDoc, usersCollection } from '../src/server/users/user-store.js';
import type { BenchContext, BenchRow } from './bench-row.js';
import { BENCH_ORIGIN, seededDatabase, signIn, spawnServer } from './support/bench-server.js';
import { formatMs, percentile, ratioOf, scaled } from './support/measure.js';

const COST = 12;
const PASSWORD = 'bench-password-1';
const PROBE_GAP_MS = 5;
const BASELINE_MS = 5_000;

/** Sequential /healthz requests on one kept-alive connection, PROBE_GAP_MS apart, until `stop` resolves; sorted latencies. */
async function probeHealthz(probe: Pool, stop: Promise<unknown>): Promise<number[]> {
  let done = false;
  void stop.finally(() => (done = true));
  const latencies: number[] = [];
  const deadline = Date.now() + 600_000;
  while (!done && Date.now() < deadline) {
    const t0 = performance.now();
    const res = await probe.request({ method: 'GET', path: '/healthz', headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) throw new Error(`/healthz answered ${res.statusCode}`);
    latencies.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, PROBE_GAP_MS));
  }
  return latencies.sort((a, b) => a - b);
}

export async function run(scale: number, ctx: BenchContext): Promise<BenchRow> {
  const users = scaled(200, scale, 10);
  const seeded = await seededDatabase(ctx.mongoUri, ctx.sim, 'login', { BCRYPT_COST: String(COST), LOGIN_RATE_PER_IP: '100000' });
  const server = await spawnServer('real', seeded.overrides).catch(async (err: unknown) => {
    await seeded.database.drop();
    throw err;
  });
  const probe = new Pool(server.url, { connections: 1 });
  try {
    // One bcrypt-12 hash shared by every user: hashing 200 distinct ones would add ~1 min of setup
    // and changes nothing measured (each login still runs a full cost-12 verify).
    const passwordHash = await hashPassword(PASSWORD, COST);
    const emails = Array.from({ length: users }, (_, i) => `storm-${i}@example.test`);
    await usersCollection(seeded.database.db).insertMany(emails.map((email) => newUserDoc({
      _id: new ObjectId(),
      email,
      name: email,
      password_hash: passwordHash,
    })));
    await probeHealthz(probe, new Promise((r) => setTimeout(r, 2_000))); // warm-up (JIT, connection)

    const alone = await probeHealthz(probe, new Promise((r) => setTimeout(r, BASELINE_MS)));
    const stormStarted = performance.now();
    const storm = Promise.all(emails.map((email) => signIn(server.url, email, PASSWORD)));
    const during = await probeHealthz(probe, storm);
    await storm;
    const stormMs = performance.now() - stormStarted;

    const p99 = percentile(during, 99);
    const aloneP99 = percentile(alone, 99);
    return {
      path: 'login storm',
      workload: `${users} parallel logins (bcrypt ${COST}) of ${users} distinct users; /healthz probed every ${PROBE_GAP_MS} ms`,
      ours: `/healthz p99 ${formatMs(p99)} (${during.length} probes; storm took ${formatMs(stormMs)})`,
      baseline: `/healthz p99 ${formatMs(aloneP99)} alone`,
      ratio: ratioOf(p99, aloneP99),
      target: '/healthz p99 < 50 ms during the storm',
      pass: p99 < 50,
      note: `every login answered 200 with a session (Origin ${BENCH_ORIGIN}); the users share one cost-${COST} hash (setup only); the server runs in its own process (peak RSS ${server.peakRssMiB() ?? '?'} MiB)`,
    };
  } finally {
    await probe.close();
    await server.stop();
    await seeded.database.drop();
  }
}
