// Child-process entry of the campaign list's baseline (the real server runs from dist/, see
// bench-server.ts): a bare Fastify route doing the campaign list's find with the driver, with
// testConfig(BENCH_SERVER_OVERRIDES). Prints one line `bench-server ready <url>` once it listens.
import Fastify from 'fastify';
import { MongoClient, ObjectId } from 'mongodb';
import { testConfig } from '../../test/support/config.js';

const overrides = JSON.parse(process.env.BENCH_SERVER_OVERRIDES ?? '{}') as Record<string, string>;
const config = testConfig(overrides);

async function startBareCampaignList(): Promise<{ url: string; close(): Promise<void> }> {
  const client = new MongoClient(config.mongodbUri, { maxPoolSize: 50, retryWrites: false });
  const campaigns = client.db(config.MONGODB_DB).collection('campaigns');
  const workspaceId = new ObjectId(process.env.BENCH_WORKSPACE_ID);
  const app = Fastify({ logger: false });
  app.get('/api/w/:slug/campaigns', async () => {
    const items = await campaigns.find({ workspace_id: workspaceId, archived: false }).sort({ created_at: -1, _id: -1 }).limit(51).toArray();
    return { items: items.slice(0, 50), next_cursor: null };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: async () => (await app.close(), await client.close()) };
}

const running = await startBareCampaignList();

const shutdown = () => void running.close().finally(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
console.log(`bench-server ready ${running.url}`);
