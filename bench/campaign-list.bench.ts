// Campaign list: the real GET /api/w/:slug/campaigns?limit=50 (session, membership, permission,
// validation, the list query, the public mapping) against a bare Fastify route doing the same find.
import type { Db, ObjectId } from 'mongodb';
import { COLLECTIONS } from '../src/server/db/collections.js';
import { usersCollection } from '../src/server/users/user-store.js';
import { workspacesCollection } from '../src/server/workspaces/workspace-store.js';
import type { BenchContext, BenchRow } from './bench-row.js';
import { insertGenerated } from './support/bench-database.js';
import { BENCH_ORIGIN, seededDatabase, signIn, spawnServer } from './support/bench-server.js';
import { benchCampaign, benchWorkspaces } from './support/generated-docs.js';
import { load, type LoadResult } from './support/load.js';
import { formatMs, formatRate, ratioOf, scaled } from './support/measure.js';

const CONNECTIONS = 64;
// 10 workspaces: the one paged holds 10 % of the campaigns (10 k at scale 1).
const WORKSPACES = 10;

const describe = (r: LoadResult) => `${formatRate(r.requestsPerSecond, 'req')}, p95 ${formatMs(r.p95Ms)} (${r.total} answers)`;

/** A few sequential requests (JIT, pools). Not a burst: on the dev database a burst's queries
 * outlive autocannon's connections and would still be running during the measurement. */
async function warmUp(url: string, headers: Record<string, string>): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
    await res.arrayBuffer();
  }
}

const PAGE = 50;

/**
 * Rows the database reads for the list's query (src/server/campaigns/campaign-list.ts: equality on
 * workspace and archived, newest first, keyset cursor), on the first page and on a deep one.
 * Where the database's explain has no executionStats, that is reported as Infinity (a FAIL).
 */
async function documentsReadPerPage(db: Db, workspaceId: ObjectId): Promise<{ first: number; deep: number; worst: number }> {
  const coll = db.collection(COLLECTIONS.campaigns);
  const base = { workspace_id: workspaceId, archived: false };
  const sort = { created_at: -1, _id: -1 } as const;
  const examined = async (filter: object) => {
    const plan = await coll.find(filter).sort(sort).limit(PAGE + 1).explain('executionStats');
    const n = (plan as { executionStats?: { totalDocsExamined?: number } }).executionStats?.totalDocsExamined;
    return typeof n === 'number' ? n : Infinity;
  };
  const [after] = await coll.find(base).sort(sort).skip(PAGE * 99).limit(1).toArray();
  const first = await examined(base);
  const deep = after
    ? await examined({ ...base, $and: [{ $or: [{ created_at: { $lt: after.created_at } }, { created_at: after.created_at, _id: { $lt: after._id } }] }] })
    : first;
  return { first, deep, worst: Math.max(first, deep) };
}

export async function run(scale: number, ctx: BenchContext): Promise<BenchRow> {
  const campaigns = scaled(100_000, scale, 5_000);
  const durationS = scaled(20, scale, 10);
  const seeded = await seededDatabase(ctx.mongoUri, ctx.sim, 'list');
  try {
    const { db, config } = { db: seeded.database.db, config: seeded.config };
    const admin = await usersCollection(db).findOne({ email: config.SEED_SUPER_ADMIN_EMAIL });
    const home = await workspacesCollection(db).findOne({ slug: 'default' });
    if (!admin || !home) throw new Error('the seed did not create the admin and the default workspace');
    const others = benchWorkspaces(WORKSPACES - 1);
    await workspacesCollection(db).insertMany(others);
    const workspaceIds: ObjectId[] = [home._id, ...others.map((w) => w._id)];
    await insertGenerated(db, COLLECTIONS.campaigns, campaigns, (i) => benchCampaign(i, workspaceIds, admin._id));

    const real = await spawnServer('real', seeded.overrides);
    let ours: LoadResult;
    let serverRss: number | null;
    try {
      const cookie = await signIn(real.url, config.SEED_SUPER_ADMIN_EMAIL, config.SEED_SUPER_ADMIN_PASSWORD!);
      const headers = { cookie, origin: BENCH_ORIGIN };
      const probe = await fetch(`${real.url}/api/w/default/campaigns?limit=50`, { headers });
      const body = (await probe.json()) as { items?: unknown[] };
      if (probe.status === 404) throw new Error('route missing: GET /api/w/:slug/campaigns answered 404');
      if (probe.status !== 200 || body.items?.length !== 50) throw new Error(`the list answered ${probe.status} with ${body.items?.length ?? 0} items`);
      await warmUp(`${real.url}/api/w/default/campaigns?limit=50`, headers);
      ours = await load(`${real.url}/api/w/default/campaigns?limit=50`, { connections: CONNECTIONS, durationS, headers });
      serverRss = real.peakRssMiB();
    } finally {
      await real.stop();
    }

    const bare = await spawnServer('bare-campaign-list', seeded.overrides, { BENCH_WORKSPACE_ID: home._id.toHexString() });
    let baseline: LoadResult;
    try {
      await warmUp(`${bare.url}/api/w/default/campaigns?limit=50`, {});
      baseline = await load(`${bare.url}/api/w/default/campaigns?limit=50`, { connections: CONNECTIONS, durationS });
    } finally {
      await bare.stop();
    }

    const read = await documentsReadPerPage(db, home._id);
    const throughput = ratioOf(ours.requestsPerSecond, baseline.requestsPerSecond);
    const p95 = ratioOf(ours.p95Ms, baseline.p95Ms);
    const failures = ours.failures + baseline.failures;
    return {
      path: 'campaign list',
      workload: `50-row page of one workspace (${campaigns} campaigns over ${WORKSPACES} workspaces), ${CONNECTIONS} connections, ${durationS} s (autocannon)`,
      ours: describe(ours),
      baseline: describe(baseline),
      ratio: throughput,
      target: 'p95 ≤ 2×, throughput ≥ 0.5×, documents read per page ≤ 2 × page size',
      pass:
        failures === 0 &&
          ours.total > 0 &&
          baseline.total > 0 &&
          throughput !== null &&
          throughput >= 0.5 &&
          p95 !== null &&
          p95 <= 2 &&
          read.worst <= 2 * (PAGE + 1),
      note:
        `ratio is throughput; p95 ratio ${p95 ?? '—'}×; ${failures} failed or non-2xx responses; server peak RSS ${serverRss ?? '?'} MiB; ` +
        `documents read per ${PAGE + 1}-row query (explain executionStats.totalDocsExamined): first page ${read.first}, page 100 ${read.deep}`,
    };
  } finally {
    await seeded.database.drop();
  }
}
