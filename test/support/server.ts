import { startServer, type RunningServer, type StartOptions } from '../../src/server/start-server.js';
import { seed } from '../../src/server/seed/seed.js';
import { testConfig } from './config.js';
import { testDatabase, type TestDatabase } from './db.js';
import { ApiClient } from './http-client.js';

export interface TestServer extends RunningServer {
  database: TestDatabase;
  superAdmin: { email: string; password: string };
  client(): ApiClient;
  stop(): Promise<void>;
}

/** The real server on a free port over this file's own seeded database. */
export async function startTestServer(overrides: Record<string, string> = {}, label = 'srv', options: StartOptions = {}): Promise<TestServer> {
  const database = await testDatabase(label);
  const config = testConfig({ MONGODB_URI: database.uri, MONGODB_DB: database.name, ...overrides });
  await seed(database.db, config);
  const running = await startServer(config, options);
  for (let i = 0; i < 100 && !running.app.dbState.ready; i++) await new Promise((r) => setTimeout(r, 50));
  return {
    ...running,
    database,
    superAdmin: { email: config.SEED_SUPER_ADMIN_EMAIL, password: config.SEED_SUPER_ADMIN_PASSWORD! },
    client: () => new ApiClient(running.url),
    stop: async () => {
      await running.close();
      await database.drop();
    },
  };
}
