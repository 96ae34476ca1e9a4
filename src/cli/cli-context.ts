import { existsSync } from 'node:fs';
import { ConfigError, loadConfig, loadDatabaseSettings, runtimeMode, type Config, type DatabaseSettings } from '../server/config/config.js';
import type { Env } from '../server/config/env-schema.js';
import { applyEnvFile } from '../server/config/dev-env-file.js';
import { connectDatabase, type Database } from '../server/db/connection.js';

/**
 * The environment `mc` reads: a checkout where `make run` wrote `.env` counts as development
 * unless NODE_ENV says otherwise (so `npx mc backup` there needs no variable: the dev database).
 * Secrets are generated into `.env` only when NODE_ENV itself says development or test (make run).
 */
function cliEnvironment(generateSecrets: boolean): NodeJS.ProcessEnv {
  const env = process.env;
  const declared = runtimeMode(env.NODE_ENV) !== 'production';
  if (!env.NODE_ENV && existsSync('.env')) env.NODE_ENV = 'development';
  if (runtimeMode(env.NODE_ENV) !== 'production') applyEnvFile(env, '.env', generateSecrets && declared);
  return env;
}

/** The settings line of `mc help COMMAND` for the commands that need only the database. */
export const DATABASE_SETTINGS_HELP =
  'Reads MONGODB_URI (unset in a checkout where `make run` wrote .env: the dev database mongodb://127.0.0.1:27018/; required in production), MONGODB_DB (core_admin)';

function orExit<T>(load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`config: ${p}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** The database settings and the `extra` ones the command uses; nothing else is asked for. */
export function databaseSettings<K extends keyof Env = never>(
  extra: readonly K[] = [],
  options: { generateDevSecrets?: boolean } = {},
): DatabaseSettings & Pick<Env, K> {
  return orExit(() => loadDatabaseSettings(cliEnvironment(options.generateDevSecrets ?? false), extra));
}

/** Every setting, as the server reads them (for what talks to Core), or the problems that prevent it. */
export function fullConfig(): Config | ConfigError {
  try {
    return loadConfig(cliEnvironment(false));
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
}

export async function withDatabase<T>(settings: Pick<DatabaseSettings, 'mongodbUri' | 'MONGODB_DB'>, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await connectDatabase(settings.mongodbUri, settings.MONGODB_DB);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
