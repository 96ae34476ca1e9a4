import { ConfigError, loadConfig, runtimeMode, type Config } from '../server/config/config.js';
import { applyEnvFile } from '../server/config/dev-env-file.js';
import { connectDatabase, type Database } from '../server/db/connection.js';

export function cliConfig(): Config {
  if (runtimeMode(process.env.NODE_ENV) !== 'production') applyEnvFile(process.env, '.env', true);
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`config: ${p}\n`);
      process.exit(2);
    }
    throw err;
  }
}

export async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await connectDatabase(config.mongodbUri, config.MONGODB_DB);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
